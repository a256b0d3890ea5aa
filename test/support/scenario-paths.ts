import { naming } from '../../server/src/schema/naming.js';
import type { Company, Reason } from './company.js';

/**
 * The other ways into a record that a scenario test tries beside its main path: the typed
 * create mutation instead of createRecord, updateRecord instead of an action's data, another
 * person's decision, a read by an outsider. Each refused call answers with what a user notices:
 * the code, the field paths, the reasons.
 */
export interface Refusal {
  readonly code: unknown;
  /** The paths of `extensions.fieldErrors` (VALIDATION_FAILED), in order. */
  readonly paths: string[];
  readonly fieldErrors: { path: string; message: { en: string; 'zh-CN': string } }[];
  /** `extensions.reasons` (TRANSITION_BLOCKED). */
  readonly reasons: Reason[];
  readonly message: string;
}

export interface HistoryRow {
  type: string;
  actor: { username: string } | null;
  fromStage: string | null;
  toStage: string | null;
  comment: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  data: Record<string, unknown> | null;
}

export interface OtherPaths {
  /** createRecord, expected to be refused. */
  refusedCreate(who: string, procedure: string, data: Record<string, unknown>): Promise<Refusal>;
  /** The procedure's typed create mutation (`createFinancePayment(input:)`), returning the new record's id and stage. */
  typedCreate(who: string, procedure: string, input: Record<string, unknown>): Promise<{ id: string; stage: { key: string } }>;
  /** The typed create mutation, expected to be refused. */
  refusedTypedCreate(who: string, procedure: string, input: Record<string, unknown>): Promise<Refusal>;
  /** updateRecord at the record's current version, expected to be refused (also for someone who may not read it). */
  refusedUpdate(who: string, id: string, data: Record<string, unknown>): Promise<Refusal>;
  /** An action at the record's current version, expected to be refused (VALIDATION_FAILED for its data, or TRANSITION_BLOCKED). */
  refusedTransition(who: string, id: string, action: string, options?: { data?: Record<string, unknown>; comment?: string }): Promise<Refusal>;
  /** decideApproval on approval `approvalId` (someone else's, typically), expected to be refused. */
  refusedDecision(who: string, approvalId: string, decision: 'APPROVE' | 'REJECT', comment?: string): Promise<Refusal>;
  /** Reading record `id`, expected to be refused. */
  refusedRead(who: string, id: string): Promise<Refusal>;
  /** The record's history as `who` reads it. */
  history(who: string, id: string): Promise<HistoryRow[]>;
  /** Adds a person to the cast (`company.ok('name', …)` then acts as them); returns their id. */
  hire(username: string, profile: { department?: string | null; roles?: string[]; admin?: boolean; manages?: boolean }): Promise<string>;
  /** As administrator `admin` (hired first), changes a user's roles or department, as updateUser does. */
  changeUser(admin: string, username: string, input: { roles?: string[]; department?: string | null; active?: boolean }): Promise<void>;
}

const UPDATE = 'mutation($id: ID!, $data: JSON!, $v: Int!) { updateRecord(id: $id, data: $data, expectedVersion: $v) { id } }';
const CREATE = 'mutation($p: String!, $data: JSON!) { createRecord(procedure: $p, data: $data) { id } }';
const TRANSITION = 'mutation($id: ID!, $action: String!, $v: Int!, $comment: String, $data: JSON) { transition(id: $id, action: $action, expectedVersion: $v, comment: $comment, data: $data) { id } }';
const DECIDE = 'mutation($id: ID!, $decision: ApprovalDecision!, $comment: String) { decideApproval(id: $id, decision: $decision, comment: $comment) { state } }';
const HISTORY = 'query($id: ID!) { record(id: $id) { history { type actor { username } fromStage toStage comment changes data } } }';

const typedMutation = (procedure: string) =>
  `mutation($input: ${naming.createInput(procedure)}!) { ${naming.createMutation(procedure)}(input: $input) { id stage { key } } }`;

export function otherPaths(company: Company): OtherPaths {
  const refusal = (error: { message: string; extensions?: Record<string, unknown> }): Refusal => {
    const fieldErrors = (error.extensions?.fieldErrors ?? []) as Refusal['fieldErrors'];
    return { code: error.extensions?.code, paths: fieldErrors.map((e) => e.path), fieldErrors, reasons: (error.extensions?.reasons ?? []) as Reason[], message: error.message };
  };
  // The version a command must name, read past the API: the person tried may be one who cannot read the record.
  const versionOf = async (id: string) => {
    const [row] = await company.t.db.em.fork().getConnection().execute<{ version: number }[]>('select version from records where id = ?', [id]);
    if (!row) throw new Error(`No record ${id}`);
    return Number(row.version);
  };
  const paths: OtherPaths = {
    async refusedCreate(who, procedure, data) {
      return refusal(await company.refused(who, CREATE, { p: procedure, data }));
    },
    async typedCreate(who, procedure, input) {
      const result = await company.ok(who, typedMutation(procedure), { input });
      return result[naming.createMutation(procedure)] as { id: string; stage: { key: string } };
    },
    async refusedTypedCreate(who, procedure, input) {
      return refusal(await company.refused(who, typedMutation(procedure), { input }));
    },
    async refusedUpdate(who, id, data) {
      return refusal(await company.refused(who, UPDATE, { id, data, v: await versionOf(id) }));
    },
    async refusedTransition(who, id, action, { data, comment } = {}) {
      return refusal(await company.refused(who, TRANSITION, { id, action, v: await versionOf(id), data, comment }));
    },
    async refusedDecision(who, approvalId, decision, comment) {
      return refusal(await company.refused(who, DECIDE, { id: approvalId, decision, comment }));
    },
    async refusedRead(who, id) {
      return refusal(await company.refused(who, 'query($id: ID!) { record(id: $id) { id } }', { id }));
    },
    async history(who, id) {
      return ((await company.ok(who, HISTORY, { id })).record as { history: HistoryRow[] }).history;
    },
    async hire(username, profile) {
      const person = await company.t.user(username, profile);
      // The cast is the object the company's helpers look people up in.
      (company.people as Record<string, { id: string; token: string }>)[username] = person;
      return person.id;
    },
    async changeUser(admin, username, input) {
      await company.ok(admin, 'mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }', { id: company.people[username]!.id, input });
    },
  };
  return paths;
}
