import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { engineDefinitionsDir } from '../support/world.js';

// What the procedure designer needs beyond the contract: the drafts of procedures never
// published, and the live preview of an unsaved form compiled by the server's own compiler.
let t: TestApp;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp(engineDefinitionsDir);
  tokens.admin = (await t.user('root', { department: 'management', roles: [], admin: true })).token;
  tokens.alice = (await t.user('alice', { department: 'sales', roles: ['employee'] })).token;
});
afterAll(async () => {
  await t?.close();
});

async function run(as: string, query: string, variables?: Record<string, unknown>) {
  return (await t.graphql(query, { token: tokens[as], variables })).body;
}

const label = (en: string, zh: string) => ({ en, 'zh-CN': zh });

function newProcedure(extraField?: Record<string, unknown>) {
  return {
    key: 'rnd.lab-booking',
    department: 'rnd',
    label: label('Lab booking', '实验室预约'),
    start: { roles: ['employee'] },
    form: {
      fields: [
        { key: 'purpose', type: 'text', label: label('Purpose', '用途'), required: true },
        { key: 'kind', type: 'select', label: label('Kind', '类型'), options: [{ value: 'test', label: label('Test', '测试') }, { value: 'other', label: label('Other', '其他') }] },
        { key: 'detail', type: 'textarea', label: label('Detail', '说明'), visibleWhen: { all: [{ fact: 'data', path: '$.kind', operator: 'equal', value: 'other' }] } },
        { key: 'items', type: 'table', label: label('Items', '明细'), columns: [{ key: 'name', type: 'text', label: label('Name', '名称') }, { key: 'cost', type: 'money', label: label('Cost', '费用') }] },
        ...(extraField ? [extraField] : []),
      ],
    },
    stages: [
      { key: 'draft', label: label('Draft', '草稿'), initial: true },
      { key: 'done', label: label('Done', '完成'), final: true },
    ],
    actions: [{ key: 'finish', label: label('Finish', '完成'), from: 'draft', to: 'done', by: { creator: true } }],
  };
}

describe('the drafts of procedures', () => {
  it('lists the draft of a procedure that was never published, with its definition and versions', async () => {
    const saved = await run('admin', 'mutation($d: JSON!) { saveProcedure(definition: $d) { key version status } }', { d: newProcedure() });
    expect(saved.data!.saveProcedure).toEqual({ key: 'rnd.lab-booking', version: 1, status: 'draft' });
    expect((await run('admin', '{ procedure(key: "rnd.lab-booking") { version } }')).data!.procedure).toBeNull();

    const drafts = await run('admin', '{ procedureDrafts { key version status department definition versions { version status } } }');
    expect(drafts.data!.procedureDrafts).toEqual([
      { key: 'rnd.lab-booking', version: 1, status: 'draft', department: 'rnd', definition: newProcedure(), versions: [{ version: 1, status: 'draft' }] },
    ]);
    const one = await run('admin', '{ procedureDrafts(key: "test.budget-adjustment") { key } }');
    expect(one.data!.procedureDrafts).toEqual([]);
  });

  it('shows drafts to administrators only', async () => {
    const body = await run('alice', '{ procedureDrafts { key } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the live preview of a form', () => {
  it('compiles an unsaved form exactly as the published one is compiled', async () => {
    const preview = await run('admin', 'query($d: JSON!) { previewForm(definition: $d) { ok jsonSchema uiSchema problems { path message } } }', { d: newProcedure() });
    const published = await run('admin', '{ procedure(key: "test.budget-adjustment") { form { jsonSchema } } }');
    expect(published.errors).toBeUndefined();
    expect(preview.data!.previewForm).toMatchObject({
      ok: true,
      problems: [],
      jsonSchema: {
        type: 'object',
        required: ['purpose'],
        properties: {
          purpose: { type: 'string', title: 'Purpose' },
          kind: { type: 'string', oneOf: [{ const: 'test', title: 'Test' }, { const: 'other', title: 'Other' }] },
          items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, cost: { type: 'string', pattern: expect.any(String) } } } },
        },
      },
      uiSchema: { 'ui:order': ['purpose', 'kind', 'detail', 'items'], detail: { 'ui:widget': 'textarea', 'ui:options': { label: label('Detail', '说明') } } },
    });
  });

  it('previews the form while the rest of the definition is still incomplete', async () => {
    const incomplete = { ...newProcedure(), stages: [], actions: [{ key: 'go' }] };
    const preview = await run('admin', 'query($d: JSON!) { previewForm(definition: $d) { ok problems { path } jsonSchema } }', { d: incomplete });
    expect(preview.data!.previewForm).toMatchObject({ ok: true, problems: [], jsonSchema: { required: ['purpose'] } });
  });

  it('gives the problems of the form with their pointers and no schema', async () => {
    const broken = newProcedure({ key: 'choice', type: 'select', label: label('Choice', '选择') });
    const preview = await run('admin', 'query($d: JSON!) { previewForm(definition: $d) { ok jsonSchema problems { path message } } }', { d: broken });
    expect(preview.data!.previewForm).toEqual({ ok: false, jsonSchema: null, problems: [{ path: '/form/fields/4', message: expect.stringContaining('options') }] });
    const noForm = await run('admin', 'query($d: JSON!) { previewForm(definition: $d) { ok problems { path message } } }', { d: { key: 'rnd.x' } });
    expect(noForm.data!.previewForm).toEqual({ ok: false, problems: [{ path: '/form', message: expect.stringContaining('"form"') }] });
  });

  it('is for administrators only', async () => {
    const body = await run('alice', 'query($d: JSON!) { previewForm(definition: $d) { ok } }', { d: newProcedure() });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(body.data).toBeNull();
  });
});
