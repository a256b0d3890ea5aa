/**
 * A procedure's form as a JSON Schema (what ajv validates on the server and rjsf renders in the
 * browser) and a UI schema (how rjsf lays it out). Pure and deterministic: the same procedure
 * always gives the same schemas, in definition order.
 *
 * The JSON Schema uses only keywords that draft-07 has too and carries no `$schema`, so both
 * Ajv2020 here and @rjsf/validator-ajv8 (draft-07 by default) accept it unchanged. Rules that
 * need the record's context are not in it and are checked by form-data.ts: `requiredWhen`,
 * `visibleWhen`, money limits (money is a decimal string, and JSON Schema compares only numbers),
 * date limits, and references to users, departments and other records.
 */
import type { Field, Label, Procedure } from '../definitions/definition.types.js';
import { DEFAULT_CURRENCY, DEFAULT_SCALE, formatLimit, moneyPattern, toMoney } from './forms/decimal.js';

export interface JsonSchemaObject {
  type?: string;
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchemaObject>;
  required?: string[];
  items?: JsonSchemaObject;
  oneOf?: JsonSchemaObject[];
  [keyword: string]: unknown;
}

export type UiSchema = Record<string, unknown>;

export interface CompiledForm {
  readonly jsonSchema: JsonSchemaObject;
  readonly uiSchema: UiSchema;
}

const BYTES_PER_MB = 1024 * 1024;

export function compileForm(procedure: Procedure): CompiledForm {
  const { fields, sectionOf } = valueFields(procedure.fields);
  const jsonSchema: JsonSchemaObject = {
    type: 'object',
    properties: Object.fromEntries(fields.map((f) => [f.key, fieldSchema(f)])),
    required: fields.filter((f) => isStaticallyRequired(f, sectionOf.get(f.key))).map((f) => f.key),
    additionalProperties: false,
  };
  const uiSchema: UiSchema = {
    'ui:order': fields.map((f) => f.key),
    ...Object.fromEntries(fields.map((f) => [f.key, fieldUi(f)])),
  };
  const sections = sectionsOf(procedure.fields);
  if (sections.length > 0) uiSchema['ui:options'] = { sections };
  return { jsonSchema, uiSchema };
}

/** The fields that hold a value (every type but `section`), with the section each one sits in. */
export function valueFields(all: readonly Field[]): { fields: readonly Field[]; sectionOf: ReadonlyMap<string, Field> } {
  const fields: Field[] = [];
  const sectionOf = new Map<string, Field>();
  let section: Field | undefined;
  for (const field of all) {
    if (field.type === 'section') section = field;
    else {
      fields.push(field);
      if (section) sectionOf.set(field.key, section);
    }
  }
  return { fields, sectionOf };
}

/**
 * In the schema's static `required` only what is required whatever the data says: a field that
 * may be hidden, or is computed by the server, must not make the browser refuse the form.
 */
function isStaticallyRequired(field: Field, section: Field | undefined): boolean {
  return field.required && !field.visibleWhen && !section?.visibleWhen && !field.computed && !field.rollup;
}

function fieldSchema(field: Field): JsonSchemaObject {
  const schema: JsonSchemaObject = { ...valueSchema(field) };
  if (field.label) schema.title = field.label.en;
  if (field.help) schema.description = field.help.en;
  if (field.computed || field.rollup) schema.readOnly = true;
  if (field.default !== undefined) schema.default = defaultValue(field);
  return schema;
}

function valueSchema(field: Field): JsonSchemaObject {
  switch (field.type) {
    case 'text':
    case 'textarea':
      return definedOnly({ type: 'string', minLength: field.minLength, maxLength: field.maxLength, pattern: field.pattern });
    case 'number':
    case 'integer':
      return definedOnly({ type: field.type, minimum: numberOrUndefined(field.min), maximum: numberOrUndefined(field.max) });
    case 'money':
      return { type: 'string', pattern: moneyPattern(scaleOf(field)) };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'select':
      return optionSchema(field);
    case 'multiselect':
      return definedOnly({ type: 'array', items: optionSchema(field), uniqueItems: true, minItems: field.minItems, maxItems: field.maxItems });
    case 'user':
      return { type: 'string', format: 'uuid' };
    case 'department':
      return { type: 'string', minLength: 1 };
    case 'link':
      return field.multiple ? { type: 'array', items: { type: 'string', format: 'uuid' }, uniqueItems: true } : { type: 'string', format: 'uuid' };
    case 'file':
      return field.multiple ? { type: 'array', items: fileSchema(field) } : fileSchema(field);
    case 'table':
      return tableSchema(field);
    case 'section':
      return {};
  }
}

