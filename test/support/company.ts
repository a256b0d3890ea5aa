import { createTestApp, type GraphQLResponse, type TestApp } from './app.js';
import { shippedDefinitionsDir } from './fixtures.js';

/**
 * The shipped company (definitions/) on a fresh database, with one user per post the procedures
 * name. Scenario tests of the company's procedures drive it through the GraphQL API.
 */
export interface Company {
  readonly t: TestApp;
  /** The ids and tokens of the cast, by username. */
  readonly people: Readonly<Record<string, { id: string; token: string }>>;
  /** Runs a document as `who` and returns its data, failing the test on any error. */
  ok(who: string, query: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Runs a document as `who` expecting a refusal; returns the first error. */
  refused(who: string, query: string, variables?: Record<string, unknown>): Promise<NonNullable<GraphQLResponse['body']['errors']>[number]>;
  close(): Promise<void>;
}

/** Username → department, roles, and whether they manage their department. */
export const CAST: Readonly<Record<string, { department: string; roles: string[]; manages?: boolean }>> = {
  ceo: { department: 'management', roles: ['executive'], manages: true },
  cfo: { department: 'management', roles: ['executive'] },
  mia: { department: 'market', roles: ['employee', 'market-analyst'] },
  max: { department: 'market', roles: ['employee', 'manager', 'reviewer'], manages: true },
  rita: { department: 'rnd', roles: ['employee', 'engineer'] },
  raj: { department: 'rnd', roles: ['employee', 'manager', 'reviewer'], manages: true },
  tess: { department: 'rnd', roles: ['employee', 'tester'] },
  pia: { department: 'production', roles: ['employee', 'production-planner'] },
  pete: { department: 'production', roles: ['employee', 'manager', 'reviewer'], manages: true },
  bob: { department: 'production', roles: ['employee', 'buyer'] },
  quinn: { department: 'production', roles: ['employee', 'quality-inspector'] },
  wendy: { department: 'production', roles: ['employee', 'warehouse-keeper'] },
  sam: { department: 'sales', roles: ['employee', 'salesperson'] },
  sara: { department: 'sales', roles: ['employee', 'salesperson'] },
  sal: { department: 'sales', roles: ['employee', 'manager'], manages: true },
  cleo: { department: 'service', roles: ['employee', 'service-agent'] },
  carl: { department: 'service', roles: ['employee', 'manager'], manages: true },
  fiona: { department: 'finance', roles: ['employee', 'finance-officer'] },
  fred: { department: 'finance', roles: ['employee', 'manager', 'reviewer'], manages: true },
  hana: { department: 'hr', roles: ['employee', 'hr-officer'] },
  hugo: { department: 'hr', roles: ['employee', 'manager'], manages: true },
};

export async function createCompany(): Promise<Company> {
  const t = await createTestApp(shippedDefinitionsDir);
  const people: Record<string, { id: string; token: string }> = {};
  for (const [username, profile] of Object.entries(CAST)) people[username] = await t.user(username, profile);
  const run = async (who: string, query: string, variables?: Record<string, unknown>) => {
    const person = people[who];
    if (!person) throw new Error(`No one called ${who} in the cast`);
    return (await t.graphql(query, { token: person.token, variables })).body;
  };
  return {
    t,
    people,
    async ok(who, query, variables) {
      const body = await run(who, query, variables);
      if (body.errors) throw new Error(`${who}: ${JSON.stringify(body.errors, null, 2)}`);
      return body.data!;
    },
    async refused(who, query, variables) {
      const body = await run(who, query, variables);
      if (!body.errors) throw new Error(`${who} was not refused: ${JSON.stringify(body.data)}`);
      return body.errors[0]!;
    },
    close: () => t.close(),
  };
}
