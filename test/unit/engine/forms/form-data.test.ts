import { describe, expect, it } from 'vitest';
import type { Procedure } from '../../../../server/src/definitions/definition.types.js';
import { hasValue, numericData, prepareData } from '../../../../server/src/engine/form-data.js';
import type { PrepareDataInput } from '../../../../server/src/engine/form-data.js';
import { ALICE, BOB, DRAFT_CLAIM, PAID_CLAIM, inputFor, kitchenSink, loadProcedure, loadShipped } from './form-fixtures.js';

const expense = await loadProcedure('test.expense');
const purchase = await loadProcedure('test.purchase');
const budget = await loadShipped('finance.budget-adjustment');

const validClaim = {
  title: 'Trip to Shenzhen',
  category: 'travel',
  lines: [
    { spentOn: '2026-03-01', amount: '0.10' },
    { spentOn: '2026-03-02', amount: '0.20' },
  ],
};

function prepare(procedure: Procedure, overrides: Partial<PrepareDataInput>) {
  return prepareData(inputFor(procedure, overrides));
}

const errorsByPath = (errors: readonly { path: string; message: { en: string } }[]) =>
  Object.fromEntries(errors.map((e) => [e.path, e.message.en]));

describe('prepareData', () => {
  it('stores exact money and computes the total without float drift', async () => {
    const result = await prepare(expense, { input: validClaim });
    expect(result.fieldErrors).toEqual([]);
    expect(result.data).toEqual({ ...validClaim, total: '0.30' });
  });

  it('normalises money inputs to the field scale and refuses what it cannot hold', async () => {
    const ok = await prepare(expense, { input: { ...validClaim, lines: [{ spentOn: '2026-03-01', amount: 1500 }, { spentOn: '2026-03-02', amount: '0012.5' }] } });
    expect(ok.fieldErrors).toEqual([]);
    expect(ok.data.lines).toEqual([{ spentOn: '2026-03-01', amount: '1500.00' }, { spentOn: '2026-03-02', amount: '12.50' }]);
    expect(ok.data.total).toBe('1512.50');

    const bad = await prepare(expense, { input: { ...validClaim, lines: [{ spentOn: '2026-03-01', amount: '12.345' }, { spentOn: '2026-03-02', amount: 'twelve' }] } });
    expect(bad.fieldErrors).toEqual([
      { path: 'lines.0.amount', message: { en: 'must have at most 2 decimal places', 'zh-CN': '最多只能有 2 位小数' } },
      { path: 'lines.1.amount', message: { en: 'must be an amount such as 1500.00', 'zh-CN': '必须是金额，例如 1500.00' } },
    ]);
  });

  it('refuses unknown, computed and non-writable keys without merging them', async () => {
    const previous = { ...validClaim, total: '0.30' };
    const result = await prepare(expense, {
      previous,
      input: { title: 'Changed', colour: 'red', total: '99.00', basics: 'x', paidOn: '2026-04-01' },
      writable: new Set(['title', 'category', 'explanation', 'costOwner', 'lines']),
    });
    expect(result.fieldErrors).toEqual([
      { path: 'colour', message: { en: 'this form has no field "colour"', 'zh-CN': '此表单没有字段“colour”' } },
      { path: 'total', message: { en: 'is computed from other fields and cannot be set', 'zh-CN': '由其他字段计算得出，不能填写' } },
      { path: 'basics', message: { en: 'this form has no field "basics"', 'zh-CN': '此表单没有字段“basics”' } },
      { path: 'paidOn', message: { en: 'you may not change this field in this stage', 'zh-CN': '您不能在当前阶段修改此字段' } },
    ]);
    expect(result.data).toEqual({ ...previous, title: 'Changed' });
    expect(result.changes).toEqual({ title: { from: 'Trip to Shenzhen', to: 'Changed' } });
  });

  it('hides and strips a field whose visibleWhen does not hold, and requires it when requiredWhen holds', async () => {
    const previous = { ...validClaim, category: 'other', explanation: 'Conference fee', total: '0.30' };
    const hidden = await prepare(expense, { previous, input: { category: 'travel' } });
    expect(hidden.fieldErrors).toEqual([]);
    expect(hidden.data).not.toHaveProperty('explanation');
    expect(hidden.changes).toEqual({ category: { from: 'other', to: 'travel' }, explanation: { from: 'Conference fee', to: null } });

    const required = await prepare(expense, { input: { ...validClaim, category: 'other' } });
    expect(required.fieldErrors).toEqual([{ path: 'explanation', message: { en: 'is required', 'zh-CN': '必填' } }]);
    const given = await prepare(expense, { input: { ...validClaim, category: 'other', explanation: 'Conference fee' } });
    expect(given.fieldErrors).toEqual([]);
    expect(given.data.explanation).toBe('Conference fee');
  });

  it('translates schema errors to rjsf paths in both languages', async () => {
    const result = await prepare(expense, {
      input: {
        title: 'x'.repeat(121),
        category: 'food',
        lines: [{ spentOn: '2026-03-01', amount: '1.00' }, { spentOn: '31/03/2026', colour: 'red' }],
      },
    });
    expect(result.fieldErrors).toEqual([
      { path: 'lines.1.amount', message: { en: 'is required', 'zh-CN': '必填' } },
      { path: 'title', message: { en: 'must be at most 120 characters long', 'zh-CN': '长度不能超过 120 个字符' } },
      { path: 'category', message: { en: 'must be one of travel, other', 'zh-CN': '必须是以下之一：travel, other' } },
      { path: 'lines.1.colour', message: { en: 'has no column "colour"', 'zh-CN': '没有“colour”这一列' } },
      {
        path: 'lines.1.spentOn',
        message: { en: 'must be a date such as 2026-03-31', 'zh-CN': '必须是日期，例如 2026-03-31' },
      },
    ]);
  });

  it('compares money limits as exact decimals', async () => {
    const sink = kitchenSink();
    const below = await prepare(sink, { input: { price: '0.004', note: 'n' } });
    expect(errorsByPath(below.fieldErrors)).toEqual({ price: 'must be at least 0.005' });
    const edge = await prepare(sink, { input: { price: '0.005' } });
    expect(edge.fieldErrors).toEqual([]);
    const above = await prepare(sink, { input: { price: '1000' } });
    expect(above.fieldErrors).toEqual([{ path: 'price', message: { en: 'must be at most 999.999', 'zh-CN': '不能大于 999.999' } }]);
    expect(above.data.price).toBe('1000.000');

    const negative = await prepare(expense, { input: { ...validClaim, lines: [{ spentOn: '2026-03-01', amount: '-0.01' }] } });
    expect(errorsByPath(negative.fieldErrors)).toEqual({ 'lines.0.amount': 'must be at least 0.00' });
  });

  it('refuses unknown users, links to records in the wrong stage and unknown departments', async () => {
    const stranger = '9f9f9f9f-9f9f-4f9f-8f9f-9f9f9f9f9f9f';
    const claim = await prepare(expense, {
      input: { ...validClaim, costOwner: stranger, lines: [{ spentOn: '2026-03-01', amount: '5.00', approver: BOB }, { spentOn: '2026-03-01', amount: '5.00', approver: stranger }] },
    });
    expect(claim.fieldErrors).toEqual([
      { path: 'costOwner', message: { en: `no user has the id ${stranger}`, 'zh-CN': `不存在 ID 为 ${stranger} 的用户` } },
      { path: 'lines.1.approver', message: { en: `no user has the id ${stranger}`, 'zh-CN': `不存在 ID 为 ${stranger} 的用户` } },
    ]);

    const wrongStage = await prepare(purchase, { input: { claim: DRAFT_CLAIM } });
    expect(wrongStage.fieldErrors).toEqual([
      { path: 'claim', message: { en: 'only records of test.expense in stage paid may be linked', 'zh-CN': '只能关联处于 paid 阶段的 test.expense 记录' } },
    ]);
    const paid = await prepare(purchase, { input: { claim: PAID_CLAIM } });
    expect(paid.fieldErrors).toEqual([]);

    const sink = await prepare(kitchenSink(), { input: { dept: 'marketing', claims: [PAID_CLAIM, 'c0c0c0c0-c0c0-4c0c-8c0c-c0c0c0c0c0c0'] } });
    expect(errorsByPath(sink.fieldErrors)).toEqual({
      dept: '"marketing" is not a department: use one of sales, finance, rnd',
      'claims.1': 'no record has the id c0c0c0c0-c0c0-4c0c-8c0c-c0c0c0c0c0c0',
    });
  });

  it('refuses a kept link whose record has since left the stages it must be in (the disqualified supplier kept on update)', async () => {
    const result = await prepare(purchase, { previous: { claim: DRAFT_CLAIM }, input: {} });
    expect(result.fieldErrors.map((e) => e.path)).toEqual(['claim']);
  });

  it("refuses a person outside a user field's roles, in a kept value too (the finance officer accepted as a salesperson)", async () => {
    const directory = { ...inputFor(expense).directory, people: new Map([[ALICE, { id: ALICE, department: 'finance', roles: ['finance-officer'], manager: null }]]) };
    const created = await prepare(expense, { input: { ...validClaim, costOwner: ALICE }, directory });
    expect(created.fieldErrors).toContainEqual({ path: 'costOwner', message: expect.objectContaining({ en: 'only a person with the role manager may be named here' }) });
    const kept = await prepare(expense, { previous: { ...validClaim, costOwner: ALICE }, input: {}, directory });
    expect(kept.fieldErrors.map((e) => e.path)).toContain('costOwner');
  });

  it('reports what changed, with null for values that are absent', async () => {
    const previous = { ...validClaim, total: '0.30' };
    const result = await prepare(expense, {
      previous,
      input: { lines: [{ spentOn: '2026-03-01', amount: '0.10' }, { spentOn: '2026-03-02', amount: 0.25 }], costOwner: ALICE },
    });
    expect(result.fieldErrors).toEqual([]);
    expect(result.changes).toEqual({
      lines: { from: previous.lines, to: [{ spentOn: '2026-03-01', amount: '0.10' }, { spentOn: '2026-03-02', amount: '0.25' }] },
      costOwner: { from: null, to: ALICE },
      total: { from: '0.30', to: '0.35' },
    });
    const cleared = await prepare(expense, { previous: result.data, input: { costOwner: null } });
    expect(cleared.changes).toEqual({ costOwner: { from: ALICE, to: null } });
    expect(cleared.data).not.toHaveProperty('costOwner');
  });

  it('reports several errors at once', async () => {
    const result = await prepare(expense, {
      input: { colour: 'red', category: 'other', lines: [{ amount: '1.234' }] },
      writable: new Set(['category', 'lines']),
    });
    expect(errorsByPath(result.fieldErrors)).toEqual({
      colour: 'this form has no field "colour"',
      'lines.0.amount': 'must have at most 2 decimal places',
      title: 'is required',
      explanation: 'is required',
      'lines.0.spentOn': 'is required',
    });
  });

  it('computes in definition order and reports an expression that fails as a field error', async () => {
    const adjusted = await prepare(budget, {
      input: { budgetYear: 2026, reason: 'market-change', currentAmount: 1000, requestedAmount: '1250.5', lines: [{ item: 'Ads', amount: '1250.50' }] },
    });
    expect(adjusted.fieldErrors).toEqual([]);
    expect(adjusted.data).toMatchObject({ currentAmount: '1000.00', requestedAmount: '1250.50', linesTotal: '1250.50', difference: '250.50' });

    const sink = await prepare(kitchenSink(), { input: { count: 7, ratio: 1.5, note: 'n' } });
    expect(sink.data.doubled).toBe(15); // 7 × 2.2 = 15.4, an integer field
    expect(sink.fieldErrors).toHaveLength(1);
    expect(sink.fieldErrors[0]!.path).toBe('broken');
    expect(sink.fieldErrors[0]!.message.en).toMatch(/^could not be computed: /);
    expect(sink.fieldErrors[0]!.message['zh-CN']).toMatch(/^无法计算：/);
  });

  it('computes table columns per row before the fields that sum them', async () => {
    const result = await prepare(kitchenSink(), { input: { items: [{ qty: 3, unit: '0.10', sub: '99.00' }, { qty: 1, unit: 0.2 }] } });
    expect(result.fieldErrors).toEqual([]);
    expect(result.data.items).toEqual([{ qty: 3, unit: '0.10', sub: '0.30' }, { qty: 1, unit: '0.20', sub: '0.20' }]);
    expect(result.data.itemsTotal).toBe('0.50');
  });

  it('hides every field of a hidden section', async () => {
    const sink = kitchenSink();
    const hidden = await prepare(sink, { input: { count: 2, note: 'kept out' } });
    expect(hidden.fieldErrors).toEqual([]);
    expect(hidden.data).toEqual({ count: 2 });
    const shown = await prepare(sink, { input: { count: 6 } });
    expect(errorsByPath(shown.fieldErrors)).toEqual({ note: 'is required' });
    expect(shown.data).toEqual({ count: 6, doubled: 13 });
  });

  it('checks file types and sizes, dates and multiselect limits', async () => {
    const result = await prepare(kitchenSink(), {
      input: {
        scan: { id: 'f1', name: 'scan.jpg', size: 2_000_000, contentType: 'image/jpeg' },
        due: '2027-01-01',
        tags: ['a', 'a', 'b'],
      },
    });
    expect(errorsByPath(result.fieldErrors)).toEqual({
      'scan.size': 'must be at most 1048576',
      tags: 'must have at most 2 entries',
      due: 'must be on or before 2026-12-31',
      scan: 'must be a file of type application/pdf, .png',
    });
    const ok = await prepare(kitchenSink(), { input: { scan: { id: 'f1', name: 'scan.PNG', size: 20 }, due: '2026-06-30', tags: ['c'] } });
    expect(ok.fieldErrors).toEqual([]);
  });

  it('starts from the defaults on create when asked', async () => {
    const result = await prepare(expense, { input: { title: 'T', lines: validClaim.lines }, applyDefaults: true });
    expect(result.fieldErrors).toEqual([]);
    expect(result.data.category).toBe('travel');
  });

  it('gives conditions money as numbers and the percent change', async () => {
    expect(numericData(budget, { currentAmount: '1000.00', lines: [{ item: 'a', amount: '0.10' }] })).toEqual({
      currentAmount: 1000,
      lines: [{ item: 'a', amount: 0.1 }],
    });
    expect([undefined, null, '', []].map(hasValue)).toEqual([false, false, false, false]);
    expect([0, false, 'x', ['x']].map(hasValue)).toEqual([true, true, true, true]);
  });
});

