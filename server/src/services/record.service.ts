import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Procedure } from '../definitions/definition.types.js';
import type { ApprovalState, Command, Directory, EngineInput, Outcome, RecordData, RecordState } from '../engine/engine.types.js';
import { runCommand } from '../engine/record-engine.js';
import { authorize } from '../authz/authorize.js';
import { DomainError } from '../errors/domain-errors.js';
import type { Database } from '../persistence/database.js';
import { Approval } from '../persistence/entities/approval.entity.js';
import { Comment } from '../persistence/entities/comment.entity.js';
import { OutboxMessage } from '../persistence/entities/outbox-message.entity.js';
import { ProcedureVersion } from '../persistence/entities/procedure-version.entity.js';
import { ProcedureRecord } from '../persistence/entities/record.entity.js';
import { RecordEvent } from '../persistence/entities/record-event.entity.js';
import { User } from '../persistence/entities/user.entity.js';
import { loadActor, loadDirectory, resolveApprovers } from './directory.service.js';
import { notifyRecordEvents } from './event-notice.js';
import type { ProcedureCatalog } from './procedure-catalog.js';
import { toRecordState } from './record-state.mapper.js';

export interface TransitionOptions {
  readonly comment?: string;
  readonly data?: RecordData;
  readonly expectedVersion: number;
  readonly idempotencyKey?: string;
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
 * outbox) — all of it or, on any error, none of it.
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

  /** Starts a record of the current published version. A retry with the same key returns the first record. */
  create(userId: string, procedureKey: string, data: RecordData, idempotencyKey?: string): Promise<RecordState> {
    return this.#db.em.transactional(async (tx) => {
      const replay = await claimIdempotencyKey(tx, userId, idempotencyKey, `create:${procedureKey}`);
      if (replay) return this.#read(tx, replay);
      const actor = await loadActor(tx, userId);
      const { procedure, version } = this.#catalog().latest(procedureKey);
      const directory = await loadDirectory(tx, procedure, [data], { catalog: this.#catalog(), lockLinked: true });
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
      const versionRow = await tx.findOneOrFail(ProcedureVersion, { procedureKey, version });
      tx.create(ProcedureRecord, {
        id: outcome.record.id,
        procedureKey,
        procedureVersion: versionRow,
        stage: outcome.record.stage,
        data: outcome.record.data as Record<string, unknown>,
        createdBy: tx.getReference(User, userId),
        department: outcome.record.department,
        assignee: outcome.record.assignee ? tx.getReference(User, outcome.record.assignee) : null,
        dueAt: outcome.record.dueAt,
        createdAt: outcome.record.createdAt,
        updatedAt: outcome.record.updatedAt,
        closedAt: outcome.record.closedAt,
        gates: outcome.record.gates as Record<string, unknown>,
      });
      await this.#write(tx, procedure, outcome, [], directory, 0);
      await finishIdempotencyKey(tx, userId, idempotencyKey, outcome.record.id);
      return outcome.record;
    });
  }

  /** Merges `data` into the record's data; refuses a stale `expectedVersion`. */
  update(userId: string, recordId: string, data: RecordData, expectedVersion: number): Promise<RecordState> {
    return this.#command(userId, recordId, expectedVersion, { type: 'update', data }, [data]);
  }

  /** Takes an action. A retry with the same key returns the record as the first attempt left it. */
  transition(userId: string, recordId: string, action: string, options: TransitionOptions): Promise<RecordState> {
    const command: Command = { type: 'transition', action, comment: options.comment, data: options.data };
    return this.#command(userId, recordId, options.expectedVersion, command, options.data ? [options.data] : [], options.idempotencyKey);
  }

  /** Approves or rejects one approval asked of the user; returns the record after it. */
  async decide(userId: string, approvalId: string, decision: 'APPROVE' | 'REJECT', comment?: string): Promise<RecordState> {
    const approval = await this.#db.em.fork().findOne(Approval, { id: approvalId }, { fields: ['record'] });
    if (!approval) throw DomainError.notFound(`Approval ${approvalId}`);
    return this.#command(userId, approval.record.id, undefined, { type: 'decide', approvalId, decision, comment }, []);
  }

  /** Adds a comment; it does not change the record's version. */
  comment(userId: string, recordId: string, body: string): Promise<{ id: string; record: RecordState }> {
    return this.#db.em.transactional(async (tx) => {
      const { row, procedure, record } = await this.#lock(tx, recordId);
      const actor = await loadActor(tx, userId);
      const approvers = (await tx.find(Approval, { record: recordId }, { fields: ['approver'] })).map((a) => a.approver?.id ?? '');
      authorize(actor, 'record.read', { procedure, record, participants: { approvers: new Set(approvers) }, directory: await loadDirectory(tx, procedure, []) });
      const outcome = await runCommand({ procedure, record, approvals: [], command: { type: 'comment', body }, actor, now: this.#clock(), directory: emptyDirectory });
      const created = tx.create(Comment, { record: row, author: tx.getReference(User, userId), body: body.trim(), createdAt: this.#clock() });
      await this.#write(tx, procedure, outcome, [], emptyDirectory, await lastSeq(tx, recordId));
      return { id: created.id, record };
    });
  }

  async #command(
    userId: string,
    recordId: string,
    expectedVersion: number | undefined,
    command: Command,
    data: readonly RecordData[],
    idempotencyKey?: string,
  ): Promise<RecordState> {
    return this.#db.em.transactional(async (tx) => {
      const replay = await claimIdempotencyKey(tx, userId, idempotencyKey, `${command.type}:${recordId}`);
      if (replay) return this.#read(tx, replay);
      const { row, procedure, record } = await this.#lock(tx, recordId);
      const actor = await loadActor(tx, userId);
      const approvals = (await tx.find(Approval, { record: recordId }, { orderBy: { createdAt: 'asc', id: 'asc' } })).map(toApprovalState);
      const directory = await loadDirectory(tx, procedure, [record.data, ...data], { catalog: this.#catalog(), lockLinked: true });
      // Someone who may not see the record learns nothing more from a command than from a read.
      authorize(actor, 'record.read', { procedure, record, participants: { approvers: new Set(approvals.map((a) => a.approver)) }, directory });
      if (expectedVersion !== undefined && record.version !== expectedVersion) throw DomainError.versionConflict(expectedVersion, record.version);
      const outcome = await runCommand({ procedure, record, approvals, command, actor, now: this.#clock(), directory });
      if (outcome.events.length === 0) return record;
      tx.assign(row, {
        stage: outcome.record.stage,
        data: outcome.record.data as Record<string, unknown>,
        assignee: outcome.record.assignee ? tx.getReference(User, outcome.record.assignee) : null,
        dueAt: outcome.record.dueAt,
        closedAt: outcome.record.closedAt,
        updatedAt: outcome.record.updatedAt,
        gates: outcome.record.gates as Record<string, unknown>,
      });
      await this.#write(tx, procedure, outcome, approvals, directory, await lastSeq(tx, recordId));
      await finishIdempotencyKey(tx, userId, idempotencyKey, recordId);
      return outcome.record;
    });
  }

  /** Locks the record row for the rest of the transaction: commands on one record run one at a time. */
  async #lock(tx: EntityManager, recordId: string): Promise<{ row: ProcedureRecord; procedure: Procedure; record: RecordState }> {
    const row = await tx.findOne(ProcedureRecord, { id: recordId }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['procedureVersion'] });
    if (!row) throw DomainError.notFound(`Record ${recordId}`);
    const record = toRecordState(row);
    return { row, record, procedure: await this.#catalog().at(tx, record.procedureKey, record.procedureVersion) };
  }

  async #read(tx: EntityManager, recordId: string): Promise<RecordState> {
    const row = await tx.findOneOrFail(ProcedureRecord, { id: recordId }, { populate: ['procedureVersion'] });
    return toRecordState(row);
  }

  /** Writes what the engine decided: history, decisions, new approvals (resolved to people), outbox. */
  async #write(tx: EntityManager, procedure: Procedure, outcome: Outcome, approvals: readonly ApprovalState[], directory: Directory, seq: number): Promise<void> {
    const record = tx.getReference(ProcedureRecord, outcome.record.id);
    const at = outcome.record.updatedAt;
    const events = [...outcome.events];
    for (const request of outcome.approvalRequests) {
      const approvers = await resolveApprovers(tx, request, outcome.record, directory, procedure);
      for (const approver of approvers) {
        tx.create(Approval, {
          record,
          gate: request.gate,
          level: request.level,
          rowIndex: request.rowIndex,
          round: request.round,
          state: 'pending',
          approver: tx.getReference(User, approver),
          approvers: { users: approvers },
          createdAt: at,
        });
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
    const byId = new Map(approvals.map((a) => [a.id, a]));
    for (const update of outcome.approvalUpdates) {
      if (!byId.has(update.id)) continue;
      const row = tx.getReference(Approval, update.id);
      tx.assign(row, { state: update.state, decidedAt: update.decidedAt, comment: update.comment, decidedBy: update.decidedBy ? tx.getReference(User, update.decidedBy) : null });
    }
    const firstSeq = seq + 1;
    for (const event of events) {
      tx.create(RecordEvent, {
        record,
        seq: ++seq,
        type: event.type,
        at,
        actor: event.actor ? tx.getReference(User, event.actor) : null,
        fromStage: event.fromStage,
        toStage: event.toStage,
        changes: event.changes,
        comment: event.comment,
        data: event.data,
      });
    }
    for (const effect of outcome.effects) tx.create(OutboxMessage, { topic: effect.topic, payload: effect.payload, createdAt: at, availableAt: at });
    await tx.flush();
    // Subscribers hear of the events when this transaction commits, and never if it rolls back.
    await notifyRecordEvents(tx, events.map((event, i) => ({ recordId: outcome.record.id, procedure: procedure.key, seq: firstSeq + i, type: event.type })));
  }
}

const emptyDirectory: Directory = {
  departmentManagers: new Map(),
  departments: new Set(),
  userIds: new Map(),
  existingUsers: new Set(),
  linkedRecords: new Map(),
};

function toApprovalState(row: Approval): ApprovalState {
  return {
    id: row.id,
    gate: row.gate,
    level: row.level,
    rowIndex: row.rowIndex ?? null,
    round: row.round,
    approver: row.approver?.id ?? '',
    state: row.state,
    decidedAt: row.decidedAt ?? null,
    comment: row.comment ?? null,
  };
}

async function lastSeq(tx: EntityManager, recordId: string): Promise<number> {
  const [row] = await tx
    .getConnection()
    .execute<{ seq: number | null }[]>('select max(seq) as seq from record_events where record_id = ?', [recordId], 'all', tx.getTransactionContext());
  return Number(row?.seq ?? 0);
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
