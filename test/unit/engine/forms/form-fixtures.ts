import { loadDefinitions } from '../../../../server/src/definitions/definition-set.js';
import type { Procedure, ProcedureDef } from '../../../../server/src/definitions/definition.types.js';
import { normaliseProcedure } from '../../../../server/src/definitions/normalise.js';
import type { PrepareDataInput } from '../../../../server/src/engine/form-data.js';
import { shippedDefinitionsDir, validDefinitionsDir } from '../../../support/fixtures.js';

export async function loadProcedure(key: string, dir = validDefinitionsDir): Promise<Procedure> {
  const result = await loadDefinitions(dir);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.file} ${p.pointer} ${p.message}`).join('\n'));
  const procedure = result.set.registry.procedures.get(key);
  if (!procedure) throw new Error(`no procedure ${key}`);
  return procedure;
}

export const loadShipped = (key: string) => loadProcedure(key, shippedDefinitionsDir);

export const ALICE = '0b7c2c1e-3f5a-4d6b-9a8e-1c2d3e4f5a6b';
export const BOB = '1c8d3d2f-4a6b-4e7c-8b9f-2d3e4f5a6b7c';
export const PAID_CLAIM = '2d9e4e3a-5b7c-4f8d-9ca0-3e4f5a6b7c8d';
export const DRAFT_CLAIM = '3eaf5f4b-6c8d-4a9e-8db1-4f5a6b7c8d9e';

/** A prepareData input with a permissive context; tests override what they exercise. */
export function inputFor(procedure: Procedure, overrides: Partial<PrepareDataInput> = {}): PrepareDataInput {
  return {
    procedure,
    previous: {},
    input: {},
    writable: new Set(procedure.fields.map((f) => f.key)),
    context: {
      actor: { id: ALICE, username: 'alice', roles: ['employee'], department: 'sales', isAdmin: false },
      record: { stage: procedure.initialStage },
      approvals: {},
    },
    directory: {
      departmentManagers: new Map(),
      userIds: new Map(),
      people: new Map([ALICE, BOB].map((id) => [id, { id, department: 'sales', roles: ['employee', 'manager'], manager: null }])),
      departments: new Set(['sales', 'finance', 'rnd']),
      linkedRecords: new Map([
        [PAID_CLAIM, { procedure: 'test.expense', stage: 'paid', department: 'sales', readable: true }],
        [DRAFT_CLAIM, { procedure: 'test.expense', stage: 'draft', department: 'sales', readable: true }],
      ]),
    },
    now: new Date('2026-03-31T08:00:00Z'),
    ...overrides,
  };
}

/** A procedure with every field type the fixtures lack, built without the file pipeline. */
export function kitchenSink(): Procedure {
  const label = (en: string) => ({ en, 'zh-CN': `${en}（中）` });
  const def: ProcedureDef = {
    key: 'test.kitchen-sink',
    department: 'sales',
    label: label('Kitchen sink'),
    start: { anyone: true },
    form: {
      fields: [
        { key: 'head', type: 'section', label: label('Head') },
        { key: 'count', type: 'integer', label: label('Count'), min: 1, max: 10 },
        { key: 'ratio', type: 'number', label: label('Ratio') },
        { key: 'price', type: 'money', label: label('Price'), currency: 'EUR', scale: 3, min: '0.005', max: '999.999' },
        { key: 'whole', type: 'money', label: label('Whole'), scale: 0 },
        { key: 'tags', type: 'multiselect', label: label('Tags'), minItems: 1, maxItems: 2, options: [
          { value: 'a', label: label('A') }, { value: 'b', label: label('B') }, { value: 'c', label: label('C') },
        ] },
        { key: 'dept', type: 'department', label: label('Department') },
        { key: 'claims', type: 'link', label: label('Claims'), procedure: 'test.expense', multiple: true },
        { key: 'scan', type: 'file', label: label('Scan'), accept: ['application/pdf', '.png'], maxSizeMb: 1 },
        { key: 'due', type: 'date', label: label('Due'), min: '2026-01-01', max: '2026-12-31' },
        { key: 'items', type: 'table', label: label('Items'), columns: [
          { key: 'qty', type: 'integer', label: label('Quantity'), required: true },
          { key: 'unit', type: 'money', label: label('Unit price'), required: true },
          { key: 'sub', type: 'money', label: label('Subtotal'), computed: 'qty * unit' },
        ] },
        { key: 'itemsTotal', type: 'money', label: label('Items total'), computed: '$sum(items.sub)' },
        { key: 'extras', type: 'section', label: label('Extras'), visibleWhen: { fact: 'data', path: '$.count', operator: 'greaterThan', value: 5 } },
        { key: 'note', type: 'text', label: label('Note'), required: true },
        { key: 'doubled', type: 'integer', label: label('Doubled'), computed: 'count * 2.2' },
        { key: 'broken', type: 'money', label: label('Broken'), computed: 'ratio + (ratio ? note : 0)' },
      ],
    },
    stages: [
      { key: 'open', label: label('Open'), initial: true },
      { key: 'done', label: label('Done'), final: true },
    ],
    actions: [{ key: 'finish', label: label('Finish'), from: 'open', to: 'done', by: { creator: true } }],
  };
  return normaliseProcedure(def);
}
