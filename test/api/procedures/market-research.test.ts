import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// market.research (市场调研流程): plan → data collection & cleaning → analysis → application → closed.
// The bold-style rule of the outline: the analysis report is final only after an internal
// discussion with participants from at least two departments (rule `internal-discussion`), the
// departments being those the directory gives the participants. Beside each rule's main path, the
// test tries another: the typed mutation, updateRecord, another person, an action's data.

let company: Company;
let paths: OtherPaths;
beforeAll(async () => {
  company = await createCompany();
  paths = otherPaths(company);
});
afterAll(async () => {
  await company?.close();
});

const RECORD = 'id version stage { key } dueAt data approvals { id gate state approvers { username } }';
type RecordResult = { id: string; version: number; stage: { key: string }; dueAt: string | null; data: Record<string, unknown> };

const create = (who: string, data: Record<string, unknown>) => company.create<RecordResult>(who, 'market.research', data, RECORD);

const current = (who: string, id: string) => company.record<RecordResult>(who, id, RECORD);
const update = (who: string, id: string, data: Record<string, unknown>) => company.update<RecordResult>(who, id, data, RECORD);
const move = (who: string, id: string, action: string, comment?: string) => company.transition<RecordResult>(who, id, action, { comment, fields: RECORD });

const plan = {
  title: 'Smart home devices in tier-2 cities',
  goals: 'Size the market and find what customers expect from a mid-range smart speaker.',
  content: ['market-size', 'competitors', 'customer-needs'],
  methods: ['survey', 'interview', 'industry-reports'],
};

