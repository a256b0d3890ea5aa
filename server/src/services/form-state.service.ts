import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize } from '../authz/authorize.js';
import { can } from '../authz/can.js';
import { redactChanges } from '../authz/redact.js';
import type { Procedure } from '../definitions/definition.types.js';
import type { Actor, Directory, RecordData, RecordState } from '../engine/engine.types.js';
import { formState, type FormFieldState, type FormState } from '../engine/form-state.js';
import { DomainError, type LocalizedFieldError } from '../errors/domain-errors.js';
import type { Database } from '../persistence/database.js';
import { selectRecord } from '../persistence/record-store.js';
import { loadActor, loadCommandContext, loadDirectory } from './directory.service.js';
import type { ProcedureCatalog } from './procedure-catalog.js';
import { liveData } from './rollup.service.js';

export interface FormStateDeps {
  readonly db: Database;
  readonly catalog: ProcedureCatalog;
  readonly now: Date;
}

export interface FormStateRequest {
  readonly procedure: string;
  /** The record being edited; absent for a new record of the procedure's latest version. */
  readonly recordId?: string;
  /** The whole draft as the form holds it. */
  readonly draft: RecordData;
}

/** A form state as the caller may see it: nothing of a field they may not read. */
export interface FormStateAnswer {
  readonly data: RecordData;
  readonly fields: readonly FormFieldState[];
  readonly fieldErrors: readonly LocalizedFieldError[];
}

/**
 * The form state of a new record or of an existing one, for the calling user. Reads what a
 * create or update would read (the stored record, the actor, the directory for the draft) and
 * asks `can()` what they would: `procedure.start` for a new record, `record.read` for an
 * existing one (FORBIDDEN or NOT_FOUND, as reading the record would answer). Writes nothing.
 */
export async function answerFormState(deps: FormStateDeps, userId: string, request: FormStateRequest): Promise<FormStateAnswer> {
  const em = deps.db.em.fork();
  const { state, procedure, directory, actor, readersRecord } =
    request.recordId === undefined ? await newRecordState(em, deps, userId, request) : await recordState(em, deps, userId, request.recordId, request);
  const data = state.record.id === '' ? state.data : await currentData(em, procedure, state);
  return seenBy(actor, procedure, readersRecord, directory, { data, fields: state.fields, fieldErrors: state.fieldErrors });
}

interface Answered {
  readonly state: FormState;
  readonly procedure: Procedure;
  readonly directory: Directory;
  readonly actor: Actor;
  /** The record as stored: field readers are judged on it, never on what the draft says. */
  readonly readersRecord: RecordState;
}

async function newRecordState(em: EntityManager, deps: FormStateDeps, userId: string, request: FormStateRequest): Promise<Answered> {
  const { procedure, version } = deps.catalog.latest(request.procedure);
  const actor = await loadActor(em, userId);
  const directory = await loadDirectory(em, procedure, [request.draft], { catalog: deps.catalog, picker: actor });
  // The check createRecord's command makes: only who may start the procedure sees its new form.
  authorize(actor, 'procedure.start', { procedure, directory });
  const department = actor.department ?? procedure.department;
  const state = await formState({ procedure, newRecord: { procedureVersion: version, department }, actor, draft: request.draft, directory, now: deps.now });
  return { state, procedure, directory, actor, readersRecord: state.record };
}

async function recordState(em: EntityManager, deps: FormStateDeps, userId: string, recordId: string, request: FormStateRequest): Promise<Answered> {
  const record = await selectRecord(em, { recordId }, false);
  if (!record) throw DomainError.notFound(`Record ${recordId}`);
  const procedure = await deps.catalog.at(em, record.procedureKey, record.procedureVersion);
  const actor = await loadActor(em, userId);
  const { directory, approvals } = await loadCommandContext(em, userId, recordId, procedure, [record.data, request.draft], { catalog: deps.catalog });
  const approvers = new Set(approvals.map((a) => a.approver).filter((id) => id !== ''));
  // Someone who may not see the record learns nothing more from its form than from reading it.
  authorize(actor, 'record.read', { procedure, record, participants: { approvers }, directory });
  if (record.procedureKey !== request.procedure) {
    throw DomainError.badRequest(`The record ${recordId} is a "${record.procedureKey}", not a "${request.procedure}": ask for the form of its own procedure.`);
  }
  const state = await formState({ procedure, record, actor, draft: request.draft, directory, now: deps.now });
  return { state, procedure, directory, actor, readersRecord: record };
}

/**
 * The data as reading the record would show it: rollups added up and the computed fields that
 * use them computed again (rollup.service), still without the fields the form hides.
 */
async function currentData(em: EntityManager, procedure: Procedure, state: FormState): Promise<RecordData> {
  const live = await liveData(em, procedure, state.record.id, state.data);
  const hidden = new Set(state.fields.filter((f) => !f.visible).map((f) => f.path));
  return Object.fromEntries(Object.entries(live).filter(([key]) => !hidden.has(key)));
}

/**
 * The answer without the fields (and columns) the actor may not read: no value, no state, no
 * error of theirs. Readers are judged on the record as stored — as its history is — so that a
 * draft naming the actor in a user field does not open the fields that user field guards.
 */
function seenBy(actor: Actor, procedure: Procedure, record: RecordState, directory: Directory, answer: FormStateAnswer): FormStateAnswer {
  const readable = (path: string) => can(actor, 'field.read', { procedure, record, directory, field: path }).allowed;
  const asChanges = Object.fromEntries(Object.entries(answer.data).map(([key, value]) => [key, { from: null, to: value }]));
  const kept = redactChanges(actor, procedure, record, directory, asChanges);
  return {
    data: Object.fromEntries(Object.entries(kept).map(([key, change]) => [key, change.to])),
    fields: answer.fields.filter((f) => readable(f.path)),
    fieldErrors: answer.fieldErrors.filter((e) => readable(fieldOf(procedure, e.path))),
  };
}

/** `lines.0.amount` → `lines.amount`, the path `field.read` asks about; `title` stays `title`. */
function fieldOf(procedure: Procedure, path: string): string {
  const [top = path, , column] = path.split('.');
  const table = procedure.fields.find((f) => f.key === top);
  return table?.columns && column !== undefined ? `${top}.${column}` : top;
}
