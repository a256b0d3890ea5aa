/**
 * Turns a procedure's compiled form (`procedure { form { jsonSchema uiSchema } }`, built by
 * server/src/engine/form-schema.ts) and the server's form state for the current draft
 * (`formState`, server/src/engine/form-state.ts) into what rjsf renders: the fields the user may
 * change now as inputs, required as the server decides; computed values and the record's earlier
 * data read-only; hidden fields, and later stages' empty fields, left out. Titles, help and option
 * labels in the chosen language (the server carries them bilingually in `ui:options.label`,
 * `ui:options.help` and `ui:options.labels`). Pure; it decides nothing the server has not.
 */
import type { Label } from '../../api/graphql';
import type { DefinitionField, FormState } from '../queries';

type Schema = Record<string, unknown>;
type Pick = (label: Label | string | null | undefined) => string;

export interface FormView {
  readonly schema: Schema;
  readonly uiSchema: Schema;
  /** Keys of the fields shown now (inputs and read-only). */
  readonly shown: ReadonlySet<string>;
  /** Keys of the fields the user may change now: all that a save sends. */
  readonly editable: ReadonlySet<string>;
  /** Sections in order with their shown fields, for the layout. */
  readonly sections: readonly { key: string; title: string; help: string; fields: readonly string[] }[];
}

export interface FormInput {
  readonly jsonSchema: Schema;
  readonly uiSchema: Schema;
  readonly fields: readonly DefinitionField[];
  readonly state: FormState;
  /** A new record: it has no earlier data, nor rollups, to show. */
  readonly creating: boolean;
}

export function formView(input: FormInput, pick: Pick): FormView {
  const states = new Map(input.state.fields.map((f) => [f.path, f]));
  const shown = new Set<string>();
  const editable = new Set<string>();
  const required: string[] = [];
  const sections: { key: string; title: string; help: string; fields: string[] }[] = [];
  let section: (typeof sections)[number] | undefined;
  for (const field of input.fields) {
    const state = states.get(field.key);
    if (field.type === 'section') {
      section = state?.visible ? { key: field.key, title: pick(field.label), help: pick(field.help), fields: [] } : undefined;
      if (section) sections.push(section);
      continue;
    }
    // Absent: a field the user may not read. Not visible: its condition, or its section's, does not hold.
    if (!state?.visible || !isShown(field, state.editable, input)) continue;
    shown.add(field.key);
    section?.fields.push(field.key);
    if (state.editable) editable.add(field.key);
    if (state.editable && state.required) required.push(field.key);
  }
  const properties = (input.jsonSchema.properties ?? {}) as Record<string, Schema>;
  // The data also holds what the form does not show (a later stage's default, a field of another
  // stage): never sent, so not the browser's to refuse. The server checks what is sent.
  const { additionalProperties: _extra, ...root } = input.jsonSchema;
  const schema: Schema = {
    ...root,
    properties: Object.fromEntries(
      Object.entries(properties)
        .filter(([key]) => shown.has(key))
        .map(([key, s]) => [key, propertySchema(key, s, input, editable.has(key), pick)]),
    ),
    required: required.filter((k) => k in properties),
  };
  const uiSchema: Schema = { 'ui:order': ((input.uiSchema['ui:order'] as string[] | undefined) ?? Object.keys(properties)).filter((k) => shown.has(k)) };
  for (const key of shown) {
    const ui = localizeUi(input.uiSchema[key] as Schema | undefined, key);
    if (!editable.has(key)) ui['ui:readonly'] = true;
    uiSchema[key] = ui;
  }
  return { schema, uiSchema, shown, editable, sections };
}

/**
 * Inputs for what the user may change; read-only, what the server computes (rollups only once
 * the record exists) and, on a stored record, the earlier stages' data it holds. Later stages'
 * empty fields are left out: nobody can fill them in yet.
 */
function isShown(field: DefinitionField, editable: boolean, input: FormInput): boolean {
  if (editable) return true;
  if (field.computed !== undefined) return true;
  if (field.rollup !== undefined) return !input.creating;
  return !input.creating && hasValue(input.state.data[field.key]);
}

/**
 * A field's schema in the user's language, with its table's columns as the server states them
 * (hidden ones left out, required ones required), and without a default where rjsf must not
 * fill one in: in a read-only field, and in a stored record (a default is a new record's start).
 */
