/**
 * The engine's inputs and outputs. The engine is pure: it reads a definition, a record, a
 * command, an actor, the time and a snapshot of the directory, and returns what happens as data.
 * It performs no I/O; services/ applies an outcome in one transaction.
 */
import type { Procedure, WhoList } from '../definitions/definition.types.js';

export type RecordData = Readonly<Record<string, unknown>>;

/** Who acts. `roles` and `department` come from the user's profile. */
export interface Actor {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly string[];
  readonly department: string | null;
  readonly isAdmin: boolean;
}

/** `cancelled`: reopened by a change, or left behind with its stage; a new round opens when needed. */
export type GateStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';

/** Where one chain of levels stands: the whole gate, or one row of a per-row gate. */
export interface LevelChain {
  /** Index of the level now open (or last decided). */
  readonly level: number;
  readonly status: GateStatus;
}

/** A gate's current round, kept on the record; approvals hold the individual decisions. */
export interface GateState {
  readonly round: number;
  readonly status: GateStatus;
  /** For a gate over a whole record: one chain under the key `'*'`; for a per-row gate: one per row index. */
  readonly chains: Readonly<Record<string, LevelChain>>;
  /** The stage the round was opened in: re-entering it opens a new round unless the gate keeps its approval. */
  readonly stage?: string;
}

export type GateStates = Readonly<Record<string, GateState>>;

export interface RecordState {
  readonly id: string;
  readonly procedureKey: string;
  readonly procedureVersion: number;
  readonly stage: string;
  readonly data: RecordData;
  readonly version: number;
  readonly createdBy: string;
  readonly department: string;
  readonly assignee: string | null;
  readonly dueAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly closedAt: Date | null;
  readonly gates: GateStates;
}

export type ApprovalStateName = 'pending' | 'approved' | 'rejected' | 'cancelled';

/** One person's decision in one level of one round of a gate (a task while pending). */
export interface ApprovalState {
  readonly id: string;
  readonly gate: string;
  readonly level: number;
  readonly rowIndex: number | null;
  readonly round: number;
  readonly approver: string;
  readonly state: ApprovalStateName;
  readonly decidedAt: Date | null;
  readonly comment: string | null;
}

/** A record that a link field names, as the `links` fact and link checks see it. */
export interface LinkedRecord {
  readonly procedure: string;
  readonly stage: string;
  /** The department it belongs to: what a link field's `pick: { department }` compares. */
  readonly department: string;
  /**
   * Whether the acting user may read it (`can(actor, 'record.read')`, as its SQL twin decides for
   * lists): the right to pick it for a link, with the field's `pick` besides. False when the
   * directory was loaded for nobody in particular: a record nobody was judged for is picked by nobody.
   */
  readonly readable: boolean;
  /** Its data with rollups filled in and computed fields recomputed, money as numbers. */
  readonly data?: RecordData;
}

/** What the directory says of a person that record data names: facts rules and checks may read. */
export interface Person {
  readonly id: string;
  readonly department: string | null;
  readonly roles: readonly string[];
  /** Their department's manager, or the parent department's when they manage it themselves. */
  readonly manager: string | null;
}

/** What the service looked up for the engine: the engine never queries. */
export interface Directory {
  /** The manager of each department (user id), from the organisation. */
  readonly departmentManagers: ReadonlyMap<string, string | null>;
  /** User ids of the usernames the definition names (`users:` in who entries). */
  readonly userIds: ReadonlyMap<string, string>;
  /** Every active user that record data refers to (user fields and columns), by id. */
  readonly people: ReadonlyMap<string, Person>;
  /** The organisation's department keys, which department fields must name. */
  readonly departments: ReadonlySet<string>;
  /** Linked records that data refers to: their procedure and stage, for link fields. */
  readonly linkedRecords: ReadonlyMap<string, LinkedRecord>;
}

export type Command =
  | { readonly type: 'create'; readonly data: RecordData }
  | { readonly type: 'update'; readonly data: RecordData }
  | { readonly type: 'transition'; readonly action: string; readonly comment?: string; readonly data?: RecordData }
  | { readonly type: 'decide'; readonly approvalId: string; readonly decision: 'APPROVE' | 'REJECT'; readonly comment?: string }
  | { readonly type: 'comment'; readonly body: string };

export interface EngineInput<C extends Command = Command> {
  readonly procedure: Procedure;
  /** The record before the command; absent for `create`, which takes `newRecord` instead. */
  readonly record?: RecordState;
  readonly newRecord?: { readonly id: string; readonly procedureVersion: number; readonly department: string };
  readonly approvals: readonly ApprovalState[];
  readonly command: C;
  readonly actor: Actor;
  readonly now: Date;
  readonly directory: Directory;
}

/** `{ from, to }` per changed field: what history shows. */
export type FieldChanges = Readonly<Record<string, { readonly from: unknown; readonly to: unknown }>>;

export type EventType =
  | 'created'
  | 'updated'
  | 'transitioned'
  | 'approval-requested'
  | 'approval-decided'
  | 'gate-approved'
  | 'gate-rejected'
  | 'gate-reopened'
  | 'assigned'
  | 'commented';

/** A history entry to append; the service numbers it and stamps the record id. */
export interface EventDraft {
  readonly type: EventType;
  /**
   * Who caused it: the acting user, also for what follows from their command (a rejection that
   * routes the record back); null only for what no person did (a gate no level applies to).
   */
  readonly actor: string | null;
  readonly fromStage: string | null;
  readonly toStage: string | null;
  readonly changes: FieldChanges | null;
  readonly comment: string | null;
  readonly data: Readonly<Record<string, unknown>> | null;
}

/** A level to open: the service resolves `approvers` to users and inserts one approval each. */
export interface ApprovalRequest {
  readonly gate: string;
  readonly level: number;
  readonly rowIndex: number | null;
  readonly round: number;
  readonly approvers: WhoList;
  /**
   * People who may not decide: the creator unless the gate allows self-approval, and with
   * `distinctApprovers` whoever approved an earlier level of the round.
   */
  readonly exclude: readonly string[];
  /** The gate's and the level's `exclude` who lists, resolved to people by the service. */
  readonly excludeWho: WhoList;
}

export interface ApprovalDecisionUpdate {
  readonly id: string;
  readonly state: Exclude<ApprovalStateName, 'pending'>;
  readonly decidedBy: string | null;
  readonly decidedAt: Date;
  readonly comment: string | null;
}

/** An effect that leaves the process, written to the outbox in the same transaction. */
export interface Effect {
  readonly topic: 'notify';
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface Outcome {
  readonly record: RecordState;
  readonly events: readonly EventDraft[];
  readonly approvalRequests: readonly ApprovalRequest[];
  readonly approvalUpdates: readonly ApprovalDecisionUpdate[];
  readonly effects: readonly Effect[];
}

/** Why a transition (or another command) cannot happen, in the actor's words. */
export interface Reason {
  readonly kind: 'action' | 'permission' | 'comment' | 'field' | 'guard' | 'rule' | 'gate' | 'stage';
  /** The key of what refuses: the action, the field, the rule or the gate. */
  readonly key: string;
  readonly message: string;
}

export interface FieldError {
  /** lodash-style path into the data, as rjsf's error schema uses it: `lines.0.amount`. */
  readonly path: string;
  readonly message: string;
}
