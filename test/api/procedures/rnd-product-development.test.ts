import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// rnd.product-development (产品研发流程): initiation → project approval → design → design review →
// development → launch → post-launch tracking → closed. Its bold rules:
// - management approves the project before it leaves initiation (gate `project-approval`);
// - technology, market, production and cost review the design before it is final (gate `design-review`);
// - every test kind run, the latest run of each passed, and no open defect before launch (rules
//   `<kind>-tests-run`, `latest-test-runs-passed` over `latestRows`, `no-open-defects`);
// - data migration, user training and contingency plan checked before deployment (rule `pre-launch-checklist`).
// Beside each rule's main path, the test tries another: the typed mutation, another person, an action's data.

let company: Company;
let paths: OtherPaths;
beforeAll(async () => {
  company = await createCompany();
  paths = otherPaths(company);
});
afterAll(async () => {
  await company?.close();
});

const RECORD = 'id version stage { key } dueAt data approvals { id gate level state approvers { username } }';
type Approval = { id: string; gate: string; level: number; state: string; approvers: { username: string }[] };
type RecordResult = { id: string; version: number; stage: { key: string }; dueAt: string | null; data: Record<string, unknown>; approvals: Approval[] };

const create = (who: string, procedure: string, data: Record<string, unknown>) => company.create<RecordResult>(who, procedure, data, RECORD);
const current = (who: string, id: string) => company.record<RecordResult>(who, id, RECORD);
const update = (who: string, id: string, data: Record<string, unknown>) => company.update<RecordResult>(who, id, data, RECORD);
const move = (who: string, id: string, action: string) => company.transition<RecordResult>(who, id, action, { fields: RECORD });

/** The pending approval of `gate` that asks `who`, taken from their task list. */
async function approve(who: string, id: string, gate: string): Promise<void> {
  const tasks = (await company.ok(who, '{ myTasks { nodes { id approvals { id gate level state approvers { username } } } } }')).myTasks as { nodes: RecordResult[] };
  const approval = tasks.nodes.find((n) => n.id === id)?.approvals.find((a) => a.gate === gate && a.state === 'PENDING' && a.approvers.some((p) => p.username === who));
  expect(approval, `${who} has no pending ${gate} approval`).toBeDefined();
  await company.ok(who, 'mutation($id: ID!) { decideApproval(id: $id, decision: APPROVE, comment: "Agreed") { state } }', { id: approval!.id });
}

const ALL_KINDS = ['unit', 'integration', 'system', 'performance', 'security'];