function propertySchema(key: string, schema: Schema, input: FormInput, editable: boolean, pick: Pick): Schema {
  const copy = localizeSchema(schema, input.uiSchema[key] as Schema | undefined, pick);
  if (!editable || !input.creating) delete copy.default;
  const items = copy.items as Schema | undefined;
  if (items?.type !== 'object' || !items.properties) return copy;
  const column = (name: string) => input.state.fields.find((f) => f.path === `${key}.${name}`);
  const columns = Object.entries(items.properties as Record<string, Schema>).filter(([name]) => column(name)?.visible);
  const { additionalProperties: _extra, ...row } = items;
  copy.items = {
    ...row,
    properties: Object.fromEntries(columns),
    required: columns.filter(([name]) => editable && column(name)?.required && column(name)?.editable).map(([name]) => name),
  };
  return copy;
}

/**
 * The draft with what the server answered for the fields the user does not type: computed values
 * (computed table columns too), and the stored values of read-only fields. What the user typed
 * is never replaced. The same object when nothing changes, so that an answer ends the round.
 */
export function withAnswer(draft: Record<string, unknown>, state: FormState, fields: readonly DefinitionField[]): Record<string, unknown> {
  const states = new Map(state.fields.map((f) => [f.path, f]));
  const next: Record<string, unknown> = { ...draft };
  for (const field of fields) {
    if (field.type === 'section') continue;
    if (states.get(field.key)?.editable) {
      const typed = draft[field.key];
      const merged = withComputedColumns(field, typed, state.data[field.key], states);
      if (merged !== typed) next[field.key] = merged;
    } else if (state.data[field.key] === undefined) delete next[field.key];
    else next[field.key] = state.data[field.key];
  }
  return canonical(next) === canonical(draft) ? draft : next;
}

function withComputedColumns(field: DefinitionField, typed: unknown, answered: unknown, states: ReadonlyMap<string, { editable: boolean }>): unknown {
  const computed = (field.columns ?? []).filter((c) => c.computed !== undefined && states.get(`${field.key}.${c.key}`) !== undefined);
  if (computed.length === 0 || !Array.isArray(typed) || !Array.isArray(answered) || typed.length !== answered.length) return typed;
  return typed.map((row: unknown, i) => {
    const server = answered[i] as Record<string, unknown> | undefined;
    if (typeof row !== 'object' || row === null || !server) return row;
    const copy = { ...(row as Record<string, unknown>) };
    for (const c of computed) {
      if (server[c.key] === undefined) delete copy[c.key];
      else copy[c.key] = server[c.key];
    }
    return copy;
  });
}

/**
 * What the form sends the server for its state, and a save sends: the fields the user may change
 * (all of them, as the form holds them). On a stored record a field the user emptied is sent as
 * null, which clears it (an absent key would keep the stored value).
 */
export function editableDraft(data: Record<string, unknown>, editable: ReadonlySet<string>, loaded?: Record<string, unknown>): Record<string, unknown> {
  const draft: Record<string, unknown> = {};
  for (const key of editable) {
    if (data[key] !== undefined) draft[key] = data[key];
    else if (loaded && loaded[key] !== undefined) draft[key] = null;
  }
  return draft;
}

function hasValue(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

/** JSON with object keys sorted: the server's jsonb keeps its own key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
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

/**
 * The UI schema without the bilingual options (rjsf reads `ui:options.label` as a switch), and
 * with the field's path as the API names it (`budget`, `lines.owner` for a column) in
 * `ui:options.path`: the pickers ask the server for the candidates of that field.
 */
function localizeUi(ui: Schema | undefined, path: string): Schema {
  if (!ui) return { 'ui:options': { path } };
  const { label: _label, help: _help, labels: _labels, ...rest } = (ui['ui:options'] ?? {}) as Record<string, unknown>;
  const options: Record<string, unknown> = { ...rest, path };
  const copy: Schema = { ...ui, 'ui:options': options };
  if (options.currency !== undefined && !ui['ui:widget']) copy['ui:widget'] = 'money';
  if (typeof options.procedure === 'string' && !ui['ui:widget']) copy['ui:widget'] = 'link';
  if (ui.items && typeof ui.items === 'object') {
    const items = ui.items as Schema;
    copy.items = Object.fromEntries(Object.entries(items).map(([k, v]) => [k, k.startsWith('ui:') ? v : localizeUi(v as Schema, `${path}.${k}`)]));
  }
  return copy;
}
