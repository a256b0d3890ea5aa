import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type GraphQLResponse, type TestApp } from '../support/app.js';
import { definitionsWithRiskNote } from '../support/world.js';

// An external client with API tokens walks a budget adjustment through the generic contract.
// The fixture gains a `riskNote` that only finance officers may read.
let t: TestApp;
const tokens: Record<string, string> = {};
let recordId: string;

beforeAll(async () => {
  const dir = await definitionsWithRiskNote();
  t = await createTestApp(dir);
  tokens.alice = (await t.user('alice', { department: 'sales' })).token;
  tokens.mona = (await t.user('mona', { department: 'sales', roles: ['employee', 'manager'], manages: true })).token;
  tokens.fiona = (await t.user('fiona', { department: 'finance', roles: ['finance-officer'] })).token;
  tokens.eve = (await t.user('eve', { department: 'production' })).token;
});
afterAll(async () => {
  await t?.close();
});

const RECORD = `id stage { key label } version data actions { key allowed reasons { kind key message } } approvals { id gate state approvers { username } }`;

async function ok(as: string, query: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await t.graphql(query, { token: tokens[as], variables });
  expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
  return result.body.data!;
}

async function refused(as: string, query: string, variables?: Record<string, unknown>): Promise<NonNullable<GraphQLResponse['body']['errors']>[number]> {
  const result = await t.graphql(query, { token: tokens[as], variables });
  expect(result.body.errors, `expected ${as} to be refused`).toBeDefined();
  return result.body.errors![0]!;
}

type RecordResult = { id: string; version: number; stage: { key: string }; data: Record<string, unknown>; approvals: { id: string; state: string; approvers: { username: string }[] }[] };

describe('a budget adjustment through the generic API', () => {
  it('is created and submitted by its author', async () => {
    const created = (await ok('alice', `mutation($data: JSON!) { createRecord(procedure: "test.budget-adjustment", data: $data) { ${RECORD} } }`, {
      data: { title: 'Trade fair', currentAmount: 200000, requestedAmount: '350000' },
    })).createRecord as RecordResult & { actions: { key: string; allowed: boolean }[] };
    recordId = created.id;
    expect(created).toMatchObject({ stage: { key: 'draft' }, version: 1, data: { increase: '150000.00', requestedAmount: '350000.00' } });
    expect(created.actions.find((a) => a.key === 'submit')?.allowed).toBe(true);

    const submitted = (await ok('alice', `mutation { transition(id: "${recordId}", action: "submit", expectedVersion: 1) { ${RECORD} } }`)).transition as RecordResult;
    expect(submitted.stage.key).toBe('review');
    expect(submitted.approvals).toEqual([{ id: expect.any(String), gate: 'increase-approval', state: 'PENDING', approvers: [{ username: 'mona' }] }]);
  });

  it('shows finance why it cannot approve yet, and refuses the attempt with the same reasons', async () => {
    const record = (await ok('fiona', `{ record(id: "${recordId}") { ${RECORD} } }`)).record as { actions: { key: string; allowed: boolean; reasons: { kind: string }[] }[]; version: number };
    const approve = record.actions.find((a) => a.key === 'approve')!;
    expect(approve.allowed).toBe(false);
    expect(approve.reasons.map((r) => r.kind)).toEqual(['field', 'gate']);
    const error = await refused('fiona', `mutation { transition(id: "${recordId}", action: "approve", expectedVersion: ${record.version}) { id } }`);
    expect(error.extensions).toMatchObject({ code: 'TRANSITION_BLOCKED', reasons: [{ kind: 'field', key: 'approvedOn' }, { kind: 'gate', key: 'increase-approval' }] });
  });

  it('reaches the department manager and then finance through myTasks and decideApproval', async () => {
    const monaTasks = (await ok('mona', '{ myTasks { totalCount nodes { id approvals { id state approvers { username } } } } }')).myTasks as { totalCount: number; nodes: RecordResult[] };
    expect(monaTasks.nodes.map((n) => n.id)).toContain(recordId);
    const monaApproval = monaTasks.nodes.find((n) => n.id === recordId)!.approvals.find((a) => a.state === 'PENDING' && a.approvers[0]?.username === 'mona')!;
    const decided = (await ok('mona', `mutation { decideApproval(id: "${monaApproval.id}", decision: APPROVE, comment: "Fine") { state decidedBy { username } comment } }`)).decideApproval;
    expect(decided).toEqual({ state: 'APPROVED', decidedBy: { username: 'mona' }, comment: 'Fine' });

    const fionaTasks = (await ok('fiona', '{ myTasks { nodes { id approvals { id state approvers { username } } } } }')).myTasks as { nodes: RecordResult[] };
    const fionaApproval = fionaTasks.nodes.find((n) => n.id === recordId)!.approvals.find((a) => a.state === 'PENDING')!;
    expect(fionaApproval.approvers).toEqual([{ username: 'fiona' }]);
    await ok('fiona', `mutation { decideApproval(id: "${fionaApproval.id}", decision: APPROVE) { state } }`);
  });

  it('is approved once the date is set, with the history of every step', async () => {
    const before = (await ok('fiona', `{ record(id: "${recordId}") { version } }`)).record as { version: number };
    const updated = (await ok('fiona', `mutation($data: JSON!) { updateRecord(id: "${recordId}", data: $data, expectedVersion: ${before.version}) { version data } }`, {
      data: { approvedOn: '2026-11-30', riskNote: 'Exchange rate exposure' },
    })).updateRecord as { version: number; data: Record<string, unknown> };
    expect(updated.data.riskNote).toBe('Exchange rate exposure');
    const done = (await ok('fiona', `mutation { transition(id: "${recordId}", action: "approve", expectedVersion: ${updated.version}, idempotencyKey: "approve-1") { stage { key label(locale: "zh-CN") } overdue dueAt history { type fromStage toStage actor { username } } } }`)).transition as {
      stage: { key: string; label: string };
      history: { type: string; actor: { username: string } | null }[];
    };
    expect(done.stage).toEqual({ key: 'approved', label: '已批准' });
    expect(done.history.map((h) => h.type)).toEqual([
      'created', 'transitioned', 'approval-requested', 'approval-decided', 'approval-requested', 'approval-decided', 'gate-approved', 'updated', 'transitioned',
    ]);
  });

  it('never shows the restricted field to anyone but finance, in records, lists or history', async () => {
    for (const who of ['alice', 'mona']) {
      const record = (await ok(who, `{ record(id: "${recordId}") { data history { changes } } }`)).record as { data: Record<string, unknown>; history: { changes: unknown }[] };
      expect(record.data).not.toHaveProperty('riskNote');
      expect(JSON.stringify(record.history)).not.toContain('riskNote');
      expect(JSON.stringify(record.history)).not.toContain('Exchange rate');
      const list = (await ok(who, '{ records(procedure: "test.budget-adjustment") { nodes { id data } } }')).records as { nodes: { data: Record<string, unknown> }[] };
      expect(JSON.stringify(list)).not.toContain('Exchange rate');
      // Nor can it be found or filtered on, which would reveal it as surely.
      expect((await ok(who, '{ records(search: "Exchange rate") { totalCount } }')).records).toEqual({ totalCount: 0 });
      expect((await refused(who, '{ records(where: { riskNote: "Exchange rate exposure" }) { totalCount } }')).extensions?.code).toBe('FORBIDDEN');
    }
    expect((await ok('fiona', '{ records(search: "Exchange rate") { totalCount } }')).records).toEqual({ totalCount: 1 });
  });
});

