import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Procedure } from '../definitions/definition.types.js';
import type { Actor, ApprovalState, Command, Directory, EngineInput, Outcome, RecordData, RecordState } from '../engine/engine.types.js';
import { runCommand } from '../engine/record-engine.js';
import { authorize } from '../authz/authorize.js';
import { can } from '../authz/can.js';
import { redactData } from '../authz/redact.js';
import { DomainError } from '../errors/domain-errors.js';
import type { Database } from '../persistence/database.js';
import { Comment } from '../persistence/entities/comment.entity.js';
import { User } from '../persistence/entities/user.entity.js';
import { selectRecord, writeOutcome, type CommandContext, type NewApproval } from '../persistence/record-store.js';
import { loadCommandContext, resolveApprovers } from './directory.service.js';
import { RECORD_EVENTS_CHANNEL } from './event-notice.js';
import type { ProcedureCatalog } from './procedure-catalog.js';
import type { RecordView } from './record-query.service.js';
import { liveData } from './rollup.service.js';
import { refuseDuplicates } from './unique-records.js';

export interface TransitionOptions {
  readonly comment?: string;
  readonly data?: RecordData;
  readonly expectedVersion: number;
  readonly idempotencyKey?: string;
}

/** A command the API sends: the one entry point that also returns what the caller may see of the result. */
export type CommandRequest =
  | { readonly type: 'create'; readonly procedure: string; readonly data: RecordData; readonly idempotencyKey?: string }
  | { readonly type: 'update'; readonly recordId: string; readonly data: RecordData; readonly expectedVersion: number }
  | ({ readonly type: 'transition'; readonly recordId: string; readonly action: string } & TransitionOptions)
  | { readonly type: 'decide'; readonly approvalId: string; readonly decision: 'APPROVE' | 'REJECT'; readonly comment?: string };

/** A committed command: the record as it now stands, and everything needed to show it without reading it again. */
interface Committed {
  readonly record: RecordState;
  readonly procedure: Procedure;
  readonly directory: Directory;
  /** Everyone an approval of the record was ever asked of (participants for `record.read`). */
  readonly approvers: ReadonlySet<string>;
}

export interface RecordServiceDeps {
  readonly db: Database;
  /** The catalog in force; a function, so that a publish can swap it without a restart. */
  readonly catalog: () => ProcedureCatalog;
  readonly clock?: () => Date;
}

/**
 * The record commands. Each runs in one transaction: it locks the record, checks the expected
 * version, lets the pure engine decide, and writes the outcome (record, history, approvals,
 * outbox) — all of it or, on any error, none of it. The reads and the write are a handful of
 * hand-written statements (persistence/record-store.ts): this is the hot path.
 */
export class RecordService {
  readonly #db: Database;
  readonly #catalog: () => ProcedureCatalog;
  readonly #clock: () => Date;

  constructor(deps: RecordServiceDeps) {
    this.#db = deps.db;
    this.#catalog = deps.catalog;
    this.#clock = deps.clock ?? (() => new Date());
  }

