// The procedure definition as the designer edits it: the same JSON as the YAML files
// (definitions/README.md). Edits are immutable updates; optional properties that are empty are
// removed, so the definition stays as a person would have written it.
import type { Label } from '../api/graphql';

export type { Label };

export const FIELD_TYPES = [
  'text', 'textarea', 'number', 'integer', 'money', 'boolean', 'date', 'datetime', 'select',
  'multiselect', 'user', 'department', 'link', 'file', 'table', 'section',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const COLUMN_TYPES = FIELD_TYPES.filter((t) => t !== 'table' && t !== 'section');

export interface WhoEntry {
  anyone?: true;
  roles?: string[];
  departments?: string[];
  users?: string[];
  creator?: true;
  assignee?: true;
  departmentManager?: true;
  userField?: string;
}
export type Who = WhoEntry | WhoEntry[];

export interface Condition {
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  fact?: string;
  path?: string;
  operator?: string;
  value?: unknown;
}

export interface OptionDef {
  value: string;
  label: Label;
}

export interface FieldDef {
  key: string;
  type: FieldType;
  label?: Label;
  help?: Label;
  required?: boolean;
  requiredWhen?: Condition;
  visibleWhen?: Condition;
  computed?: string;
  default?: unknown;
  options?: OptionDef[];
  columns?: FieldDef[];
  [property: string]: unknown;
}

export type Duration = string | { workingDays: number };

export interface StageDef {
  key: string;
  label: Label;
  initial?: true;
  final?: true;
  dueIn?: Duration;
  responsible?: Who;
  editable?: { fields: string[]; by: Who }[];
  requires?: string[];
  onEnter?: OutcomeDef[];
}

export interface ActionDef {
  key: string;
  label: Label;
  from: string | string[];
  to?: string;
  by: Who;
  requires?: string[];
  when?: Condition;
  comment?: 'optional' | 'required';
}

export type Quorum = 'any' | 'all' | { count: number } | { percent: number };

export interface LevelDef {
  key?: string;
  label?: Label;
  approvers: Who;
  quorum?: Quorum;
  when?: Condition;
}

export interface GateDef {
  key: string;
  label: Label;
  levels: LevelDef[];
  selfApproval?: boolean;
  onReject?: { stage: string };
  reopenOn?: string[];
  rows?: string;
}

export const OUTCOME_TYPES = ['block', 'requireApproval', 'setField', 'assign', 'setDue', 'notify'] as const;
export type OutcomeType = (typeof OUTCOME_TYPES)[number];

export interface OutcomeDef {
  type: OutcomeType;
  message?: Label;
  gate?: string;
  field?: string;
  value?: unknown;
  expression?: string;
  to?: Who;
  in?: Duration;
}

export const RULE_EVENTS = ['create', 'update', 'transition'] as const;

export interface RuleDef {
  key: string;
  description?: Label;
  on?: { actions?: string[]; events?: string[] };
  when: Condition;
  then: OutcomeDef | OutcomeDef[];
}

export interface ProcedureDef {
  $schema?: string;
  key: string;
  department: string;
  label: Label;
  description?: Label;
  start: Who;
  readers?: Who;
  form: { fields: FieldDef[] };
  stages: StageDef[];
  actions: ActionDef[];
  gates?: GateDef[];
  rules?: RuleDef[];
}

export function blankLabel(): Label {
  return { en: '', 'zh-CN': '' };
}

/** A new, not yet valid definition in a department. */
export function newDefinition(department: string, name: string): ProcedureDef {
  return {
    key: `${department}.${name}`,
    department,
    label: blankLabel(),
    start: { roles: ['employee'] },
    form: { fields: [] },
    stages: [],
    actions: [],
  };
}

/** `base`, else `base2` (`base-2` for dashed keys) …: the first that `taken` does not hold. */
export function uniqueKey(base: string, taken: Iterable<string>, separator = ''): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${separator}${i}`)) return `${base}${separator}${i}`;
}

/** Sets or (for undefined, empty strings, empty lists and `false` flags) removes a property. */
export function withProp<T extends object>(object: T, key: string, value: unknown): T {
  const copy = { ...object } as Record<string, unknown>;
  const empty = value === undefined || value === '' || value === false || (Array.isArray(value) && value.length === 0);
  if (empty) delete copy[key];
  else copy[key] = value;
  return copy as T;
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((x, i) => (i === index ? item : x));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list];
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
}

export function fromList(from: string | string[] | undefined): string[] {
  if (from === undefined) return [];
  return Array.isArray(from) ? from : [from];
}

export function whoEntries(who: Who | undefined): WhoEntry[] {
  if (!who) return [];
  return Array.isArray(who) ? who : [who];
}

/** One entry is written as an object, several as a list (as people write YAML). */
export function whoOf(entries: WhoEntry[]): Who | undefined {
  const kept = entries.filter((e) => Object.keys(e).length > 0);
  if (kept.length === 0) return undefined;
  return kept.length === 1 ? kept[0] : kept;
}

/** Field keys a condition may name: fields with a value, and table columns as `table[*].column`. */
export function fieldPaths(fields: readonly FieldDef[]): { path: string; field: FieldDef; label: Label | undefined }[] {
  return fields.flatMap((f) => {
    if (f.type === 'section') return [];
    const own = [{ path: `$.${f.key}`, field: f, label: f.label }];
    if (f.type !== 'table') return own;
    return [...own, ...(f.columns ?? []).map((c) => ({ path: `$.${f.key}[*].${c.key}`, field: c, label: c.label && f.label ? joinLabels(f.label, c.label) : c.label }))];
  });
}

function joinLabels(a: Label, b: Label): Label {
  return Object.fromEntries(Object.keys({ ...a, ...b }).map((l) => [l, `${a[l] ?? ''} › ${b[l] ?? ''}`]));
}