describe('a product development project', () => {
  let studyId: string;
  let id: string;

  it('starts from a market research study whose report is final', async () => {
    const study = await create('mia', 'market.research', {
      title: 'Smart speaker demand',
      goals: 'Find the price point and features customers expect.',
      content: ['customer-needs', 'product-preferences'],
      methods: ['survey'],
      milestones: [{ milestone: 'Report', dueDate: '2026-04-30' }],
    });
    studyId = study.id;

    // Only R&D proposes projects.
    const forbidden = await company.refused('mia', 'mutation($data: JSON!) { createRecord(procedure: "rnd.product-development", data: $data) { id } }', { data: { title: 'x' } });
    expect(forbidden.extensions?.code).toBe('FORBIDDEN');

    // A study still being planned cannot be the market-need analysis of a project.
    const early = await company.refused('rita', 'mutation($data: JSON!) { createRecord(procedure: "rnd.product-development", data: $data) { id } }', {
      data: { title: 'Smart speaker', marketResearch: studyId },
    });
    expect(early.extensions?.code).toBe('VALIDATION_FAILED');
    expect(early.extensions?.fieldErrors).toEqual([expect.objectContaining({ path: 'marketResearch' })]);
    expect(await paths.refusedTypedCreate('raj', 'rnd.product-development', { title: 'Smart speaker', marketResearch: studyId })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['marketResearch'] });

    // The study goes through collection and analysis, and its report is made final.
    await move('mia', studyId, 'start-collection');
    await update('mia', studyId, { collectedCount: 500, rejectedCount: 20, dataAudited: true, preliminaryReport: 'Grouped by region.' });
    await move('mia', studyId, 'start-analysis');
    await update('mia', studyId, {
      analysisReport: 'Customers want voice control under 400 CNY.',
      discussionDate: '2026-05-02',
      participants: [{ person: company.people.mia!.id }, { person: company.people.raj!.id }],
    });
    expect((await move('mia', studyId, 'finalise-report')).stage.key).toBe('application');

    const project = await create('rita', 'rnd.product-development', {
      title: 'Smart speaker S1',
      marketResearch: studyId,
      marketNeed: 'Voice control at a mid-range price, competitors lack after-sales service.',
      technicalFeasibility: 'Existing audio platform, new wake-word module.',
      economicFeasibility: 'Break-even after 40 000 units.',
      marketFeasibility: 'Channel partners committed to two regions.',
      estimatedBudget: '1800000',
      targetLaunchDate: '2027-03-01',
    });
    id = project.id;
    expect(project.stage.key).toBe('initiation');
    expect(project.data.estimatedBudget).toBe('1800000.00');
  });

  it('needs management approval before it leaves initiation', async () => {
    const submitted = await move('rita', id, 'submit-for-approval');
    expect(submitted.stage.key).toBe('initiation-approval');
    expect(submitted.dueAt).not.toBeNull();
    const pending = submitted.approvals.filter((a) => a.gate === 'project-approval' && a.state === 'PENDING');
    expect(pending.flatMap((a) => a.approvers.map((p) => p.username)).sort()).toEqual(['ceo', 'cfo']);

    const reasons = await company.blockedReasons('rita', id, 'start-design');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'gate', key: 'project-approval' })]);
    // The R&D manager cannot approve for management, nor start the design without it.
    expect((await paths.refusedDecision('raj', pending[0]!.id, 'APPROVE')).code).toBe('FORBIDDEN');
    expect((await company.blockedReasons('raj', id, 'start-design')).map((r) => r.key)).toEqual(['project-approval']);

    await approve('ceo', id, 'project-approval');
    expect((await move('rita', id, 'start-design')).stage.key).toBe('design');
  });

  it('needs the review of technology, market, production and cost before the design is final', async () => {
    await update('rita', id, {
      designFunction: 'Voice assistant, music streaming, smart-home hub.',
      designPerformance: 'Wake-word latency under 300 ms.',
      designAppearance: 'Fabric cylinder, three colours.',
      designStructure: 'Two boards, passive radiator.',
    });
    const inReview = await move('rita', id, 'submit-design');
    expect(inReview.stage.key).toBe('design-review');
    // Technology (R&D) reviews first.
    expect(inReview.approvals.filter((a) => a.gate === 'design-review' && a.state === 'PENDING').map((a) => a.approvers.map((p) => p.username))).toEqual([['raj']]);

    // Not reviewed at all yet: refused (the final documents are missing too).
    let reasons = await company.blockedReasons('rita', id, 'finalise-design');
    expect(reasons.map((r) => [r.kind, r.key])).toEqual(expect.arrayContaining([['gate', 'design-review'], ['field', 'finalDocuments']]));

    // Market cannot take technology's turn: the open level asks R&D's reviewer only.
    expect((await paths.refusedDecision('max', inReview.approvals.find((a) => a.gate === 'design-review' && a.state === 'PENDING')!.id, 'APPROVE')).code).toBe('FORBIDDEN');
    // Technology, market and production agree; without cost (finance) the design is still not final.
    await approve('raj', id, 'design-review');
    await approve('max', id, 'design-review');
    await approve('pete', id, 'design-review');
    await update('rita', id, { optimisation: 'Thicker fabric after the market review.', finalDocuments: 'DOC-S1-0042 rev C' });
    reasons = await company.blockedReasons('rita', id, 'finalise-design');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'gate', key: 'design-review' })]);

    await approve('fred', id, 'design-review');
    expect((await move('rita', id, 'finalise-design')).stage.key).toBe('development');
  });

  it('goes to launch only when the latest run of every test kind has passed and no defect is open', async () => {
    // Nothing tested yet: every kind is missing (and the test plan too).
    const untested = await company.blockedReasons('rita', id, 'prepare-launch');
    expect(untested.filter((r) => r.kind === 'rule').map((r) => r.key).sort()).toEqual(ALL_KINDS.map((k) => `${k}-tests-run`).sort());
    expect(untested.filter((r) => r.kind === 'field').map((r) => r.key)).toEqual(expect.arrayContaining(['techStack', 'testCases']));

    const developed = await update('rita', id, {
      techStack: 'Embedded Linux, Rust audio pipeline.',
      testGoals: 'Prove stability and latency.',
      testScope: 'Firmware and companion app.',
      testMethods: 'Automated suites and lab measurements.',
      testCases: 'TC-001 to TC-240.',
      testRuns: [
        { kind: 'unit', runOn: '2026-09-01', result: 'passed', tester: company.people.tess!.id },
        { kind: 'integration', runOn: '2026-09-05', result: 'passed' },
        { kind: 'system', runOn: '2026-09-10', result: 'failed', notes: 'Crash on Wi-Fi reconnect' },
      ],
      defects: [{ summary: 'Crash on Wi-Fi reconnect', status: 'open' }],
    });
    expect(developed.data).toMatchObject({ passedKinds: ['unit', 'integration'], openDefects: 1 });
    expect(developed.data.defects).toEqual([{ summary: 'Crash on Wi-Fi reconnect', status: 'open' }]);

    // One reason per test kind not run, one for the kind whose latest run failed, one for the open defect.
    let reasons = await company.blockedReasons('rita', id, 'prepare-launch');
    expect(reasons.map((r) => r.key).sort()).toEqual(['latest-test-runs-passed', 'no-open-defects', 'performance-tests-run', 'security-tests-run']);
    expect(reasons.find((r) => r.key === 'performance-tests-run')!.message['zh-CN']).toBe('尚未进行性能测试。');
    expect(reasons.find((r) => r.key === 'latest-test-runs-passed')!.message['zh-CN']).toBe('有测试类型最近一次未通过，请修复问题后重新测试。');

    // The tester reruns the system test and runs performance and security, but the defect is still open.
    const tested = await update('tess', id, {
      testRuns: [
        ...(developed.data.testRuns as unknown[]),
        { kind: 'system', runOn: '2026-09-20', result: 'passed' },
        { kind: 'performance', runOn: '2026-09-21', result: 'passed' },
        { kind: 'security', runOn: '2026-09-22', result: 'passed' },
      ],
    });
    expect([...(tested.data.passedKinds as string[])].sort()).toEqual([...ALL_KINDS].sort());
    reasons = await company.blockedReasons('rita', id, 'prepare-launch');
    expect(reasons.map((r) => r.key)).toEqual(['no-open-defects']);
    // A rerun counts as the kind's result: the R&D manager, sending a failed security rerun with
    // the fix of the defect, is refused for the rerun.
    const rerun = await paths.refusedTransition('raj', id, 'prepare-launch', {
      data: {
        testRuns: [...(tested.data.testRuns as unknown[]), { kind: 'security', runOn: '2026-09-23', result: 'failed' }],
        defects: [{ summary: 'Crash on Wi-Fi reconnect', status: 'fixed' }],
      },
    });
    expect(rerun.reasons.map((r) => r.key)).toEqual(['latest-test-runs-passed']);

    const fixed = await update('rita', id, { defects: [{ summary: 'Crash on Wi-Fi reconnect', status: 'fixed' }] });
    expect(fixed.data.openDefects).toBe(0);
    expect((await move('rita', id, 'prepare-launch')).stage.key).toBe('launch');
  });

  it('is deployed only when the pre-launch checklist is complete, then tracked and closed', async () => {
    await update('rita', id, { dataMigrationChecked: true, userTrainingChecked: true, deployedOn: '2027-02-20' });
    const reasons = await company.blockedReasons('rita', id, 'deploy');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'pre-launch-checklist' })]);
    expect(reasons[0]!.message['zh-CN']).toContain('应急预案');
    // The manager, unchecking the training in the action's data: refused the same way.
    expect((await paths.refusedTransition('raj', id, 'deploy', { data: { contingencyPlanChecked: true, userTrainingChecked: false } })).reasons.map((r) => r.key)).toEqual(['pre-launch-checklist']);

    await update('rita', id, { contingencyPlanChecked: true });
    const deployed = await move('rita', id, 'deploy');
    expect(deployed.stage.key).toBe('tracking');
    expect(deployed.dueAt).not.toBeNull();

    await update('rita', id, {
      userFeedback: [{ receivedOn: '2027-03-05', feedback: 'Wake word misses in noisy kitchens.', resolution: 'Firmware 1.0.3 raises sensitivity.' }],
      trackingSummary: 'Stable after 1.0.3, returns under 1 %.',
    });
    const closed = await move('raj', id, 'close');
    expect(closed.stage.key).toBe('closed');

    // Management followed the project throughout.
    expect((await current('cfo', id)).stage.key).toBe('closed');
  });
});
