import { redactChanges } from '../authz/redact.js';
import type { Actor } from '../engine/engine.types.js';
import { AppError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-codes.js';
import type { Database } from '../persistence/database.js';
import { loadActor } from './directory.service.js';
import type { EventBus, EventFilter } from './event-bus.js';
import type { RecordEventNotice } from './event-notice.js';
import type { ProcedureCatalog } from './procedure-catalog.js';
import type { HistoryEntry, RecordQueries, RecordView } from './record-query.service.js';

/** One history entry delivered to one subscriber: its changes redacted for them, with the record as they see it now. */
export interface DeliveredEvent {
  readonly recordId: string;
  readonly procedure: string;
  readonly entry: HistoryEntry;
  readonly view: RecordView;
}

export interface RecordEventFeedDeps {
  readonly bus: EventBus;
  readonly db: Database;
  readonly queries: RecordQueries;
  readonly catalog: () => ProcedureCatalog;
}

/**
 * Record events as one actor may see them. Every event is judged when it arrives, not when the
 * subscription started: the actor is read again (a deactivated account ends the stream with
 * FORBIDDEN), the record is read as the `record` query reads it (an event of a record the actor
 * may not read now is skipped), and the entry's changes are redacted for them.
 */
export class RecordEventFeed {
  readonly #deps: RecordEventFeedDeps;

  constructor(deps: RecordEventFeedDeps) {
    this.#deps = deps;
  }

  /**
   * Events from now on. With `recordId`: of that record, refused as the `record` query refuses it;
   * with `procedure`: of that procedure's records, NOT_FOUND for an unknown procedure; with
   * neither: of every record the actor may read.
   */
  async subscribe(actor: Actor, filter: EventFilter): Promise<AsyncIterableIterator<DeliveredEvent>> {
    if (filter.procedure !== undefined) this.#deps.catalog().latest(filter.procedure);
    // Listening first: an event committed while the record is checked is not missed.
    const stream = await this.#deps.bus.subscribe(filter);
    try {
      if (filter.recordId !== undefined) await this.#deps.queries.get(actor, filter.recordId);
    } catch (error) {
      await stream.return();
      throw error;
    }
    return keepDefined(stream, (notice) => this.#deliver(actor.id, notice));
  }

  async #deliver(actorId: string, notice: RecordEventNotice): Promise<DeliveredEvent | undefined> {
    const em = this.#deps.db.em.fork();
    const actor = await loadActor(em, actorId);
    let view: RecordView;
    try {
      view = await this.#deps.queries.get(actor, notice.recordId);
    } catch (error) {
      if (error instanceof AppError && (error.code === ErrorCode.NOT_FOUND || error.code === ErrorCode.FORBIDDEN)) return undefined;
      throw error;
    }
    const [row] = await em
      .getConnection()
      .execute<Record<string, unknown>[]>(
        'select seq, type, at, actor_id, from_stage, to_stage, changes, comment, data from record_events where record_id = ? and seq = ?',
        [notice.recordId, notice.seq],
      );
    if (!row) return undefined;
    return { recordId: notice.recordId, procedure: view.state.procedureKey, entry: toEntry(row, view), view };
  }
}

function toEntry(row: Record<string, unknown>, view: RecordView): HistoryEntry {
  return {
    seq: Number(row.seq),
    type: String(row.type),
    at: row.at instanceof Date ? row.at : new Date(String(row.at)),
    actor: (row.actor_id as string | null) ?? null,
    fromStage: (row.from_stage as string | null) ?? null,
    toStage: (row.to_stage as string | null) ?? null,
    changes: row.changes ? redactChanges(view.actor, view.procedure, view.state, view.directory, row.changes as never) : null,
    comment: (row.comment as string | null) ?? null,
    data: (row.data as Record<string, unknown> | null) ?? null,
  };
}

/**
 * `map` over a stream, skipping what `map` leaves undefined. Ending it ends the source at once,
 * even while a `next()` waits on it: an async generator would only notice at its next event.
 */
function keepDefined<T, U>(source: AsyncIterableIterator<T>, map: (item: T) => Promise<U | undefined>): AsyncIterableIterator<U> {
  const end = async (): Promise<IteratorResult<U, undefined>> => {
    await source.return?.();
    return { done: true, value: undefined };
  };
  const iterator: AsyncIterableIterator<U> = {
    async next() {
      for (;;) {
        const item = await source.next();
        if (item.done) return { done: true, value: undefined };
        let mapped: U | undefined;
        try {
          mapped = await map(item.value);
        } catch (error) {
          await end();
          throw error;
        }
        if (mapped !== undefined) return { done: false, value: mapped };
      }
    },
    return: end,
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
