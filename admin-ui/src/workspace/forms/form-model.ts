/**
 * Turns a procedure's compiled form (`procedure { form { jsonSchema uiSchema } }`, built by
 * server/src/engine/form-schema.ts) into what rjsf renders for the current data and language:
 * titles, help and option labels in the chosen language (the server carries them bilingually in
 * `ui:options.label`, `ui:options.help` and `ui:options.labels`), fields whose `visibleWhen`
 * does not hold taken out, and fields whose `requiredWhen` holds made required, as the server's
 * engine decides them. Pure.
 */
import type { Label } from '../../api/graphql';
import type { DefinitionField } from '../queries';
import { evaluate, type Facts } from './conditions';

type Schema = Record<string, unknown>;
type Pick = (label: Label | string | null | undefined) => string;

export interface FormView {
  readonly schema: Schema;
  readonly uiSchema: Schema;
  /** Keys of the fields shown now. */
  readonly visible: ReadonlySet<string>;
  /** Sections in order with their visible fields, for the layout. */
  readonly sections: readonly { key: string; title: string; help: string; fields: readonly string[] }[];
}

export interface FormInput {
  readonly jsonSchema: Schema;
  readonly uiSchema: Schema;
  readonly fields: readonly DefinitionField[];
  readonly data: Record<string, unknown>;
  /** Facts besides `data` (actor, record, previous): what conditions may read. */
  readonly facts: Facts;
  /** Fields the user may write; the others are read-only. All when undefined. */
  readonly writable?: ReadonlySet<string>;
  /** Leave out what the server computes (a new record has nothing computed to show yet). */
  readonly hideComputed?: boolean;
}

export function formView(input: FormInput, pick: Pick): FormView {
  const facts: Facts = { ...input.facts, data: numericData(input.fields, input.data), now: new Date().toISOString() };
  const visible = new Set<string>();
  const requiredNow = new Set<string>();
  const sections: { key: string; title: string; help: string; fields: string[] }[] = [];
  let sectionShown = true;
  for (const field of input.fields) {
    const shown = field.visibleWhen === undefined || evaluate(field.visibleWhen, facts, true);
    if (field.type === 'section') {
      sectionShown = shown;
      if (shown) sections.push({ key: field.key, title: pick(field.label), help: pick(field.help), fields: [] });
      continue;
    }
    if (!shown || !sectionShown || (input.hideComputed && (field.computed || field.rollup))) continue;
    visible.add(field.key);
    sections.at(-1)?.fields.push(field.key);
    if (field.required || (field.requiredWhen !== undefined && evaluate(field.requiredWhen, facts, false))) {
      if (!field.computed && !field.rollup) requiredNow.add(field.key);
    }
  }
  const properties = (input.jsonSchema.properties ?? {}) as Record<string, Schema>;
  const schema: Schema = {
    ...input.jsonSchema,
    properties: Object.fromEntries(
      Object.entries(properties)
        .filter(([key]) => visible.has(key))
        .map(([key, s]) => [key, localizeSchema(s, input.uiSchema[key] as Schema | undefined, pick)]),
    ),
    required: [...requiredNow].filter((k) => k in properties),
  };
  const uiSchema: Schema = { 'ui:order': ((input.uiSchema['ui:order'] as string[] | undefined) ?? Object.keys(properties)).filter((k) => visible.has(k)) };
  for (const key of visible) {
    const ui = localizeUi(input.uiSchema[key] as Schema | undefined);
    if (input.writable && !input.writable.has(key)) ui['ui:readonly'] = true;
    uiSchema[key] = ui;
  }
  return { schema, uiSchema, visible, sections };
}

/** The data without hidden fields and without what the server computes: what may be sent. */
export function sendable(data: Record<string, unknown>, view: FormView, fields: readonly DefinitionField[], writable?: ReadonlySet<string>): Record<string, unknown> {
  const computed = new Set(fields.filter((f) => f.computed || f.rollup).map((f) => f.key));
  return Object.fromEntries(Object.entries(data).filter(([key]) => view.visible.has(key) && !computed.has(key) && (!writable || writable.has(key))));
}

/** Money (a decimal string) as a number, as the server's conditions see it. */
export function numericData(fields: readonly DefinitionField[], data: Record<string, unknown>): Record<string, unknown> {
  const view: Record<string, unknown> = { ...data };
  for (const field of fields) {
    const value = data[field.key];
    if (field.type === 'money' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) view[field.key] = Number(value);
    const money = (field.columns ?? []).filter((c) => c.type === 'money').map((c) => c.key);
    if (money.length > 0 && Array.isArray(value)) {
      view[field.key] = value.map((row: unknown) => {
        if (typeof row !== 'object' || row === null) return row;
        const copy = { ...(row as Record<string, unknown>) };
        for (const k of money) if (typeof copy[k] === 'string' && Number.isFinite(Number(copy[k]))) copy[k] = Number(copy[k]);
        return copy;
      });
    }
  }
  return view;
}

function localizeSchema(schema: Schema, ui: Schema | undefined, pick: Pick): Schema {
  const options = (ui?.['ui:options'] ?? {}) as Record<string, unknown>;
  const copy: Schema = { ...schema };
  if (options.label) copy.title = pick(options.label as Label);
  if (options.help) copy.description = pick(options.help as Label);
  const labels = options.labels as Record<string, Label> | undefined;
  const relabel = (oneOf: unknown) => (oneOf as Schema[]).map((o) => ({ ...o, title: labels?.[String(o.const)] ? pick(labels[String(o.const)]) : o.title }));
  if (Array.isArray(copy.oneOf)) copy.oneOf = relabel(copy.oneOf);
  const items = copy.items as Schema | undefined;
  if (items && Array.isArray(items.oneOf)) copy.items = { ...items, oneOf: relabel(items.oneOf) };
  if (items?.type === 'object' && items.properties) {
    const columnsUi = (ui?.items ?? {}) as Schema;
    copy.items = {
      ...items,
      properties: Object.fromEntries(Object.entries(items.properties as Record<string, Schema>).map(([k, s]) => [k, localizeSchema(s, columnsUi[k] as Schema | undefined, pick)])),
    };
  }
  return copy;
}

/** The UI schema without the bilingual options (rjsf reads `ui:options.label` as a switch). */
function localizeUi(ui: Schema | undefined): Schema {
  if (!ui) return {};
  const { label: _label, help: _help, labels: _labels, ...options } = (ui['ui:options'] ?? {}) as Record<string, unknown>;
  const copy: Schema = { ...ui, 'ui:options': options };
  if (options.currency !== undefined && !ui['ui:widget']) copy['ui:widget'] = 'money';
  if (typeof options.procedure === 'string' && !ui['ui:widget']) copy['ui:widget'] = 'link';
  if (ui.items && typeof ui.items === 'object') {
    const items = ui.items as Schema;
    copy.items = Object.fromEntries(Object.entries(items).map(([k, v]) => [k, k.startsWith('ui:') ? v : localizeUi(v as Schema)]));
  }
  return copy;
}
