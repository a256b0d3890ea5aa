// The GraphQL documents and result types of the workspace. Only the public API (DESIGN.md).
import type { Label } from '../api/graphql';

export interface UserRef {
  readonly id: string;
  readonly displayName: string;
  readonly username?: string;
}

export interface StageRef {
  readonly key: string;
  readonly label: string;
}

export interface TaskApproval {
  readonly id: string;
  readonly state: string;
  readonly gateLabel: string;
  readonly approvers: readonly UserRef[];
}

export interface RecordSummary {
  readonly id: string;
  readonly procedure: string;
  /** The server's short name for it (first readable text in form order), in the chosen language. */
  readonly title: string;
  readonly stage: StageRef;
  readonly data: Record<string, unknown>;
  readonly dueAt: string | null;
  readonly overdue: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: UserRef | null;
  readonly department: string;
  readonly approvals?: readonly TaskApproval[];
}

export interface Connection<T> {
  readonly totalCount: number;
  readonly pageInfo: { readonly endCursor: string | null; readonly hasNextPage: boolean };
  readonly nodes: readonly T[];
}

const SUMMARY = 'id procedure title stage { key label } data dueAt overdue createdAt updatedAt createdBy { id displayName } department';

export const MY_TASKS = `query MyTasks($first: Int, $after: String) {
  myTasks(first: $first, after: $after) {
    totalCount pageInfo { endCursor hasNextPage }
    nodes { ${SUMMARY} approvals { id state gateLabel approvers { id displayName } } }
  }
}`;

export const RECORDS = `query Records($procedure: String, $stage: String, $search: String, $where: JSON, $orderBy: String, $first: Int, $after: String) {
  records(procedure: $procedure, stage: $stage, search: $search, where: $where, orderBy: $orderBy, first: $first, after: $after) {
    totalCount pageInfo { endCursor hasNextPage }
    nodes { ${SUMMARY} }
  }
}`;

export interface ProcedureSummary {
  readonly key: string;
  readonly version: number;
  readonly department: string;
  readonly label: string;
  readonly description: string | null;
  readonly canStart: boolean;
}

export const PROCEDURES = `query Procedures {
  procedures { key version department label description canStart }
  departments { key label }
}`;

export interface DepartmentRef {
  readonly key: string;
  readonly label: string;
  readonly manager?: { readonly id: string } | null;
}

/** The definition's form field as `procedure { definition }` gives it (the parts the UI reads). */
export interface DefinitionField {
  readonly key: string;
  readonly type: string;
  readonly label?: Label;
  readonly help?: Label;
  readonly required?: boolean;
  readonly computed?: string;
  readonly rollup?: unknown;
  readonly currency?: string;
  readonly options?: readonly { readonly value: string; readonly label: Label }[];
  readonly columns?: readonly DefinitionField[];
  readonly procedure?: string;
  readonly stages?: readonly string[];
  readonly readers?: unknown;
}

export interface Definition {
  readonly key: string;
  readonly form: { readonly fields: readonly DefinitionField[] };
  readonly stages: readonly {
    readonly key: string;
    readonly initial?: boolean;
    readonly final?: boolean;
  }[];
  readonly actions: readonly { readonly key: string; readonly from: string | readonly string[]; readonly comment?: string }[];
}

export interface ProcedureDetail {
  readonly key: string;
  readonly version: number;
  readonly department: string;
  readonly label: string;
  readonly description: string | null;
  readonly canStart: boolean;
  readonly form: { readonly jsonSchema: Record<string, unknown>; readonly uiSchema: Record<string, unknown> };
  readonly stages: readonly { readonly key: string; readonly label: string; readonly final: boolean; readonly initial: boolean }[];
  readonly definition: Definition;
}

export const PROCEDURE = `query Procedure($key: String!, $version: Int) {
  procedure(key: $key, version: $version) {
    key version department label description canStart
    form { jsonSchema uiSchema }
    stages { key label final initial }
    definition
  }
}`;

export interface RecordAction {
  readonly key: string;
  readonly label: string;
  readonly allowed: boolean;
  readonly toStage: string;
  readonly reasons: readonly { readonly kind: string; readonly key: string; readonly message: string }[];
}

