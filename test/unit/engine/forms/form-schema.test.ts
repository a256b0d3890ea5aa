import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { compileForm } from '../../../../server/src/engine/form-schema.js';
import { kitchenSink, loadProcedure, loadShipped } from './form-fixtures.js';

describe('compileForm', () => {
  it('describes the expense claim data as a JSON Schema', async () => {
    const { jsonSchema } = compileForm(await loadProcedure('test.expense'));
    expect(jsonSchema.type).toBe('object');
    expect(jsonSchema.additionalProperties).toBe(false);
    expect(Object.keys(jsonSchema.properties!)).toEqual(['title', 'category', 'explanation', 'costOwner', 'lines', 'total', 'paidOn']);
    expect(jsonSchema.required).toEqual(['title', 'category']);
    expect(jsonSchema.properties!.title).toEqual({ type: 'string', maxLength: 120, title: 'Title' });
    expect(jsonSchema.properties!.category).toEqual({
      type: 'string',
      title: 'Category',
      default: 'travel',
      oneOf: [
        { const: 'travel', title: 'Travel' },
        { const: 'other', title: 'Other' },
      ],
    });
    expect(jsonSchema.properties!.costOwner).toEqual({ type: 'string', format: 'uuid', title: 'Cost-centre owner' });
    expect(jsonSchema.properties!.total).toEqual({ type: 'string', pattern: '^-?\\d+(\\.\\d{1,2})?$', title: 'Total', readOnly: true });
    expect(jsonSchema.properties!.paidOn).toEqual({ type: 'string', format: 'date', title: 'Paid on' });
    expect(jsonSchema.properties!.lines).toEqual({
      type: 'array',
      title: 'Receipts',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        properties: {
          spentOn: { type: 'string', format: 'date', title: 'Date' },
          amount: { type: 'string', pattern: '^-?\\d+(\\.\\d{1,2})?$', title: 'Amount' },
          approver: { type: 'string', format: 'uuid', title: 'Line approver' },
        },
        required: ['spentOn', 'amount'],
        additionalProperties: false,
      },
    });
  });

  it('keeps both languages and the order in the UI schema', async () => {
    const { uiSchema } = compileForm(await loadProcedure('test.expense'));
    expect(uiSchema['ui:order']).toEqual(['title', 'category', 'explanation', 'costOwner', 'lines', 'total', 'paidOn']);
    expect(uiSchema['ui:options']).toEqual({
      sections: [{ key: 'basics', label: { en: 'Basics', 'zh-CN': '基本信息' }, fields: ['title', 'category', 'explanation', 'costOwner', 'lines', 'total', 'paidOn'] }],
    });
    expect(uiSchema.explanation).toEqual({ 'ui:widget': 'textarea', 'ui:options': { label: { en: 'Explanation', 'zh-CN': '说明' } } });
    expect(uiSchema.category).toMatchObject({ 'ui:options': { labels: { travel: { en: 'Travel', 'zh-CN': '差旅' }, other: { en: 'Other', 'zh-CN': '其他' } } } });
    expect(uiSchema.costOwner).toEqual({ 'ui:widget': 'user', 'ui:options': { label: { en: 'Cost-centre owner', 'zh-CN': '成本中心负责人' }, roles: ['manager'] } });
    expect(uiSchema.total).toEqual({ 'ui:readonly': true, 'ui:options': { label: { en: 'Total', 'zh-CN': '合计' }, currency: 'CNY', scale: 2 } });
    expect(uiSchema.lines).toMatchObject({
      items: { 'ui:order': ['spentOn', 'amount', 'approver'], amount: { 'ui:options': { currency: 'CNY', min: '0.00' } } },
    });
    expect(uiSchema).not.toHaveProperty('basics');
  });

  it('maps the remaining field types', () => {
    const { jsonSchema, uiSchema } = compileForm(kitchenSink());
    const p = jsonSchema.properties!;
    expect(p.count).toEqual({ type: 'integer', minimum: 1, maximum: 10, title: 'Count' });
    expect(p.ratio).toEqual({ type: 'number', title: 'Ratio' });
    expect(p.price).toEqual({ type: 'string', pattern: '^-?\\d+(\\.\\d{1,3})?$', title: 'Price' });
    expect(p.whole!.pattern).toBe('^-?\\d+$');
    expect(p.tags).toMatchObject({ type: 'array', uniqueItems: true, minItems: 1, maxItems: 2, items: { type: 'string', oneOf: [{ const: 'a', title: 'A' }, { const: 'b', title: 'B' }, { const: 'c', title: 'C' }] } });
    expect(p.dept).toMatchObject({ type: 'string' });
    expect(p.claims).toMatchObject({ type: 'array', uniqueItems: true, items: { type: 'string', format: 'uuid' } });
    expect(p.scan).toMatchObject({ type: 'object', required: ['id', 'name'], additionalProperties: false, properties: { size: { type: 'integer', minimum: 0, maximum: 1048576 } } });
    expect(p.items!.items).toMatchObject({ required: ['qty', 'unit'], properties: { sub: { type: 'string', readOnly: true } } });
    // `note` sits in a section that may be hidden, so the browser must not demand it.
    expect(jsonSchema.required).toEqual([]);
    expect(uiSchema.price).toMatchObject({ 'ui:options': { currency: 'EUR', scale: 3, min: '0.005', max: '999.999' } });
    expect(uiSchema.dept).toMatchObject({ 'ui:widget': 'department' });
    expect(uiSchema.claims).toMatchObject({ 'ui:options': { procedure: 'test.expense' } });
    expect(uiSchema['ui:options']).toEqual({
      sections: [
        { key: 'head', label: { en: 'Head', 'zh-CN': 'Head（中）' }, fields: ['count', 'ratio', 'price', 'whole', 'tags', 'dept', 'claims', 'scan', 'due', 'items', 'itemsTotal'] },
        { key: 'extras', label: { en: 'Extras', 'zh-CN': 'Extras（中）' }, fields: ['note', 'doubled', 'broken'] },
      ],
    });
  });

  it('is deterministic and compiles under draft-07 ajv, as @rjsf/validator-ajv8 uses it', async () => {
    for (const procedure of [await loadProcedure('test.expense'), await loadShipped('finance.budget-adjustment'), kitchenSink()]) {
      const form = compileForm(procedure);
      expect(JSON.stringify(compileForm(procedure))).toBe(JSON.stringify(form));
      const ajv = new Ajv({ strict: true, strictTypes: false });
      addFormats.default(ajv);
      expect(() => ajv.compile(form.jsonSchema)).not.toThrow();
    }
  });
});
