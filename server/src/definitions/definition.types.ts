/**
 * The definition format, as authored (YAML/JSON) and as normalised. The authored shapes mirror
 * format/*.schema.ts; normalisation removes the shorthands (a single `from`, a single `who`
 * entry, an omitted quorum) so that every later reader sees one form.
 */
import type { FIELD_TYPES, OUTCOME_TYPES, RULE_EVENTS } from './format/procedure.schema.js';

export type Label = Readonly<{ en: string; 'zh-CN': string } & Record<string, string>>;
export type FieldType = (typeof FIELD_TYPES)[number];
export type OutcomeType = (typeof OUTCOME_TYPES)[number];
/** ISO 8601 (`P3D`, `PT4H`) or a count of working days (Monday to Friday). */
export type Duration = string | { readonly workingDays: number };
export type RuleEvent = (typeof RULE_EVENTS)[number];

/** One way to name people; every condition given must hold. */
export interface WhoEntry {
  readonly anyone?: true;
  readonly roles?: readonly string[];
  readonly departments?: readonly string[];
  readonly users?: readonly string[];
  readonly creator?: true;
  readonly assignee?: true;
  readonly departmentManager?: true;
  readonly userField?: string;
  readonly managerOf?: string;
}
/** Authored: one entry or a list of alternatives. */
export type Who = WhoEntry | readonly WhoEntry[];

/** A json-rules-engine condition, as authored. */
export interface Condition {
  readonly all?: readonly Condition[];
  readonly any?: readonly Condition[];
  readonly not?: Condition;
  readonly fact?: string;
  readonly path?: string;
  readonly operator?: string;
  readonly value?: unknown;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly name?: string;
  readonly priority?: number;
}

/** A value kept by other records (see the `rollup` property of number fields). */
export interface Rollup {
  readonly procedure: string;
  readonly link: string;
  readonly stages?: readonly string[];
  readonly sum?: string;
}

export interface SelectOption {
  readonly value: string;
  readonly label: Label;
}

export interface FieldDef {
  readonly key: string;
  readonly type: FieldType;
  readonly label?: Label;
  readonly help?: Label;
  readonly required?: boolean;
  readonly requiredWhen?: Condition;
  readonly visibleWhen?: Condition;
  readonly readers?: Who;
  readonly default?: unknown;
  readonly computed?: string;
  readonly rollup?: Rollup;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly min?: number | string;
  readonly max?: number | string;
  readonly currency?: string;
  readonly scale?: number;
  readonly options?: readonly SelectOption[];
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly roles?: readonly string[];
  readonly departments?: readonly string[];
  readonly procedure?: string;
  readonly stages?: readonly string[];
  readonly multiple?: boolean;
  readonly accept?: readonly string[];
  readonly maxSizeMb?: number;
  readonly columns?: readonly FieldDef[];
  readonly minRows?: number;
  readonly maxRows?: number;
  readonly rowKey?: string;
  readonly pick?: { readonly department?: 'actor' | 'record' };
}

export interface OutcomeDef {
  readonly type: OutcomeType;
  readonly message?: Label;
  readonly gate?: string;
  readonly field?: string;
  readonly value?: unknown;
  readonly expression?: string;
  readonly to?: Who;
  readonly in?: Duration;
}

export interface StageDef {
  readonly key: string;
  readonly label: Label;
  readonly initial?: true;
  readonly final?: true;
  readonly dueIn?: Duration;
  readonly responsible?: Who;
  readonly editable?: readonly { readonly fields: readonly string[]; readonly by: Who }[];
  readonly requires?: readonly string[];
  readonly onEnter?: readonly OutcomeDef[];
}

export interface ActionDef {
  readonly key: string;
  readonly label: Label;
  readonly from: string | readonly string[];
  readonly to: string;
  readonly by: Who;
  readonly requires?: readonly string[];
  readonly when?: Condition;
  readonly comment?: 'optional' | 'required';
  readonly recheck?: readonly string[];
}

export type Quorum = 'any' | 'all' | { readonly count: number } | { readonly percent: number };

export interface LevelDef {
  readonly key?: string;
  readonly label?: Label;
  readonly approvers: Who;
  readonly quorum?: Quorum;
  readonly when?: Condition;
  readonly exclude?: Who;
}