describe('a user of another department', () => {
  it('cannot read the record, nor find it in records or myTasks', async () => {
    const error = await refused('eve', `{ record(id: "${recordId}") { id data } }`);
    expect(error.extensions?.code).toBe('FORBIDDEN');
    const typed = await refused('eve', `{ testBudgetAdjustment(id: "${recordId}") { id data { title } } }`);
    expect(typed.extensions?.code).toBe('FORBIDDEN');
    const list = (await ok('eve', '{ records { totalCount nodes { id } } myTasks { totalCount } }')) as { records: { totalCount: number; nodes: unknown[] }; myTasks: { totalCount: number } };
    expect(list.records).toEqual({ totalCount: 0, nodes: [] });
    expect(list.myTasks.totalCount).toBe(0);
  });

  it('gets FORBIDDEN on every mutation of it', async () => {
    const mutations = [
      `mutation { updateRecord(id: "${recordId}", data: { title: "x" }, expectedVersion: 1) { id } }`,
      `mutation { transition(id: "${recordId}", action: "withdraw", comment: "x", expectedVersion: 1) { id } }`,
      `mutation { addComment(recordId: "${recordId}", body: "hello") { id } }`,
    ];
    for (const mutation of mutations) expect((await refused('eve', mutation)).extensions?.code).toBe('FORBIDDEN');
  });
});

describe('records lists', () => {
  it('filter on a data field, page with cursors and count', async () => {
    for (const amount of ['210000', '220000', '230000']) {
      await ok('alice', `mutation($data: JSON!) { createRecord(procedure: "test.budget-adjustment", data: $data) { id } }`, { data: { title: `Page ${amount}`, currentAmount: 200000, requestedAmount: amount } });
    }
    const query = `query($after: String) { records(procedure: "test.budget-adjustment", where: { requestedAmount: { gte: 215000, lt: 400000 } }, orderBy: "data.requestedAmount asc", first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { data } } }`;
    const first = (await ok('alice', query)).records as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { data: { requestedAmount: string } }[] };
    expect(first.totalCount).toBe(3);
    expect(first.nodes.map((n) => n.data.requestedAmount)).toEqual(['220000.00', '230000.00']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await ok('alice', query, { after: first.pageInfo.endCursor })).records as typeof first;
    expect(second.nodes.map((n) => n.data.requestedAmount)).toEqual(['350000.00']);
    expect(second.pageInfo.hasNextPage).toBe(false);

    const eq = (await ok('alice', '{ records(where: { title: "Page 220000" }) { totalCount nodes { title } } }')).records;
    expect(eq).toEqual({ totalCount: 1, nodes: [{ title: 'Page 220000' }] });
    const search = (await ok('alice', '{ records(search: "trade fair") { totalCount } }')).records;
    expect(search).toEqual({ totalCount: 1 });
  });

  it('refuses a where value nested deep as a BAD_REQUEST naming the key, not an internal error', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 2000; i++) deep = { a: deep };
    for (const value of [deep, [[['x']]], { eq: [{ a: 1 }] }]) {
      const result = await t.graphql('query($w: JSON) { records(where: $w) { totalCount } }', { token: tokens.alice, variables: { w: { constructor: value } } });
      expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect(result.body.errors?.[0]?.message).toMatch(/^where\.constructor\./);
    }
  });
});
