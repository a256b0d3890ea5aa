import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';

// market.research (市场调研流程): plan → data collection & cleaning → analysis → application → closed.
// The bold-style rule of the outline: the analysis report is final only after an internal
// discussion with participants from at least two departments (rule `internal-discussion`).

let company: Company;
beforeAll(async () => {
  company = await createCompany();
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

    // A method outside the list is refused by the form.
    const invalid = await company.refused('mia', 'mutation($data: JSON!) { createRecord(procedure: "market.research", data: $data) { id } }', {
      data: { ...plan, methods: ['crystal-ball'] },
    });
    expect(invalid.extensions?.code).toBe('VALIDATION_FAILED');

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
    // Not audited yet: the analysis cannot start.
    await update('mia', id, { collectedCount: 1200, rejectedCount: 85, preliminaryReport: 'Answers grouped by city and age band.' });
    expect((await company.blockedReasons('mia', id, 'start-analysis')).map((r) => r.key)).toEqual(['data-audited']);

    const audited = await update('mia', id, { dataAudited: true });
    expect(audited.data).toMatchObject({ collectedCount: 1200, rejectedCount: 85, validCount: 1115 });
    expect((await move('mia', id, 'start-analysis')).stage.key).toBe('analysis');
  });

  it('refuses to finalise the report until people of two departments have discussed it', async () => {
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
        { person: company.people.mia!.id, department: 'market', opinion: 'Author' },
        { person: company.people.max!.id, department: 'market', opinion: 'Agrees' },
      ],
    });
    expect(marketOnly.data.discussionDepartments).toBe(1);
    reasons = await company.blockedReasons('max', id, 'finalise-report');
    expect(reasons.map((r) => r.key)).toEqual(['internal-discussion']);

    // R&D and sales join the discussion: three departments.
    const discussed = await update('mia', id, {
      participants: [
        { person: company.people.mia!.id, department: 'market', opinion: 'Author' },
        { person: company.people.max!.id, department: 'market', opinion: 'Agrees' },
        { person: company.people.raj!.id, department: 'rnd', opinion: 'Feasible within a year' },
        { person: company.people.sal!.id, department: 'sales', opinion: 'Channel partners interested' },
      ],
    });
    expect(discussed.data.discussionDepartments).toBe(3);
    const final = await move('mia', id, 'finalise-report');
    expect(final.stage.key).toBe('application');
  });

  it('is submitted to management as decision input and closed after follow-up feedback', async () => {
    // Management reads the final report.
    const seen = await current('ceo', id);
    expect(seen.data.analysisReport).toContain('Demand is strong');

    // The study cannot close before the feedback on how the results were used is written.
    const early = await company.blockedReasons('mia', id, 'close');
    expect(early.map((r) => [r.kind, r.key])).toEqual([['field', 'decisionAreas'], ['field', 'feedback']]);

    await update('ceo', id, { decisionAreas: ['strategy', 'product-development'] });
    await update('mia', id, {
      feedback: [{ date: '2026-06-15', area: 'Product roadmap', effect: 'Used to scope the smart speaker project, price point confirmed by early sales.' }],
    });
    const closed = await move('mia', id, 'close');
    expect(closed.stage.key).toBe('closed');
    expect(closed.data.decisionAreas).toEqual(['strategy', 'product-development']);
  });
});
