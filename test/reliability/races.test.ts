import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReliabilityApp, codesOf, type GraphQLBody, type ReliabilityApp } from '../support/reliability-app.js';
import { readProcedureShape, readStoredRecords, recordProblems, type ProcedureShape } from '../support/reliability-history.js';
import { engineDefinitionsDir } from '../support/world.js';

// Many clients act on the same records at the same moment, through the GraphQL API.
// The design review's gate asks three reviewers (R&D, market, production) with a quorum of two:
// the case where a lost update would pass a gate on one approval, or count one twice.
const PROCEDURE = 'test.design-review';
const RECORDS = 12;
const SUBMITTERS = 8;

let t: ReliabilityApp;
let shape: ProcedureShape;
const people: Record<string, { id: string; token: string }> = {};
const REVIEWERS = ['raj', 'max', 'pete'] as const;

beforeAll(async () => {
  t = await createReliabilityApp(engineDefinitionsDir);
  shape = await readProcedureShape(path.join(engineDefinitionsDir, 'test/design-review.yaml'));
  people.rita = await t.user('rita', { department: 'rnd', roles: ['employee'] });
  people.raj = await t.user('raj', { department: 'rnd', roles: ['employee', 'reviewer'] });
  people.max = await t.user('max', { department: 'market', roles: ['employee', 'reviewer'] });
  people.pete = await t.user('pete', { department: 'production', roles: ['employee', 'reviewer'] });
});
afterAll(async () => {
  await t?.close();
});

const TRANSITION = 'mutation($id: ID!, $a: String!, $v: Int!) { transition(id: $id, action: $a, expectedVersion: $v) { id version stage { key } } }';
const DECIDE = 'mutation($id: ID!, $d: ApprovalDecision!, $c: String) { decideApproval(id: $id, decision: $d, comment: $c) { id state } }';
const as = (who: string) => people[who]!.token;

