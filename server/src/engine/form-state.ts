/**
 * What a record's form looks like for one actor right now: which fields show, which are
 * required, which the actor may change, and the data as the draft would leave it (computed
 * fields computed, hidden fields dropped). The browser renders its form from this answer, so
 * that visibility, requirements, computed values and editability come from the code the commands
 * run — `prepareData` and `writableFields` — and from no second evaluator.
 *
 * Pure: no I/O, time is an input. It describes, it never refuses: draft values of fields the
 * actor may not change are ignored (the stored value stands), as are computed ones.
 */
import type { Field, Procedure } from '../definitions/definition.types.js';
import type { LocalizedFieldError } from '../errors/domain-errors.js';
import { actorFacts, approvalFacts, recordFacts } from './command-context.js';
import type { Actor, Directory, RecordData, RecordState } from './engine.types.js';
import { prepareData, type PreparedData } from './form-data.js';
import { columnsOf } from './forms/form-model.js';
import { startingRecord, writableFields } from './record-engine.js';

/** One field, section or table column (`lines.amount`) of the form. */
export interface FormFieldState {
  readonly path: string;
  /** False when its `visibleWhen` (or its section's, or its table's) does not hold. */
  readonly visible: boolean;
  /** `required: true`, or a `requiredWhen` that holds; never for a hidden field. */
  readonly required: boolean;
  /**
   * The actor may change it now: a visible field that the stage's `editable` grants give them
   * (every field on create when the initial stage grants none), neither computed nor a rollup,
   * on a record that is not closed. A column is editable when its table is. Sections never are.
   */
  readonly editable: boolean;
}

export interface FormStateInput {
  readonly procedure: Procedure;
  /** The record as stored; absent for a record not yet created (then `newRecord` describes it). */
  readonly record?: RecordState;
  /** For a new record: the version it would run on and the department it would belong to. */
  readonly newRecord?: { readonly procedureVersion: number; readonly department: string };
  readonly actor: Actor;
  /** What the form holds now: keys merged over the stored data as an update merges them (null clears). */
  readonly draft: RecordData;
  readonly directory: Directory;
  readonly now: Date;
}

export interface FormState {
  /** The record the answer is about: the stored one, or the new record as `create` would start it (no data). */
  readonly record: RecordState;
  /** The data as the draft would leave it: what a save would store, computed fields included. */
  readonly data: RecordData;
  readonly fields: readonly FormFieldState[];
  /** What a save of this draft would be refused for now (required fields left empty, limits, …). */
  readonly fieldErrors: readonly LocalizedFieldError[];
}

export async function formState(input: FormStateInput): Promise<FormState> {
  const { procedure, actor, directory, now } = input;
  const creating = input.record === undefined;
  const record = input.record ?? newRecordOf(input);
  // A closed record can no longer change (the commands refuse it), whatever the stage grants.
  const writable = record.closedAt === null ? writableFields(procedure, record, actor, directory, creating) : new Set<string>();
  const prepared = await prepareData({
    procedure,
    previous: record.data,
    input: acceptedDraft(procedure, input.draft, writable),
    writable,
    context: { actor: actorFacts(actor), record: recordFacts(record), approvals: approvalFacts(procedure, record.gates) },
    directory,
    now,
    applyDefaults: creating,
  });
  return { record, data: prepared.data, fields: fieldStates(procedure, prepared, writable), fieldErrors: prepared.fieldErrors };
}

/** The record `create` starts from (record-engine.ts), not stored yet: it has no id. */
function newRecordOf(input: FormStateInput): RecordState {
  if (!input.newRecord) throw new TypeError('formState needs a record or newRecord');
  return startingRecord(input.procedure, { id: '', ...input.newRecord }, input.actor, input.now);
}

/**
 * The draft keys a save could change: writable, not computed. Keys the form does not know are
 * kept, so that prepareData names them; every other key is the stored value's business.
 */
function acceptedDraft(procedure: Procedure, draft: RecordData, writable: ReadonlySet<string>): RecordData {
  const fields = new Map(procedure.fields.map((f) => [f.key, f]));
  return Object.fromEntries(
    Object.entries(draft).filter(([key]) => {
      const field = fields.get(key);
      return field === undefined || (isInput(field) && writable.has(key));
    }),
  );
}

/** Every section, field and column, in definition order, each column after its table. */
function fieldStates(procedure: Procedure, prepared: PreparedData, writable: ReadonlySet<string>): FormFieldState[] {
  const hidden = new Set(prepared.hidden);
  const required = new Set(prepared.required);
  const state = (field: Field, path: string, top: string): FormFieldState => {
    const visible = !hidden.has(path);
    return { path, visible, required: visible && required.has(path), editable: visible && field.type !== 'section' && isInput(field) && writable.has(top) };
  };
  const states: FormFieldState[] = [];
  for (const field of procedure.fields) {
    states.push(state(field, field.key, field.key));
    for (const column of columnsOf(field)) states.push(state(column, `${field.key}.${column.key}`, field.key));
  }
  return states;
}

function isInput(field: Field): boolean {
  return field.type !== 'section' && field.computed === undefined && field.rollup === undefined;
}
