import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// 绩效管理: indicators per post and a cycle → review by supervisor, peer, self and customer in
// parallel (all four must rate) → feedback talk and improvement plan → HR applies the result;
// the salary outcome is visible to HR only. The supervisor is the employee's manager as the
// directory knows them, and the four raters are four different people. Beside each rule's main
// path, the test tries another: the typed mutation, another person, an action's data.
let c: Company;
let paths: OtherPaths;
beforeAll(async () => {
  c = await createCompany();
  paths = otherPaths(c);
});
afterAll(async () => {
  await c?.close();
});

type Approval = { id: string; level: number; state: string; approvers: { username: string }[] };
const RECORD = 'id version stage { key } data approvals { id level state approvers { username } }';
type Rec = { id: string; version: number; stage: { key: string }; data: Record<string, unknown>; approvals: Approval[] };

const transition = (who: string, rec: Rec, action: string, data?: Record<string, unknown>) => c.transition<Rec>(who, rec.id, action, { data, fields: RECORD });
const update = (who: string, rec: Rec, data: Record<string, unknown>) => c.update<Rec>(who, rec.id, data, RECORD);
const reload = (who: string, rec: Rec) => c.record<Rec>(who, rec.id, RECORD);
const blocked = (who: string, rec: Rec, action: string) => c.blockedReasons(who, rec.id, action);
const approvalOf = (rec: Rec, who: string) => rec.approvals.find((a) => a.state === 'PENDING' && a.approvers.some((p) => p.username === who))!;