describe('a market research study', () => {
  let id: string;

  it('is planned by a market analyst with content, methods and a timetable of milestones', async () => {
    // Only the market research department plans studies.
    const error = await company.refused('rita', 'mutation($data: JSON!) { createRecord(procedure: "market.research", data: $data) { id } }', { data: plan });
    expect(error.extensions?.code).toBe('FORBIDDEN');
    const typed = { title: plan.title, goals: plan.goals, content: ['MARKET_SIZE'], methods: ['SURVEY'], milestones: [{ milestone: 'Report', dueDate: '2026-04-30' }] };
    expect((await paths.refusedTypedCreate('sam', 'market.research', typed)).code).toBe('FORBIDDEN');

    // A method outside the list is refused by the form.
    const invalid = await company.refused('mia', 'mutation($data: JSON!) { createRecord(procedure: "market.research", data: $data) { id } }', {
      data: { ...plan, methods: ['crystal-ball'] },
    });
    expect(invalid.extensions?.code).toBe('VALIDATION_FAILED');
    // A milestone's owner is someone of the market research department, as the directory says.
    const outsider = await paths.refusedTypedCreate('mia', 'market.research', { ...typed, milestones: [{ milestone: 'Report', dueDate: '2026-04-30', owner: company.people.rita!.id }] });
    expect(outsider).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path: 'milestones.0.owner', message: { en: 'only a person of the department market may be named here' } }] });

    const created = await create('mia', {
      ...plan,
      milestones: [
        { milestone: 'Questionnaire ready', dueDate: '2026-03-10', owner: company.people.mia!.id },
        { milestone: 'Fieldwork done', dueDate: '2026-04-10' },
        { milestone: 'Report', dueDate: '2026-04-30' },
      ],
    });
    id = created.id;
    expect(created.stage.key).toBe('plan');
    expect(created.data).toMatchObject({ content: plan.content, methods: plan.methods, dataAudited: false });

    const collecting = await move('mia', id, 'start-collection');
    expect(collecting.stage.key).toBe('collection');
    expect(collecting.dueAt).not.toBeNull();
  });

  it('collects and audits the data, counting what was collected and removed', async () => {
    // Not audited yet: the analysis cannot start, for the manager either.
    await update('mia', id, { collectedCount: 1200, rejectedCount: 85, preliminaryReport: 'Answers grouped by city and age band.' });
    expect((await company.blockedReasons('mia', id, 'start-analysis')).map((r) => r.key)).toEqual(['data-audited']);
    expect((await company.blockedReasons('max', id, 'start-analysis')).map((r) => r.key)).toEqual(['data-audited']);
    // Audited, but more records removed than collected, sent as the action's data: still refused.
    expect((await paths.refusedTransition('mia', id, 'start-analysis', { data: { dataAudited: true, rejectedCount: 1300 } })).reasons.map((r) => r.key)).toEqual(['data-audited']);

    const audited = await update('mia', id, { dataAudited: true });
    expect(audited.data).toMatchObject({ collectedCount: 1200, rejectedCount: 85, validCount: 1115 });
    expect((await move('mia', id, 'start-analysis')).stage.key).toBe('analysis');
  });

  it('refuses to finalise the report until people of two departments, as the directory says, have discussed it', async () => {
    await update('mia', id, {
      analysisMethods: 'Cross tabulation and regression on price sensitivity.',
      analysisReport: 'Demand is strong below 400 CNY and competitors neglect after-sales service.',
      discussionDate: '2026-04-28',
    });
    // No discussion recorded at all.
    let reasons = await company.blockedReasons('mia', id, 'finalise-report');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'internal-discussion' })]);
    expect(reasons[0]!.message['zh-CN']).toContain('至少来自两个部门');

    // A discussion inside the market department only is not enough.
    const marketOnly = await update('mia', id, {
      participants: [
        { person: company.people.mia!.id, opinion: 'Author' },
        { person: company.people.max!.id, opinion: 'Agrees' },
      ],
    });
    expect(marketOnly.data.participants).toHaveLength(2);
    reasons = await company.blockedReasons('max', id, 'finalise-report');
    expect(reasons.map((r) => r.key)).toEqual(['internal-discussion']);
    // A department is not typed in: the form has no such column.
    const typedIn = await paths.refusedUpdate('mia', id, { participants: [{ person: company.people.mia!.id, department: 'rnd' }, { person: company.people.max!.id }] });
    expect(typedIn).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['participants.0.department'] });
    // Sent as the action's data, the same market-only discussion is refused too.
    const asData = await paths.refusedTransition('max', id, 'finalise-report', { data: { participants: [{ person: company.people.max!.id }, { person: company.people.mia!.id }] } });
    expect(asData.reasons.map((r) => r.key)).toEqual(['internal-discussion']);

    // R&D and sales join the discussion: three departments.
    const discussed = await update('mia', id, {
      participants: [
        { person: company.people.mia!.id, opinion: 'Author' },
        { person: company.people.max!.id, opinion: 'Agrees' },
        { person: company.people.raj!.id, opinion: 'Feasible within a year' },
        { person: company.people.sal!.id, opinion: 'Channel partners interested' },
      ],
    });
    expect(discussed.data).not.toHaveProperty('discussionDepartments');
    const final = await move('mia', id, 'finalise-report');
    expect(final.stage.key).toBe('application');
  });

  it('is submitted to management as decision input and closed after follow-up feedback', async () => {
    // Management reads the final report, and so does R&D, whose projects rest on it; sales does not.
    const seen = await current('ceo', id);
    expect(seen.data.analysisReport).toContain('Demand is strong');
    expect((await current('rita', id)).stage.key).toBe('application');
    expect((await paths.refusedRead('sam', id)).code).toBe('FORBIDDEN');

    // The study cannot close before the feedback on how the results were used is written.
    const early = await company.blockedReasons('mia', id, 'close');
    expect(early.map((r) => [r.kind, r.key])).toEqual([['field', 'decisionAreas'], ['field', 'feedback']]);
    // Nor for the department's manager, with only part of it sent as the action's data.
    const partly = await paths.refusedTransition('max', id, 'close', { data: { decisionAreas: ['marketing'] } });
    expect(partly.reasons.map((r) => [r.kind, r.key])).toEqual([['field', 'feedback']]);

    await update('ceo', id, { decisionAreas: ['strategy', 'product-development'] });
    await update('mia', id, {
      feedback: [{ date: '2026-06-15', area: 'Product roadmap', effect: 'Used to scope the smart speaker project, price point confirmed by early sales.' }],
    });
    const closed = await move('mia', id, 'close');
    expect(closed.stage.key).toBe('closed');
    expect(closed.data.decisionAreas).toEqual(['strategy', 'product-development']);
  });
});