  /**
   * Runs a command for `actor` and returns the record as they may now see it: FORBIDDEN (after
   * the commit) when the command took the record out of their sight, as reading it would.
   */
  async execute(actor: Actor, request: CommandRequest): Promise<RecordView> {
    const committed = await this.#execute(actor.id, request);
    const record = { ...committed.record, data: await liveData(this.#db.em.fork(), committed.procedure, committed.record.id, committed.record.data) };
    const decision = can(actor, 'record.read', { procedure: committed.procedure, record, participants: { approvers: committed.approvers }, directory: committed.directory });
    if (!decision.allowed) throw DomainError.forbidden('You may not see this record: it belongs to another department and does not involve you.');
    return { state: record, procedure: committed.procedure, data: redactData(actor, committed.procedure, record, committed.directory), actor, directory: committed.directory };
  }

  /** Starts a record of the current published version. A retry with the same key returns the first record. */
  async create(userId: string, procedureKey: string, data: RecordData, idempotencyKey?: string): Promise<RecordState> {
    return (await this.#execute(userId, { type: 'create', procedure: procedureKey, data, idempotencyKey })).record;
  }

  /** Merges `data` into the record's data; refuses a stale `expectedVersion`. */
  async update(userId: string, recordId: string, data: RecordData, expectedVersion: number): Promise<RecordState> {
    return (await this.#execute(userId, { type: 'update', recordId, data, expectedVersion })).record;
  }

  /** Takes an action. A retry with the same key returns the record as the first attempt left it. */
  async transition(userId: string, recordId: string, action: string, options: TransitionOptions): Promise<RecordState> {
    return (await this.#execute(userId, { type: 'transition', recordId, action, ...options })).record;
  }

  /** Approves or rejects one approval asked of the user; returns the record after it. */
  async decide(userId: string, approvalId: string, decision: 'APPROVE' | 'REJECT', comment?: string): Promise<RecordState> {
    return (await this.#execute(userId, { type: 'decide', approvalId, decision, comment })).record;
  }

  #execute(userId: string, request: CommandRequest): Promise<Committed> {
    switch (request.type) {
      case 'create':
        return this.#create(userId, request.procedure, request.data, request.idempotencyKey);
      case 'update':
        return this.#command(userId, { recordId: request.recordId }, request.expectedVersion, { type: 'update', data: request.data }, [request.data]);
      case 'transition': {
        const command: Command = { type: 'transition', action: request.action, comment: request.comment, data: request.data };
        return this.#command(userId, { recordId: request.recordId }, request.expectedVersion, command, request.data ? [request.data] : [], request.idempotencyKey);
      }
      case 'decide':
        return this.#decide(userId, request.approvalId, request.decision, request.comment);
    }
  }

  async #create(userId: string, procedureKey: string, data: RecordData, idempotencyKey?: string): Promise<Committed> {
    return this.#db.em.transactional(async (tx) => {
      const replay = await claimIdempotencyKey(tx, userId, idempotencyKey, `create:${procedureKey}`);
      if (replay) return this.#replay(tx, replay);
      const { procedure, version } = this.#catalog().latest(procedureKey);
      const { directory, ...context } = await loadCommandContext(tx, userId, undefined, procedure, [data], { catalog: this.#catalog(), lockLinked: true });
      const actor = activeActor(context);
      const input: EngineInput = {
        procedure,
        newRecord: { id: randomUUID(), procedureVersion: version, department: actor.department ?? procedure.department },
        approvals: [],
        command: { type: 'create', data },
        actor,
        now: this.#clock(),
        directory,
      };
      const outcome = await runCommand(input);
      const approvers = await this.#write(tx, procedure, outcome, { kind: 'insert' }, [], directory, 0);
      await finishIdempotencyKey(tx, userId, idempotencyKey, outcome.record.id);
      return { record: outcome.record, procedure, directory, approvers: new Set(approvers) };
    });
  }

  #decide(userId: string, approvalId: string, decision: 'APPROVE' | 'REJECT', comment?: string): Promise<Committed> {
    return this.#command(userId, { approvalId }, undefined, { type: 'decide', approvalId, decision, comment }, []);
  }

  /** Adds a comment; it does not change the record's version. */
  comment(userId: string, recordId: string, body: string): Promise<{ id: string; record: RecordState }> {
    return this.#db.em.transactional(async (tx) => {
      const { procedure, record } = await this.#lock(tx, { recordId });
      const { directory, ...context } = await loadCommandContext(tx, userId, recordId, procedure, []);
      const actor = activeActor(context);
      const approvers = new Set(context.approvals.map((a) => a.approver));
      authorize(actor, 'record.read', { procedure, record, participants: { approvers }, directory });
      const outcome = await runCommand({ procedure, record, approvals: [], command: { type: 'comment', body }, actor, now: this.#clock(), directory: emptyDirectory });
      const created = tx.create(Comment, { record: recordId, author: tx.getReference(User, userId), body: body.trim(), createdAt: this.#clock() });
      await tx.flush();
      await this.#write(tx, procedure, outcome, undefined, [], emptyDirectory, context.lastSeq);
      return { id: created.id, record };
    });
  }

  /** A command on an existing record, named by its id or (a decision) by one of its approvals. */
  async #command(
    userId: string,
    target: { readonly recordId: string } | { readonly approvalId: string },
    expectedVersion: number | undefined,
    command: Command,
    data: readonly RecordData[],
    idempotencyKey?: string,
  ): Promise<Committed> {
    return this.#db.em.transactional(async (tx) => {
      const replay = 'recordId' in target ? await claimIdempotencyKey(tx, userId, idempotencyKey, `${command.type}:${target.recordId}`) : undefined;
      if (replay) return this.#replay(tx, replay);
      const { procedure, record } = await this.#lock(tx, target);
      const recordId = record.id;
      const { directory, ...context } = await loadCommandContext(tx, userId, recordId, procedure, [record.data, ...data], { catalog: this.#catalog(), lockLinked: true });
      const actor = activeActor(context);
      const { approvals } = context;
      const approvers = new Set(approvals.map((a) => a.approver));
      // Someone who may not see the record learns nothing more from a command than from a read.
      authorize(actor, 'record.read', { procedure, record, participants: { approvers }, directory });
      if (expectedVersion !== undefined && record.version !== expectedVersion) throw DomainError.versionConflict(expectedVersion, record.version);
      const outcome = await runCommand({ procedure, record, approvals, command, actor, now: this.#clock(), directory });
      if (outcome.events.length === 0) return { record, procedure, directory, approvers };
      const asked = await this.#write(tx, procedure, outcome, { kind: 'update', expectedVersion: record.version }, approvals, directory, context.lastSeq);
      await finishIdempotencyKey(tx, userId, idempotencyKey, recordId);
      return { record: outcome.record, procedure, directory, approvers: new Set([...approvers, ...asked]) };
    });
  }

  /** Locks the record row for the rest of the transaction: commands on one record run one at a time. */
  async #lock(tx: EntityManager, target: { readonly recordId: string } | { readonly approvalId: string }): Promise<{ procedure: Procedure; record: RecordState }> {
    const record = await selectRecord(tx, target, true);
    if (!record) throw DomainError.notFound('recordId' in target ? `Record ${target.recordId}` : `Approval ${target.approvalId}`);
    return { record, procedure: await this.#catalog().at(tx, record.procedureKey, record.procedureVersion) };
  }

  /** The record a first attempt with the same idempotency key left, as a committed command. */
  async #replay(tx: EntityManager, recordId: string): Promise<Committed> {
    const record = await selectRecord(tx, { recordId }, false);
    if (!record) throw DomainError.notFound(`Record ${recordId}`);
    const procedure = await this.#catalog().at(tx, record.procedureKey, record.procedureVersion);
    const { directory, approvals } = await loadCommandContext(tx, record.createdBy, recordId, procedure, []);
    return { record, procedure, directory, approvers: new Set(approvals.map((a) => a.approver)) };
  }

  /**
   * Writes what the engine decided — the record (unless `record` is undefined: a comment leaves
   * it as it is), history, decisions, new approvals resolved to people, outbox — and returns
   * the people newly asked to approve.
   */
  async #write(
    tx: EntityManager,
    procedure: Procedure,
    outcome: Outcome,
    record: { kind: 'insert' } | { kind: 'update'; expectedVersion: number } | undefined,
    approvals: readonly ApprovalState[],
    directory: Directory,
    lastSeq: number,
  ): Promise<string[]> {
    if (record && procedure.unique.length > 0) await refuseDuplicates(tx, procedure, outcome.record);
    const events = [...outcome.events];
    const asked: NewApproval[] = [];
    for (const request of outcome.approvalRequests) {
      const approvers = await resolveApprovers(tx, request, outcome.record, directory, procedure);
      for (const approver of approvers) {
        asked.push({ id: randomUUID(), gate: request.gate, level: request.level, rowIndex: request.rowIndex, round: request.round, approver, approvers: { users: approvers } });
      }
      events.push({
        type: 'approval-requested',
        actor: null,
        fromStage: null,
        toStage: null,
        changes: null,
        comment: null,
        data: { gate: request.gate, level: request.level, levelKey: procedure.gates.find((g) => g.key === request.gate)?.levels[request.level]?.key ?? null, rowIndex: request.rowIndex, round: request.round, approvers },
      });
    }
    const known = new Set(approvals.map((a) => a.id));
    const write = {
      outcome: { ...outcome, approvalUpdates: outcome.approvalUpdates.filter((u) => known.has(u.id)) },
      events,
      firstSeq: lastSeq + 1,
      approvals: asked,
      channel: RECORD_EVENTS_CHANNEL,
      // Subscribers hear of the events when this transaction commits, and never if it rolls back.
      notices: events.map((event, i) => ({ recordId: outcome.record.id, procedure: procedure.key, seq: lastSeq + 1 + i, type: event.type })),
    };
    const written = await writeOutcome(tx, { ...write, record: record ?? { kind: 'none' } });
    if (!written && record?.kind === 'update') throw DomainError.versionConflict(record.expectedVersion, outcome.record.version);
    return asked.map((a) => a.approver);
  }
}

const emptyDirectory: Directory = {
  departmentManagers: new Map(),
  departments: new Set(),
  userIds: new Map(),
  people: new Map(),
  linkedRecords: new Map(),
};

/** The acting user as the engine sees them; FORBIDDEN for an unknown or inactive user. */
function activeActor(context: CommandContext): Actor {
  const user = context.actor;
  if (!user || !user.active) throw DomainError.forbidden('Your account is not active.');
  return { id: user.id, username: user.username, roles: user.roles, department: user.department, isAdmin: user.isAdmin };
}

/**
 * Takes an idempotency key for this command, or finds that it was taken: then returns the record
 * the first attempt produced (a concurrent attempt waits on the key's row until the first
 * commits). The same key for another command is a client error.
 */
async function claimIdempotencyKey(tx: EntityManager, userId: string, key: string | undefined, command: string): Promise<string | undefined> {
  if (key === undefined) return undefined;
  const connection = tx.getConnection();
  const context = tx.getTransactionContext();
  const inserted = await connection.execute<unknown[]>(
    'insert into idempotency_keys (actor_id, key, command, created_at) values (?, ?, ?, now()) on conflict do nothing returning key',
    [userId, key, command],
    'all',
    context,
  );
  if (inserted.length > 0) return undefined;
  const [existing] = await connection.execute<{ command: string; record_id: string | null }[]>(
    'select command, record_id from idempotency_keys where actor_id = ? and key = ?',
    [userId, key],
    'all',
    context,
  );
  if (!existing || existing.command !== command || !existing.record_id) {
    throw DomainError.badRequest(`The idempotency key "${key}" was already used for another request: use a new key for a new request.`);
  }
  return existing.record_id;
}

async function finishIdempotencyKey(tx: EntityManager, userId: string, key: string | undefined, recordId: string): Promise<void> {
  if (key === undefined) return;
  await tx
    .getConnection()
    .execute('update idempotency_keys set record_id = ? where actor_id = ? and key = ?', [recordId, userId, key], 'run', tx.getTransactionContext());
}