export interface Approval {
  readonly id: string;
  readonly gate: string;
  readonly gateLabel: string;
  readonly level: number;
  readonly round: number;
  readonly rowIndex: number | null;
  readonly state: string;
  readonly approvers: readonly UserRef[];
  readonly decidedBy: UserRef | null;
  readonly decidedAt: string | null;
  readonly comment: string | null;
}

export interface HistoryEntry {
  readonly seq: number;
  readonly type: string;
  readonly at: string;
  readonly actor: UserRef | null;
  readonly fromStage: string | null;
  readonly toStage: string | null;
  readonly changes: Record<string, { from: unknown; to: unknown }> | null;
  readonly comment: string | null;
  readonly data: Record<string, unknown> | null;
}

export interface CommentEntry {
  readonly id: string;
  readonly body: string;
  readonly createdAt: string;
  readonly author: UserRef | null;
}

export interface RecordDetail extends RecordSummary {
  readonly procedureVersion: number;
  readonly version: number;
  readonly closedAt: string | null;
  readonly assignee: UserRef | null;
  readonly actions: readonly RecordAction[];
  readonly approvals: readonly Approval[];
  readonly history: readonly HistoryEntry[];
  readonly comments: readonly CommentEntry[];
}

const RECORD_FIELDS = `${SUMMARY} procedureVersion version closedAt assignee { id displayName }
  actions { key label allowed toStage reasons { kind key message } }
  approvals { id gate gateLabel level round rowIndex state approvers { id displayName } decidedBy { id displayName } decidedAt comment }
  history { seq type at actor { id displayName } fromStage toStage changes comment data }
  comments { id body createdAt author { id displayName } }`;

export const RECORD = `query Record($id: ID!) { record(id: $id) { ${RECORD_FIELDS} } departments { key label manager { id } } }`;

export const CREATE_RECORD = `mutation CreateRecord($procedure: String!, $data: JSON!, $idempotencyKey: String) {
  createRecord(procedure: $procedure, data: $data, idempotencyKey: $idempotencyKey) { id }
}`;

export const UPDATE_RECORD = `mutation UpdateRecord($id: ID!, $data: JSON!, $expectedVersion: Int!) {
  updateRecord(id: $id, data: $data, expectedVersion: $expectedVersion) { id version }
}`;

export const TRANSITION = `mutation Transition($id: ID!, $action: String!, $expectedVersion: Int!, $comment: String, $idempotencyKey: String) {
  transition(id: $id, action: $action, expectedVersion: $expectedVersion, comment: $comment, idempotencyKey: $idempotencyKey) { id version }
}`;

export const DECIDE_APPROVAL = `mutation DecideApproval($id: ID!, $decision: ApprovalDecision!, $comment: String) {
  decideApproval(id: $id, decision: $decision, comment: $comment) { id state }
}`;

export const ADD_COMMENT = `mutation AddComment($recordId: ID!, $body: String!) { addComment(recordId: $recordId, body: $body) { id } }`;

export const RECORD_EVENTS = `subscription RecordEvents($recordId: ID) { recordEvents(recordId: $recordId) { recordId seq type actor { id } } }`;

/** One field, section or table column (`lines.amount`) as the server decides it for a draft. */
export interface FormFieldState {
  readonly path: string;
  readonly visible: boolean;
  readonly required: boolean;
  readonly editable: boolean;
}

/** `formState`: the server's answer for the draft a form holds (server/src/engine/form-state.ts). */
export interface FormState {
  readonly data: Record<string, unknown>;
  readonly fields: readonly FormFieldState[];
  readonly fieldErrors: readonly { readonly path: string; readonly message: string }[];
}

export const FORM_STATE = `query FormState($procedure: String!, $recordId: ID, $data: JSON!) {
  formState(procedure: $procedure, recordId: $recordId, data: $data) { data fields { path visible required editable } fieldErrors { path message } }
}`;

/** Whether the user may change anything of the record now (the Edit button). */
export const FORM_EDITABLE = `query FormEditable($procedure: String!, $recordId: ID!) {
  formState(procedure: $procedure, recordId: $recordId, data: {}) { fields { path editable } }
}`;

export const DEPARTMENTS = `query Departments { departments { key label } }`;
export const USERS = `query Users { users { id displayName username active } }`;