describe('prepareData conditions', () => {
  it('see the percent change of number fields, the changed keys and the actor', async () => {
    const budgetWithJustification = {
      ...budget,
      fields: budget.fields.map((f) =>
        f.key === 'reasonDetail'
          ? {
              ...f,
              visibleWhen: undefined,
              requiredWhen: {
                any: [
                  { fact: 'percentChange', path: '$.requestedAmount', operator: 'greaterThan', value: 10 },
                  { all: [{ fact: 'changes', operator: 'contains', value: 'budgetYear' }, { fact: 'actor', path: '$.roles', operator: 'contains', value: 'employee' }] },
                ],
              },
            }
          : f,
      ),
    };
    const previous = { budgetYear: 2026, reason: 'market-change', currentAmount: '1000.00', requestedAmount: '1000.00', lines: [{ item: 'Ads', amount: '1000.00' }], linesTotal: '1000.00', difference: '0.00' };
    const small = await prepare(budgetWithJustification, { previous, input: { requestedAmount: '1100.00' } });
    expect(small.fieldErrors).toEqual([]);
    expect(small.changes).toEqual({ requestedAmount: { from: '1000.00', to: '1100.00' }, difference: { from: '0.00', to: '100.00' } });
    const large = await prepare(budgetWithJustification, { previous, input: { requestedAmount: '1100.01' } });
    expect(errorsByPath(large.fieldErrors)).toEqual({ reasonDetail: 'is required' });
    const year = await prepare(budgetWithJustification, { previous, input: { budgetYear: 2027 } });
    expect(errorsByPath(year.fieldErrors)).toEqual({ reasonDetail: 'is required' });
  });
});
