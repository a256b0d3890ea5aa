/** What form-data.ts reads of a procedure's form, worked out once per procedure version. */
import type { Field, Procedure } from '../../definitions/definition.types.js';
import { valueFields } from '../form-schema.js';

export interface FormModel {
  /** Fields that hold a value, in definition order (sections left out). */
  readonly fields: readonly Field[];
  readonly byKey: ReadonlyMap<string, Field>;
  /** The section a field sits in, when there is one. */
  readonly sectionOf: ReadonlyMap<string, Field>;
  readonly sections: readonly Field[];
  readonly computed: readonly Field[];
}

const models = new WeakMap<Procedure, FormModel>();

export function formModel(procedure: Procedure): FormModel {
  let model = models.get(procedure);
  if (!model) {
    const { fields, sectionOf } = valueFields(procedure.fields);
    model = {
      fields,
      byKey: new Map(fields.map((f) => [f.key, f])),
      sectionOf,
      sections: procedure.fields.filter((f) => f.type === 'section'),
      computed: fields.filter((f) => f.computed !== undefined),
    };
    models.set(procedure, model);
  }
  return model;
}

export function columnsOf(field: Field): readonly Field[] {
  return field.type === 'table' ? (field.columns ?? []) : [];
}

/** Table rows that are objects (anything else is left for the schema to refuse). */
export function rowsOf(value: unknown): { row: Record<string, unknown>; index: number }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((row: unknown, index) => (isPlainObject(row) ? [{ row, index }] : []));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
