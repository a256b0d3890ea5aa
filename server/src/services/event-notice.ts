import type { EntityManager } from '@mikro-orm/postgresql';

/** The Postgres channel that carries record events between server processes. */
export const RECORD_EVENTS_CHANNEL = 'procedo_record_events';

/**
 * What a notification says about one history row: enough to route it and to read the row, never
 * the data itself (a NOTIFY payload is limited to 8000 bytes and every listener receives it).
 */
export interface RecordEventNotice {
  readonly recordId: string;
  readonly procedure: string;
  readonly seq: number;
  readonly type: string;
}

/**
 * Announces history rows written in `tx`. NOTIFY is transactional: listeners hear of the events
 * when the transaction commits, in order, and never of a command that rolled back.
 */
export async function notifyRecordEvents(tx: EntityManager, notices: readonly RecordEventNotice[]): Promise<void> {
  const connection = tx.getConnection();
  // One statement per event keeps them in order: a command writes a handful at most.
  for (const n of notices) {
    const payload = JSON.stringify({ recordId: n.recordId, procedure: n.procedure, seq: n.seq, type: n.type });
    await connection.execute('select pg_notify(?, ?)', [RECORD_EVENTS_CHANNEL, payload], 'all', tx.getTransactionContext());
  }
}

/** The notice in a payload, or undefined for a payload this version does not understand. */
export function parseRecordEventNotice(payload: string): RecordEventNotice | undefined {
  try {
    const value = JSON.parse(payload) as Partial<RecordEventNotice>;
    if (typeof value.recordId !== 'string' || typeof value.procedure !== 'string' || typeof value.seq !== 'number' || typeof value.type !== 'string') return undefined;
    return { recordId: value.recordId, procedure: value.procedure, seq: value.seq, type: value.type };
  } catch {
    return undefined;
  }
}
