import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { engineDefinitionsDir } from '../support/world.js';

let t: TestApp;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp(engineDefinitionsDir);
  tokens.admin = (await t.user('root', { department: 'management', roles: [], admin: true })).token;
  tokens.alice = (await t.user('alice', { department: 'sales' })).token;
});
afterAll(async () => {
  await t?.close();
});

async function run(as: string, query: string, variables?: Record<string, unknown>) {
  return (await t.graphql(query, { token: tokens[as], variables })).body;
}

describe('the typed API of a published procedure', () => {
  it('creates a record with typed input and reads typed data back', async () => {
    const body = await run('alice', `mutation { createTestBudgetAdjustment(input: { title: "Typed", currentAmount: 100, requestedAmount: "250.5" }) { id stage { key } data { title currentAmount requestedAmount increase approvedOn } record { version } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data!.createTestBudgetAdjustment).toMatchObject({
      stage: { key: 'draft' },
      data: { title: 'Typed', currentAmount: '100.00', requestedAmount: '250.50', increase: '150.50', approvedOn: null },
      record: { version: 1 },
    });
  });

  it('lists with a typed where', async () => {
    await run('alice', `mutation { createTestBudgetAdjustment(input: { title: "Small", currentAmount: 1, requestedAmount: 2 }) { id } }`);
    const body = await run('alice', `{ testBudgetAdjustments(where: { requestedAmount: { gte: "100" } }) { totalCount nodes { data { title } } } }`);
    expect(body.data!.testBudgetAdjustments).toEqual({ totalCount: 1, nodes: [{ data: { title: 'Typed' } }] });
  });

  it('refuses typed input of the wrong type before anything runs', async () => {
    const body = await run('alice', `mutation { createTestBudgetAdjustment(input: { title: "x", currentAmount: "lots" }) { id } }`);
    expect(body.errors?.[0]?.message).toMatch(/Money/);
  });
});

describe('publishing a definition through the API', () => {
  it('adds a field that the typed type has on the next request, without a restart', async () => {
    const before = await run('alice', '{ testBudgetAdjustments { nodes { data { costCentre } } } }');
    expect(before.errors?.[0]?.message).toMatch(/Cannot query field "costCentre"/);

    const current = (await run('admin', '{ procedure(key: "test.budget-adjustment") { version definition } }')).data!.procedure as { version: number; definition: { form: { fields: unknown[] } } };
    const definition = { ...current.definition, form: { fields: [...current.definition.form.fields, { key: 'costCentre', type: 'text', label: { en: 'Cost centre', 'zh-CN': '成本中心' } }] } };
    const saved = await run('admin', 'mutation($d: JSON!) { saveProcedure(definition: $d) { key version status } }', { d: definition });
    expect(saved.data!.saveProcedure).toEqual({ key: 'test.budget-adjustment', version: current.version + 1, status: 'draft' });
    const published = await run('admin', 'mutation { publishProcedure(key: "test.budget-adjustment") { version status } }');
    expect(published.data!.publishProcedure).toEqual({ version: current.version + 1, status: 'published' });

    const after = await run('alice', '{ testBudgetAdjustments { totalCount nodes { procedureVersion data { costCentre } } } }');
    expect(after.errors).toBeUndefined();
    expect(after.data!.testBudgetAdjustments).toMatchObject({ totalCount: 2 });
    const versions = await run('admin', '{ procedure(key: "test.budget-adjustment") { versions { version status } } }');
    expect(versions.data!.procedure).toEqual({ versions: [{ version: 2, status: 'published' }, { version: 1, status: 'published' }] });
  });

  it('refuses an invalid definition with every problem and keeps the schema', async () => {
    const report = await run('admin', 'mutation($d: JSON!) { validateProcedure(definition: $d) { ok problems { path message } } }', {
      d: { key: 'test.broken', department: 'nowhere', label: { en: 'Broken', 'zh-CN': '坏' }, start: { roles: ['employee'] }, form: { fields: [{ key: 'a', type: 'text', label: { en: 'A', 'zh-CN': '甲' } }] }, stages: [{ key: 'one', label: { en: '1', 'zh-CN': '一' }, initial: true }, { key: 'two', label: { en: '2', 'zh-CN': '二' }, final: true }], actions: [{ key: 'go', label: { en: 'Go', 'zh-CN': '走' }, from: 'one', to: 'three', by: { creator: true } }] },
    });
    expect(report.data!.validateProcedure).toEqual({
      ok: false,
      problems: expect.arrayContaining([
        { path: '/department', message: expect.stringContaining('unknown department "nowhere"') },
        { path: '/actions/0/to', message: expect.stringContaining('unknown stage "three"') },
      ]),
    });
    const saved = await run('admin', 'mutation($d: JSON!) { saveProcedure(definition: $d) { key } }', { d: { key: 'test.broken' } });
    expect(saved.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_DEFINITION', problems: expect.arrayContaining([{ path: '', message: 'missing "department": add it here' }]) });
  });

  it('refuses a procedure whose generated GraphQL names clash with another, naming both', async () => {
    const current = (await run('admin', '{ procedure(key: "test.design-review") { definition } }')).data!.procedure as { definition: Record<string, unknown> };
    const clash = { ...current.definition, key: 'test-design.review' };
    const report = await run('admin', 'mutation($d: JSON!) { validateProcedure(definition: $d) { ok problems { message } } }', { d: clash });
    expect(report.data!.validateProcedure).toMatchObject({ ok: false, problems: [{ message: expect.stringMatching(/"TestDesignReview" would be generated by procedure "test.design-review" and procedure "test-design.review"/) }] });
  });

  it("refuses a procedure whose generated type is one of the schema's own (form.state would shadow FormState)", async () => {
    const current = (await run('admin', '{ procedure(key: "test.design-review") { definition } }')).data!.procedure as { definition: Record<string, unknown> };
    const report = await run('admin', 'mutation($d: JSON!) { validateProcedure(definition: $d) { ok problems { message } } }', { d: { ...current.definition, key: 'form.state' } });
    expect(report.data!.validateProcedure).toMatchObject({ ok: false, problems: expect.arrayContaining([{ message: expect.stringMatching(/"FormState" would be generated by procedure "form.state"/) }]) });
  });

  it('is for administrators only', async () => {
    const body = await run('alice', 'mutation { publishProcedure(key: "test.design-review") { version } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