describe('a quarterly performance review of an engineer', () => {
  let rec: Rec;

  it('is opened by the supervisor with the indicators of the post', async () => {
    expect((await c.refused('rita', 'mutation { createRecord(procedure: "hr.performance-review", data: {}) { id } }')).extensions?.code).toBe('FORBIDDEN');
    expect((await paths.refusedTypedCreate('tess', 'hr.performance-review', { post: 'Tester' })).code).toBe('FORBIDDEN');
    rec = (await c.ok('raj', `mutation($d: JSON!) { createRecord(procedure: "hr.performance-review", data: $d) { ${RECORD} } }`, {
      d: {
        employee: c.people.rita!.id, post: 'Embedded software engineer', cycle: 'quarterly', periodEnd: '2026-03-31',
        indicators: [
          { indicator: 'Firmware releases on schedule', aspect: 'results', target: '3 of 3 releases', weight: 60, due: '2026-03-31' },
          { indicator: 'Code review quality', aspect: 'ability', target: 'No critical defect escapes', weight: 30 },
        ],
        peer: c.people.tess!.id, customerRater: c.people.cleo!.id,
      },
    })).createRecord as Rec;
    expect(rec.data.totalWeight).toBe(90);
    expect(await blocked('raj', rec, 'start-review')).toEqual([expect.objectContaining({ kind: 'rule', key: 'weights-add-up' })]);
    // Sent as the action's data, indicators that still do not add up are refused the same way.
    const still = await paths.refusedTransition('raj', rec.id, 'start-review', { data: { indicators: [{ indicator: 'Releases', aspect: 'results', target: '3 of 3', weight: 50 }] } });
    expect(still.reasons.map((r) => r.key)).toEqual(['weights-add-up']);
    rec = await update('raj', rec, {
      indicators: [
        ...(rec.data.indicators as object[]),
        { indicator: 'Helps colleagues', aspect: 'attitude', target: 'Mentors one junior', weight: 10 },
      ],
    });
  });

  it('needs four different people as raters, the supervisor being the employee\'s manager in the directory', async () => {
    // The supervisor as peer, or the peer as customer-side rater: one person would rate twice.
    const asPeer = await paths.refusedTransition('raj', rec.id, 'start-review', { data: { peer: c.people.raj!.id } });
    expect(asPeer).toMatchObject({ code: 'TRANSITION_BLOCKED', reasons: [expect.objectContaining({ kind: 'rule', key: 'four-different-raters' })] });
    const twice = await paths.refusedTransition('raj', rec.id, 'start-review', { data: { peer: c.people.sam!.id, customerRater: c.people.sam!.id } });
    expect(twice.reasons.map((r) => r.key)).toEqual(['four-different-raters']);
    // The customer-side rater is someone of service or sales (their roles, from the directory).
    expect(await paths.refusedUpdate('raj', rec.id, { customerRater: c.people.tess!.id })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['customerRater'] });

    // Another department's manager cannot open and start a review of rita: he is not her supervisor.
    const typed = await paths.typedCreate('sal', 'hr.performance-review', {
      employee: c.people.rita!.id, post: 'Engineer', cycle: 'ANNUAL', periodEnd: '2026-12-31',
      indicators: [{ indicator: 'Releases', aspect: 'RESULTS', target: 'All', weight: 100 }],
      peer: c.people.tess!.id, customerRater: c.people.cleo!.id,
    });
    expect((await paths.refusedTransition('sal', typed.id, 'start-review')).reasons.map((r) => r.key)).toEqual(['supervisor-opens-review']);

    rec = await transition('raj', rec, 'start-review');
    expect(rec.stage.key).toBe('review');
  });

  it('asks the supervisor, the peer, the employee and the customer-side rater at once', async () => {
    const asked = rec.approvals.filter((a) => a.state === 'PENDING');
    expect(asked.every((a) => a.level === 0)).toBe(true);
    expect(asked.map((a) => a.approvers[0]!.username).sort()).toEqual(['cleo', 'raj', 'rita', 'tess']);
  });

  it('cannot conclude until every rater has rated', async () => {
    const ratings: [string, string, number][] = [['raj', 'supervisorScore', 85], ['tess', 'peerScore', 90], ['rita', 'selfScore', 88], ['cleo', 'customerScore', 80]];
    for (const [who, field, score] of ratings) {
      rec = await update(who, await reload(who, rec), { [field]: score });
      // Every score is in, but the last rater has not yet confirmed: the gate alone blocks.
      if (who === 'cleo') expect(await blocked('raj', rec, 'conclude-review')).toEqual([expect.objectContaining({ kind: 'gate', key: 'multi-rater-review' })]);
      await c.ok(who, `mutation { decideApproval(id: "${approvalOf(rec, who).id}", decision: APPROVE, comment: "Rated ${score}") { state } }`);
      rec = await reload('raj', rec);
      if (who !== 'cleo') expect(await blocked('raj', rec, 'conclude-review')).toContainEqual(expect.objectContaining({ kind: 'gate', key: 'multi-rater-review' }));
    }
    // A rater may change only their own score, and only the supervisor concludes.
    const other = await c.refused('tess', `mutation { updateRecord(id: "${rec.id}", data: { selfScore: 100 }, expectedVersion: ${rec.version}) { id } }`);
    expect(other.extensions?.code).toBe('VALIDATION_FAILED');
    expect((await paths.refusedTransition('tess', rec.id, 'conclude-review')).reasons).toEqual([expect.objectContaining({ kind: 'permission', key: 'conclude-review' })]);
    expect(rec.data.overallScore).toBe(85.75);
    rec = await transition('raj', rec, 'conclude-review');
    expect(rec.stage.key).toBe('feedback');
  });

  it('holds the feedback talk and agrees an improvement plan', async () => {
    expect((await blocked('raj', rec, 'send-to-hr')).map((r) => r.key)).toEqual(['feedbackTalkOn', 'feedbackSummary', 'improvementPlan']);
    // The talk is the supervisor's: the HR manager may not write it, nor send the review on.
    expect(await paths.refusedUpdate('hugo', rec.id, { feedbackTalkOn: '2026-04-03' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['feedbackTalkOn'] });
    expect((await paths.refusedTransition('hugo', rec.id, 'send-to-hr')).reasons.map((r) => r.kind)).toContain('permission');
    rec = await transition('raj', rec, 'send-to-hr', {
      feedbackTalkOn: '2026-04-03',
      feedbackSummary: 'All releases on time, reviews could be more thorough',
      improvementPlan: [{ action: 'Attend the code review workshop', due: '2026-05-31' }],
    });
    expect(rec.stage.key).toBe('result-application');
  });

  it('lets HR apply the result, with a salary outcome only HR can read', async () => {
    rec = await reload('hana', rec);
    expect((await blocked('hana', rec, 'close')).map((r) => r.key)).toEqual(['salaryOutcome']);
    // The HR manager may set the outcome but not close the review; the supervisor may do neither.
    expect((await paths.refusedTransition('hugo', rec.id, 'close', { data: { salaryOutcome: 'unchanged' } })).reasons).toEqual([expect.objectContaining({ kind: 'permission', key: 'close' })]);
    expect(await paths.refusedUpdate('raj', rec.id, { bonus: true })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['bonus'] });
    rec = await update('hana', rec, { salaryOutcome: 'raise', salaryChange: '800', bonus: true, trainingNeeded: 'Code review workshop' });
    expect(rec.data).toMatchObject({ salaryOutcome: 'raise', salaryChange: '800.00' });
    rec = await transition('hana', rec, 'close');
    expect(rec.stage.key).toBe('closed');
    expect((await reload('hugo', rec)).data).toMatchObject({ salaryOutcome: 'raise', salaryChange: '800.00' });
  });

  it('never shows the salary outcome to the employee or the supervisor', async () => {
    for (const who of ['rita', 'raj']) {
      const record = (await c.ok(who, `{ record(id: "${rec.id}") { data history { changes } } }`)).record as { data: Record<string, unknown>; history: { changes: unknown }[] };
      expect(record.data).toMatchObject({ bonus: true, overallScore: 85.75 });
      expect(record.data).not.toHaveProperty('salaryOutcome');
      expect(record.data).not.toHaveProperty('salaryChange');
      expect(JSON.stringify(record.history)).not.toMatch(/salaryOutcome|salaryChange|800\.00/);
      const list = (await c.ok(who, '{ records(procedure: "hr.performance-review") { totalCount nodes { id data } } }')).records as { totalCount: number; nodes: { id: string; data: Record<string, unknown> }[] };
      expect(list.nodes.map((n) => n.id)).toContain(rec.id);
      for (const node of list.nodes) expect(node.data).not.toHaveProperty('salaryOutcome');
      expect(JSON.stringify(list)).not.toContain('800.00');
      expect((await c.refused(who, '{ records(where: { salaryOutcome: "raise" }) { totalCount } }')).extensions?.code).toBe('FORBIDDEN');
    }
    const hr = (await c.ok('hana', '{ records(procedure: "hr.performance-review") { nodes { id data } } }')).records as { nodes: { id: string; data: Record<string, unknown> }[] };
    expect(hr.nodes.find((n) => n.id === rec.id)!.data).toMatchObject({ salaryOutcome: 'raise' });
  });
});