/** A small deterministic generator, so that a failure can be replayed from the printed seed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('concurrent commands on the same records', () => {
  let ids: string[] = [];

  it('lets exactly one of many identical submits through; every other client gets VERSION_CONFLICT', async () => {
    ids = await Promise.all(
      Array.from({ length: RECORDS }, async (_, i) => {
        const body = await t.graphql('mutation($d: JSON!) { createRecord(procedure: "test.design-review", data: $d) { id } }', { d: { design: `race design ${i}` } }, as('rita'));
        expect(body.errors).toBeUndefined();
        return (body.data!.createRecord as { id: string }).id;
      }),
    );
    const attempts = ids.flatMap((id) => Array.from({ length: SUBMITTERS }, () => t.graphql(TRANSITION, { id, a: 'submit', v: 1 }, as('rita')).then((body) => ({ id, body }))));
    const results = await Promise.all(attempts);
    for (const id of ids) {
      const mine = results.filter((r) => r.id === id);
      expect(mine.filter((r) => !r.body.errors).length).toBe(1);
      expect(mine.flatMap((r) => codesOf(r.body)).every((code) => code === 'VERSION_CONFLICT')).toBe(true);
      expect(mine.find((r) => !r.body.errors)?.body.data?.transition).toMatchObject({ version: 2, stage: { key: 'review' } });
    }
  });

  it('counts each approval once and passes the quorum-2 gate only with two approvals, whatever the interleaving', async () => {
    const seed = Date.now();
    const next = random(seed);
    const approvalsOf = async (id: string) => {
      const body = await t.graphql('query($id: ID!) { record(id: $id) { approvals { id state approvers { username } } } }', { id }, as('rita'));
      return (body.data!.record as { approvals: { id: string; state: string; approvers: { username: string }[] }[] }).approvals;
    };
    type Sent = { id: string; kind: 'decide' | 'finalize'; who: string; approval?: string; decision?: string; body: GraphQLBody };
    const sent: Promise<Sent>[] = [];
    for (const id of ids) {
      const approvals = await approvalsOf(id);
      expect(approvals.map((a) => a.approvers[0]!.username).sort()).toEqual([...REVIEWERS].sort());
      for (const approval of approvals) {
        const who = approval.approvers[0]!.username;
        // Each reviewer sends their decision twice at once: the second must not count.
        const decision = next() < 0.7 ? 'APPROVE' : 'REJECT';
        for (let copy = 0; copy < 2; copy += 1) {
          sent.push(t.graphql(DECIDE, { id: approval.id, d: decision, c: decision === 'REJECT' ? 'not yet' : null }, as(who)).then((body) => ({ id, kind: 'decide', who, approval: approval.id, decision, body })));
        }
      }
      // The author tries to finalize at the version they read, racing the reviewers.
      for (let i = 0; i < 3; i += 1) sent.push(t.graphql(TRANSITION, { id, a: 'finalize', v: 2 + i }, as('rita')).then((body) => ({ id, kind: 'finalize', who: 'rita', body })));
    }
    const results = await Promise.all(sent);

    for (const r of results) {
      const codes = codesOf(r.body);
      // A decision on an approval that is no longer open is BAD_REQUEST; a stale finalize is a
      // VERSION_CONFLICT, and one that arrives before the quorum is blocked by the gate.
      const expected = r.kind === 'decide' ? ['BAD_REQUEST'] : ['VERSION_CONFLICT', 'TRANSITION_BLOCKED'];
      for (const code of codes) expect(expected, `seed ${seed}: ${JSON.stringify(r.body.errors)}`).toContain(code);
      if (r.kind === 'finalize' && codes[0] === 'TRANSITION_BLOCKED') {
        expect((r.body.errors![0]!.extensions!.reasons as { kind: string }[]).map((x) => x.kind)).toEqual(['gate']);
      }
    }

    const stored = await readStoredRecords(t.db, PROCEDURE);
    expect(stored.records).toHaveLength(RECORDS);
    for (const record of stored.records) {
      const events = stored.events.get(record.id) ?? [];
      const approvals = stored.approvals.get(record.id) ?? [];
      expect(recordProblems(shape, record, events, approvals), `seed ${seed}`).toEqual([]);
      const mine = results.filter((r) => r.id === record.id);
      const decidedOk = mine.filter((r) => r.kind === 'decide' && !r.body.errors);
      // One success per approval at most, and exactly the approvals stored as decided.
      expect(new Set(decidedOk.map((r) => r.approval)).size).toBe(decidedOk.length);
      const approved = approvals.filter((a) => a.state === 'approved').length;
      const rejected = approvals.filter((a) => a.state === 'rejected').length;
      expect(approved + rejected).toBe(decidedOk.length);
      const gate = record.gates['design-review']!;
      expect(gate.status, `seed ${seed}, ${approved} approved, ${rejected} rejected`).toBe(approved >= 2 ? 'approved' : rejected >= 2 ? 'rejected' : 'pending');
      expect(approved).toBeLessThanOrEqual(2);
      expect(rejected).toBeLessThanOrEqual(2);
      if (gate.status !== 'pending') expect(approvals.filter((a) => a.state === 'pending')).toEqual([]);
      const finalized = mine.filter((r) => r.kind === 'finalize' && !r.body.errors);
      expect(finalized.length).toBeLessThanOrEqual(1);
      expect(record.stage).toBe(finalized.length === 1 ? 'final' : 'review');
      if (record.stage === 'final') {
        // The gate was passed before the record moved, never after.
        const seqOf = (type: string) => events.find((e) => e.type === type)?.seq ?? Infinity;
        expect(seqOf('gate-approved')).toBeLessThan(events.find((e) => e.to_stage === 'final')!.seq);
        expect(approved).toBe(2);
      }
      expect(record.version).toBe(2 + decidedOk.length + finalized.length);
    }
  });

  it('keeps a record consistent when its author submits, reworks and finalizes against the reviewers at once', async () => {
    const id = ((await t.graphql('mutation { createRecord(procedure: "test.design-review", data: { design: "churn" }) { id } }', {}, as('rita'))).data!.createRecord as { id: string }).id;
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round += 1) {
      const record = (await t.graphql('query($id: ID!) { record(id: $id) { version stage { key } approvals { id state approvers { username } } } }', { id }, as('rita'))).data!.record as {
        version: number;
        stage: { key: string };
        approvals: { id: string; state: string; approvers: { username: string }[] }[];
      };
      if (record.stage.key === 'final') break;
      const pending = record.approvals.filter((a) => a.state === 'PENDING');
      const actions = record.stage.key === 'design' ? ['submit', 'submit'] : ['rework', 'finalize', 'rework'];
      const bodies = await Promise.all([
        ...actions.map((a) => t.graphql(TRANSITION, { id, a, v: record.version }, as('rita'))),
        ...pending.map((a) => t.graphql(DECIDE, { id: a.id, d: 'APPROVE' }, as(a.approvers[0]!.username))),
      ]);
      outcomes.push(...bodies.flatMap((b) => (b.errors ? codesOf(b) : ['ok'])));
      // A record a concurrent finalize closed answers BAD_REQUEST before it compares versions
      // (definitions/README.md §4: a closed record refuses every command but comment).
      const closedNow = bodies.slice(0, actions.length).some((b) => (b.data?.transition as { stage?: { key: string } } | undefined)?.stage?.key === 'final');
      for (const b of bodies.slice(0, actions.length)) for (const code of codesOf(b)) expect(['VERSION_CONFLICT', 'TRANSITION_BLOCKED', ...(closedNow ? ['BAD_REQUEST'] : [])], JSON.stringify(b.errors)).toContain(code);
      for (const b of bodies.slice(actions.length)) for (const code of codesOf(b)) expect(code).toBe('BAD_REQUEST');
    }
    expect(outcomes).toContain('ok');
    const stored = await readStoredRecords(t.db, PROCEDURE);
    const record = stored.records.find((r) => r.id === id)!;
    expect(recordProblems(shape, record, stored.events.get(id) ?? [], stored.approvals.get(id) ?? [])).toEqual([]);
  });

  it('has a consistency check that notices a lost update, a skipped stage or a double-counted approval', async () => {
    const stored = await readStoredRecords(t.db, PROCEDURE);
    const record = stored.records.find((r) => r.stage === 'final') ?? stored.records[0]!;
    const events = stored.events.get(record.id)!;
    const approvals = stored.approvals.get(record.id)!;
    expect(recordProblems(shape, record, events, approvals)).toEqual([]);
    expect(recordProblems(shape, { ...record, version: record.version + 1 }, events, approvals).join()).toMatch(/versioned commands/);
    expect(recordProblems(shape, { ...record, data: { ...record.data, design: 'changed behind the history' } }, events, approvals).join()).toMatch(/replays to/);
    expect(recordProblems(shape, record, events.filter((e) => e.type !== 'transitioned' || e.to_stage !== 'review'), approvals).join()).toMatch(/leaves review but the record was in design/);
    const decided = events.find((e) => e.type === 'approval-decided')!;
    expect(recordProblems(shape, record, [...events, { ...decided, seq: events.length + 1 }], approvals).join()).toMatch(/decided twice/);
  });
});