function optionSchema(field: Field): JsonSchemaObject {
  return { type: 'string', oneOf: (field.options ?? []).map((o) => ({ const: o.value, title: o.label.en })) };
}

function fileSchema(field: Field): JsonSchemaObject {
  const size: JsonSchemaObject = { type: 'integer', minimum: 0 };
  if (field.maxSizeMb !== undefined) size.maximum = Math.floor(field.maxSizeMb * BYTES_PER_MB);
  return {
    type: 'object',
    properties: { id: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 }, size, contentType: { type: 'string' } },
    required: ['id', 'name'],
    additionalProperties: false,
  };
}

function tableSchema(field: Field): JsonSchemaObject {
  const columns = field.columns ?? [];
  return definedOnly({
    type: 'array',
    items: {
      type: 'object',
      properties: Object.fromEntries(columns.map((c) => [c.key, fieldSchema(c)])),
      required: columns.filter((c) => isStaticallyRequired(c, undefined)).map((c) => c.key),
      additionalProperties: false,
    },
    minItems: field.minRows,
    maxItems: field.maxRows,
  });
}

/**
 * Bilingual text cannot go in `ui:title`/`ui:description` (one string each), so each field carries
 * `ui:options.label` and `ui:options.help` as `{ en, zh-CN }`; the browser picks the locale.
 * Select options carry their labels in `ui:options.labels`: `{ [value]: { en, zh-CN } }`.
 */
function fieldUi(field: Field): UiSchema {
  const options: Record<string, unknown> = {};
  if (field.label) options.label = field.label;
  if (field.help) options.help = field.help;
  const ui: UiSchema = {};
  switch (field.type) {
    case 'textarea':
      ui['ui:widget'] = 'textarea';
      break;
    case 'money':
      options.currency = field.currency ?? DEFAULT_CURRENCY;
      options.scale = scaleOf(field);
      if (field.min !== undefined) options.min = formatLimit(field.min, scaleOf(field));
      if (field.max !== undefined) options.max = formatLimit(field.max, scaleOf(field));
      break;
    case 'date':
    case 'datetime':
      Object.assign(options, definedOnly({ min: field.min, max: field.max }));
      break;
    case 'select':
    case 'multiselect':
      options.labels = optionLabels(field);
      if (field.type === 'multiselect') ui['ui:widget'] = 'checkboxes';
      break;
    case 'user':
      ui['ui:widget'] = 'user';
      Object.assign(options, definedOnly({ roles: field.roles, departments: field.departments }));
      break;
    case 'department':
      ui['ui:widget'] = 'department';
      break;
    case 'link':
      Object.assign(options, definedOnly({ procedure: field.procedure, stages: field.stages }));
      break;
    case 'file':
      Object.assign(options, definedOnly({ accept: field.accept, maxSizeMb: field.maxSizeMb }));
      break;
    case 'table':
      ui.items = {
        'ui:order': (field.columns ?? []).map((c) => c.key),
        ...Object.fromEntries((field.columns ?? []).map((c) => [c.key, fieldUi(c)])),
      };
      break;
    default:
      break;
  }
  if (field.computed || field.rollup) ui['ui:readonly'] = true;
  ui['ui:options'] = options;
  return ui;
}

function optionLabels(field: Field): Record<string, Label> {
  return Object.fromEntries((field.options ?? []).map((o) => [o.value, o.label]));
}

/** Sections in order, each with the fields that follow it up to the next section. */
function sectionsOf(all: readonly Field[]): Record<string, unknown>[] {
  const sections: { key: string; label?: Label; help?: Label; fields: string[] }[] = [];
  for (const field of all) {
    if (field.type === 'section') sections.push(definedOnly({ key: field.key, label: field.label, help: field.help, fields: [] as string[] }));
    else sections.at(-1)?.fields.push(field.key);
  }
  return sections;
}

export function scaleOf(field: Field): number {
  return field.scale ?? DEFAULT_SCALE;
}

function defaultValue(field: Field): unknown {
  if (field.type !== 'money') return field.default;
  const money = toMoney(field.default, scaleOf(field));
  return money.ok ? money.value : field.default;
}

function numberOrUndefined(value: number | string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

function definedOnly<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}