export interface GateDef {
  readonly key: string;
  readonly label: Label;
  readonly levels: readonly LevelDef[];
  readonly selfApproval?: boolean;
  readonly onReject?: { readonly stage: string };
  readonly reopenOn?: readonly string[];
  readonly rows?: string;
  readonly exclude?: Who;
  readonly distinctApprovers?: boolean;
  readonly keepOnReentry?: boolean;
}

/** At most one record of the procedure may hold each combination of these fields' values. */
export interface UniqueDef {
  readonly key: string;
  readonly fields: readonly string[];
  readonly message?: Label;
  readonly stages?: readonly string[];
  readonly perDepartment?: boolean;
}

export interface RuleDef {
  readonly key: string;
  readonly description?: Label;
  readonly on?: { readonly actions?: readonly string[]; readonly events?: readonly RuleEvent[] };
  readonly when: Condition;
  readonly then: OutcomeDef | readonly OutcomeDef[];
}

/** A procedure definition exactly as its author wrote it (and as `export` writes it back). */
export interface ProcedureDef {
  readonly key: string;
  readonly department: string;
  readonly label: Label;
  readonly description?: Label;
  readonly start: Who;
  readonly readers?: Who;
  readonly form: { readonly fields: readonly FieldDef[] };
  readonly stages: readonly StageDef[];
  readonly actions: readonly ActionDef[];
  readonly gates?: readonly GateDef[];
  readonly rules?: readonly RuleDef[];
  readonly unique?: readonly UniqueDef[];
}

export interface DepartmentDef {
  readonly key: string;
  readonly label: Label;
  readonly parent?: string;
}

export interface RoleDef {
  readonly key: string;
  readonly label: Label;
  readonly description?: Label;
}

export interface OrganisationDef {
  readonly departments: readonly DepartmentDef[];
  readonly roles: readonly RoleDef[];
}

// ---- Normalised: what the engine, the schema builder and the services read. ----

export type WhoList = readonly WhoEntry[];

export interface Stage extends Omit<StageDef, 'responsible' | 'editable' | 'requires' | 'onEnter' | 'initial' | 'final'> {
  readonly responsible: WhoList;
  readonly editable: readonly { readonly fields: readonly string[]; readonly by: WhoList }[];
  readonly requires: readonly string[];
  readonly onEnter: readonly Outcome[];
  readonly final: boolean;
  readonly initial: boolean;
}

export interface Action extends Omit<ActionDef, 'from' | 'by' | 'requires' | 'comment' | 'recheck'> {
  readonly recheck: readonly string[];
  readonly from: readonly string[];
  readonly by: WhoList;
  readonly requires: readonly string[];
  readonly comment: 'none' | 'optional' | 'required';
}

export interface Outcome extends Omit<OutcomeDef, 'to'> {
  readonly to?: WhoList;
}

export interface Level extends Omit<LevelDef, 'approvers' | 'quorum' | 'key' | 'exclude'> {
  readonly key: string;
  readonly exclude: WhoList;
  readonly approvers: WhoList;
  readonly quorum: Quorum;
}

export interface Gate extends Omit<GateDef, 'levels' | 'selfApproval' | 'reopenOn' | 'exclude' | 'distinctApprovers' | 'keepOnReentry'> {
  readonly exclude: WhoList;
  readonly distinctApprovers: boolean;
  readonly keepOnReentry: boolean;
  readonly levels: readonly Level[];
  readonly selfApproval: boolean;
  readonly reopenOn: readonly string[];
}

export interface Rule extends Omit<RuleDef, 'then' | 'on'> {
  readonly on: { readonly actions: readonly string[]; readonly events: readonly RuleEvent[] };
  readonly then: readonly Outcome[];
}

export interface Field extends Omit<FieldDef, 'readers' | 'columns' | 'required'> {
  readonly required: boolean;
  readonly readers: WhoList | undefined;
  readonly columns: readonly Field[] | undefined;
}

export interface Procedure {
  readonly key: string;
  readonly department: string;
  readonly label: Label;
  readonly description: Label | undefined;
  readonly start: WhoList;
  readonly readers: WhoList;
  readonly fields: readonly Field[];
  readonly stages: readonly Stage[];
  readonly actions: readonly Action[];
  readonly gates: readonly Gate[];
  readonly rules: readonly Rule[];
  readonly unique: readonly UniqueDef[];
  readonly initialStage: string;
  /** The definition as authored, for export and for the `definition` field of the API. */
  readonly source: ProcedureDef;
}

export interface Organisation {
  readonly departments: readonly DepartmentDef[];
  readonly roles: readonly RoleDef[];
}
