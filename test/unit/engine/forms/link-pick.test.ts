import { describe, expect, it } from 'vitest';
import type { ProcedureDef } from '../../../../server/src/definitions/definition.types.js';
import { normaliseProcedure } from '../../../../server/src/definitions/normalise.js';
import type { LinkedRecord } from '../../../../server/src/engine/engine.types.js';
import { prepareData, type PrepareDataInput } from '../../../../server/src/engine/form-data.js';
import { inputFor } from './form-fixtures.js';

// A link newly written must name a record the writer may pick: one they may read, of the department
// the field's `pick` names. Any other answers as an id no record has (issue 11, part 4).

const label = (en: string) => ({ en, 'zh-CN': `${en}（中）` });
const def: ProcedureDef = {
  key: 'test.payment',
  department: 'finance',
  label: label('Payment'),
  start: { anyone: true },
  form: {
    fields: [
      { key: 'budget', type: 'link', label: label('Budget'), procedure: 'test.budget', stages: ['approved'], pick: { department: 'actor' } },
      { key: 'project', type: 'link', label: label('Project'), procedure: 'test.budget', stages: ['approved'] },
      { key: 'owner', type: 'link', label: label('Owner'), procedure: 'test.budget', pick: { department: 'record' } },
      {
        key: 'note',
        type: 'text',
        label: label('Note'),
        requiredWhen: { fact: 'links', path: '$.budget.remaining', operator: 'lessThan', value: 100 },
      },
      { key: 'items', type: 'table', label: label('Items'), columns: [{ key: 'ref', type: 'link', label: label('Ref'), procedure: 'test.budget', pick: { department: 'actor' } }] },
    ],
  },
  stages: [{ key: 'open', label: label('Open'), initial: true }, { key: 'done', label: label('Done'), final: true }],
  actions: [{ key: 'finish', label: label('Finish'), from: 'open', to: 'done', by: { creator: true } }],
};
const payment = normaliseProcedure(def);

const OWN = '10000000-0000-4000-8000-000000000001';
const FINANCE = '10000000-0000-4000-8000-000000000002';
const HIDDEN = '10000000-0000-4000-8000-000000000003';
const HIDDEN_DRAFT = '10000000-0000-4000-8000-000000000004';
const UNKNOWN = '10000000-0000-4000-8000-00000000dead';
const budget = (department: string, readable: boolean, stage = 'approved'): LinkedRecord => ({ procedure: 'test.budget', stage, department, readable, data: { remaining: 50 } });

/** The writer is in sales; the payment they write belongs to finance. */
function prepare(overrides: Partial<PrepareDataInput>) {
  const base = inputFor(payment);
  return prepareData({
    ...base,
    context: { ...base.context, record: { stage: 'open', department: 'finance' } },
    directory: {
      ...base.directory,
      linkedRecords: new Map([
        [OWN, budget('sales', true)],
        [FINANCE, budget('finance', true)],
        [HIDDEN, budget('market', false)],
        [HIDDEN_DRAFT, budget('market', false, 'draft')],
      ]),
    },
    ...overrides,
  });
}

const byPath = (errors: readonly { path: string; message: { en: string } }[]) => Object.fromEntries(errors.map((e) => [e.path, e.message.en]));
const anonymous = (errors: readonly { path: string; message: { en: string } }[], id: string) => JSON.parse(JSON.stringify(errors).replaceAll(id, '<id>')) as unknown;

describe('picking a record for a link', () => {
  it('a new link to a record the writer may not read answers as an unknown id: its stage and existence untold', async () => {
    const hidden = await prepare({ input: { project: HIDDEN_DRAFT, note: 'n' } });
    const unknown = await prepare({ input: { project: UNKNOWN, note: 'n' } });
    expect(byPath(hidden.fieldErrors)).toEqual({ project: `no record has the id ${HIDDEN_DRAFT}` });
    expect(anonymous(hidden.fieldErrors, HIDDEN_DRAFT)).toEqual(anonymous(unknown.fieldErrors, UNKNOWN));
  });

  it('pick: department actor takes records of the writer\'s department, record those of the linking record\'s', async () => {
    expect((await prepare({ input: { budget: OWN, owner: FINANCE, note: 'n' } })).fieldErrors).toEqual([]);
    const crossed = await prepare({ input: { budget: FINANCE, owner: OWN, note: 'n' } });
    expect(byPath(crossed.fieldErrors)).toEqual({ budget: `no record has the id ${FINANCE}`, owner: `no record has the id ${OWN}` });
    // Without `pick`, reading the record is the whole right.
    expect((await prepare({ input: { project: FINANCE, note: 'n' } })).fieldErrors).toEqual([]);
  });

  it('a kept link is not judged for the writer\'s right again, but still for its stage', async () => {
    // The finance officer acting on a sales payment keeps a budget they could not have picked.
    expect((await prepare({ previous: { budget: FINANCE, note: 'n' }, input: { note: 'paid' } })).fieldErrors).toEqual([]);
    expect(byPath((await prepare({ previous: { project: HIDDEN_DRAFT, note: 'n' }, input: {} })).fieldErrors)).toEqual({
      project: 'only records of test.budget in stage approved may be linked',
    });
  });

  it('conditions over the links fact see a record the writer may not pick as no record', async () => {
    // `note` is required while the linked budget has less than 100 left: it must not tell of a hidden budget.
    expect(byPath((await prepare({ input: { budget: OWN } })).fieldErrors)).toEqual({ note: 'is required' });
    const hidden = await prepare({ input: { budget: HIDDEN } });
    const unknown = await prepare({ input: { budget: UNKNOWN } });
    expect(byPath(hidden.fieldErrors)).toEqual({ budget: `no record has the id ${HIDDEN}` });
    expect(anonymous(hidden.fieldErrors, HIDDEN)).toEqual(anonymous(unknown.fieldErrors, UNKNOWN));
    expect(hidden.required).toEqual(unknown.required);
  });

  it('judges link columns row by row, a row that moved keeping its link', async () => {
    const added = await prepare({ previous: { items: [{ ref: FINANCE }] }, input: { items: [{ ref: OWN }, { ref: FINANCE }, { ref: HIDDEN }], note: 'n' } });
    expect(byPath(added.fieldErrors)).toEqual({ 'items.2.ref': `no record has the id ${HIDDEN}` });
  });
});
