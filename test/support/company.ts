import { expect } from 'vitest';
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
  /** Reads record `id` as `who`, selecting `fields` (GraphQL selection of `Record`). */
  record<T = RecordFields>(who: string, id: string, fields?: string): Promise<T>;
  /** Creates a record of `procedure` as `who`, returning `fields` of it. */
  create<T = RecordFields>(who: string, procedure: string, data: Record<string, unknown>, fields?: string): Promise<T>;
  /** Updates record `id` as `who` at its current version (read first), returning `fields` of it. */
  update<T = RecordFields>(who: string, id: string, data: Record<string, unknown>, fields?: string): Promise<T>;
  /** Takes `action` on record `id` as `who` at its current version (read first), returning `fields` of it. */
  transition<T = RecordFields>(who: string, id: string, action: string, options?: TransitionOptions): Promise<T>;
  /** Takes `action` on record `id` at its current version expecting a refusal; returns its code and reasons. */
  refusedTransition(who: string, id: string, action: string, options?: TransitionOptions): Promise<{ code: unknown; reasons: Reason[] }>;
  /** Takes `action` expecting it to be refused with TRANSITION_BLOCKED; returns the reasons. */
  blockedReasons(who: string, id: string, action: string, options?: TransitionOptions): Promise<Reason[]>;
  /** The pending approval on record `id` that asks `who`; fails when there is none. */
  pendingApproval(who: string, id: string): Promise<PendingApproval>;
  /** Decides `who`'s pending approval on record `id`. */
  decide(who: string, id: string, decision: 'APPROVE' | 'REJECT', comment?: string): Promise<void>;
  close(): Promise<void>;
}

/** A record as the helpers return it when no type is given. */
export type RecordFields = Record<string, unknown>;
/** Why a transition was blocked. */
export interface Reason { kind: string; key: string; message: { en: string; 'zh-CN': string } }
/** An approval as `pendingApproval` reads it. */
export interface PendingApproval { id: string; gate: string; level: number; state: string; approvers: { username: string }[] }
export interface TransitionOptions {
  comment?: string;
  data?: Record<string, unknown>;
  /** The selection returned by `transition`; `id version stage { key }` unless given. */
  fields?: string;
}

const DEFAULT_FIELDS = 'id version stage { key }';
const APPROVAL_FIELDS = 'approvals { id gate level state approvers { username } }';
const transitionMutation = (fields: string) =>
  `mutation($id: ID!, $action: String!, $v: Int!, $comment: String, $data: JSON) { transition(id: $id, action: $action, expectedVersion: $v, comment: $comment, data: $data) { ${fields} } }`;

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
  const company: Company = {
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
    async record<T>(who: string, id: string, fields = DEFAULT_FIELDS) {
      return (await company.ok(who, `query($id: ID!) { record(id: $id) { ${fields} } }`, { id })).record as T;
    },
    async create<T>(who: string, procedure: string, data: Record<string, unknown>, fields = DEFAULT_FIELDS) {
      const result = await company.ok(who, `mutation($p: String!, $data: JSON!) { createRecord(procedure: $p, data: $data) { ${fields} } }`, { p: procedure, data });
      return result.createRecord as T;
    },
    async update<T>(who: string, id: string, data: Record<string, unknown>, fields = DEFAULT_FIELDS) {
      const { version } = await company.record<{ version: number }>(who, id, 'version');
      const result = await company.ok(who, `mutation($id: ID!, $data: JSON!, $v: Int!) { updateRecord(id: $id, data: $data, expectedVersion: $v) { ${fields} } }`, { id, data, v: version });
      return result.updateRecord as T;
    },
    async transition<T>(who: string, id: string, action: string, { comment, data, fields = DEFAULT_FIELDS }: TransitionOptions = {}) {
      const { version } = await company.record<{ version: number }>(who, id, 'version');
      return (await company.ok(who, transitionMutation(fields), { id, action, v: version, comment, data })).transition as T;
    },
    async refusedTransition(who, id, action, { comment, data }: TransitionOptions = {}) {
      const { version } = await company.record<{ version: number }>(who, id, 'version');
      const error = await company.refused(who, transitionMutation('id'), { id, action, v: version, comment, data });
      return { code: error.extensions?.code, reasons: (error.extensions?.reasons ?? []) as Reason[] };
    },
    async blockedReasons(who, id, action, options) {
      const { code, reasons } = await company.refusedTransition(who, id, action, options);
      expect(code).toBe('TRANSITION_BLOCKED');
      return reasons;
    },
    async pendingApproval(who, id) {
      const { approvals } = await company.record<{ approvals: PendingApproval[] }>(who, id, APPROVAL_FIELDS);
      const approval = approvals.find((a) => a.state === 'PENDING' && a.approvers.some((p) => p.username === who));
      if (!approval) throw new Error(`${who} has no pending approval on ${id}: ${JSON.stringify(approvals)}`);
      return approval;
    },
    async decide(who, id, decision, comment) {
      const approval = await company.pendingApproval(who, id);
      await company.ok(who, 'mutation($id: ID!, $decision: ApprovalDecision!, $comment: String) { decideApproval(id: $id, decision: $decision, comment: $comment) { state } }', { id: approval.id, decision, comment });
    },
    close: () => t.close(),
  };
  return company;
}
