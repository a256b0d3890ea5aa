// Helpers of the workspace browser tests: the company's people (as test/support/company.ts casts
// them) created through the API, and records set up through the API as those people.
import { expect } from 'vitest';
import { adminPassword, type BrowserWorld } from '../support/browser.js';

/**
 * expect.poll with room for a slow, shared machine: what the page should come to show, however
 * long the server takes to answer (up to 15 s), never how fast.
 */
export function poll<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 15_000, interval: 100 });
}

/** Username → department and roles; `manages` makes them their department's manager. */
const CAST: Readonly<Record<string, { displayName: string; department: string; roles: string[]; manages?: boolean }>> = {
  ceo: { displayName: 'Chen Wei (CEO)', department: 'management', roles: ['executive'], manages: true },
  cfo: { displayName: 'Lin Fang (CFO)', department: 'management', roles: ['executive'] },
  sam: { displayName: 'Sam Sun', department: 'sales', roles: ['employee', 'salesperson'] },
  sara: { displayName: 'Sara Song', department: 'sales', roles: ['employee', 'salesperson'] },
  sal: { displayName: 'Sal Shen', department: 'sales', roles: ['employee', 'manager'], manages: true },
  fiona: { displayName: 'Fiona Fu', department: 'finance', roles: ['employee', 'finance-officer'] },
  fred: { displayName: 'Fred Feng', department: 'finance', roles: ['employee', 'manager', 'reviewer'], manages: true },
};

export const passwordOf = (username: string) => `${username}-password`;

export interface People {
  readonly ids: Readonly<Record<string, string>>;
  /** GraphQL as one of the people; throws on errors. */
  as<T = Record<string, unknown>>(username: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Takes an action at the record's current version. */
  move(username: string, id: string, action: string, comment?: string): Promise<void>;
  /** Decides the person's pending approval on the record. */
  decide(username: string, id: string, decision: 'APPROVE' | 'REJECT', comment?: string): Promise<void>;
}

export async function createPeople(world: BrowserWorld, usernames: readonly string[]): Promise<People> {
  const adminToken = await world.tokenOf('admin', adminPassword);
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  for (const username of usernames) {
    const profile = CAST[username];
    if (!profile) throw new Error(`No one called ${username} in the cast`);
    ids[username] = await world.createUser({ username, password: passwordOf(username), displayName: profile.displayName, department: profile.department, roles: profile.roles });
    if (profile.manages) {
      await world.api('mutation($d: String!, $u: ID) { setDepartmentManager(department: $d, user: $u) { key } }', { d: profile.department, u: ids[username] }, adminToken);
    }
    tokens[username] = await world.tokenOf(username, passwordOf(username));
  }
  const as = <T,>(username: string, query: string, variables?: Record<string, unknown>) => world.api<T>(query, variables, tokens[username]);
  const versionOf = async (username: string, id: string) => (await as<{ record: { version: number } }>(username, 'query($id: ID!) { record(id: $id) { version } }', { id })).record.version;
  return {
    ids,
    as,
    async move(username, id, action, comment) {
      const v = await versionOf(username, id);
      await as(username, 'mutation($id: ID!, $a: String!, $v: Int!, $c: String) { transition(id: $id, action: $a, expectedVersion: $v, comment: $c) { id } }', { id, a: action, v, c: comment });
    },
    async decide(username, id, decision, comment) {
      const { record } = await as<{ record: { approvals: { id: string; state: string; approvers: { id: string }[] }[] } }>(
        username,
        'query($id: ID!) { record(id: $id) { approvals { id state approvers { id } } } }',
        { id },
      );
      const mine = record.approvals.find((a) => a.state === 'PENDING' && a.approvers.some((p) => p.id === ids[username]));
      if (!mine) throw new Error(`${username} has no pending approval on ${id}`);
      await as(username, 'mutation($id: ID!, $d: ApprovalDecision!, $c: String) { decideApproval(id: $id, decision: $d, comment: $c) { id } }', { id: mine.id, d: decision, c: comment });
    },
  };
}

/** Creates a record through the API; returns its id. */
export async function createRecord(people: People, username: string, procedure: string, data: Record<string, unknown>): Promise<string> {
  const result = await people.as<{ createRecord: { id: string } }>(username, 'mutation($p: String!, $data: JSON!) { createRecord(procedure: $p, data: $data) { id } }', { p: procedure, data });
  return result.createRecord.id;
}

/** The sales department's approved budget for a year (finance.budget), as sal, fiona and the CEO approve it. */
export async function approvedBudget(people: People, year: number, basis: string, amount: string): Promise<string> {
  const id = await createRecord(people, 'sal', 'finance.budget', { budgetYear: year, basis, lines: [{ category: 'marketing', item: 'Trade fairs', amount }] });
  await people.move('sal', id, 'submit');
  await people.move('fiona', id, 'forward');
  await people.decide('ceo', id, 'APPROVE');
  await people.move('ceo', id, 'approve');
  return id;
}
