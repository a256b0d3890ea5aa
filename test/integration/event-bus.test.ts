import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus, type EventStream } from '../../server/src/services/event-bus.js';
import { listenForRecordEvents } from '../../server/src/services/event-listener.js';
import { notifyRecordEvents, type RecordEventNotice } from '../../server/src/services/event-notice.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// The bus hears what the database announces: only what committed, in order, and it keeps
// listening when its connection drops.
let db: TestDatabase;
let bus: EventBus;
const warnings: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  bus = new EventBus((deliver) => listenForRecordEvents(db, deliver, { warn: (m) => warnings.push(m), minDelayMs: 20 }));
});
afterAll(async () => {
  await bus?.close();
  await db?.drop();
});

const notice = (seq: number, type = 'updated', recordId = 'r-1'): RecordEventNotice => ({ recordId, procedure: 'test.p', seq, type });

function committed(...notices: RecordEventNotice[]): Promise<void> {
  return db.em.transactional((tx) => notifyRecordEvents(tx, notices));
}

async function rolledBack(...notices: RecordEventNotice[]): Promise<void> {
  await expect(
    db.em.transactional(async (tx) => {
      await notifyRecordEvents(tx, notices);
      throw new Error('the command failed');
    }),
  ).rejects.toThrow('the command failed');
}

async function take(stream: EventStream, count: number): Promise<RecordEventNotice[]> {
  const taken: RecordEventNotice[] = [];
  while (taken.length < count) {
    const next = await Promise.race([stream.next(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${taken.length} of ${count} notices arrived`)), 5000))]);
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}

describe('the event bus', () => {
  it('delivers the notices of a committed transaction, in order', async () => {
    const stream = await bus.subscribe({});
    await committed(notice(1, 'created'), notice(2, 'transitioned'), notice(3, 'approval-requested'));
    expect(await take(stream, 3)).toEqual([notice(1, 'created'), notice(2, 'transitioned'), notice(3, 'approval-requested')]);
    await stream.return();
  });

  it('never delivers the notices of a rolled-back transaction', async () => {
    const stream = await bus.subscribe({});
    await rolledBack(notice(10, 'rolled-back'));
    await committed(notice(11, 'after'));
    // Delivery is in commit order: had the rolled-back notice been sent, it would come first.
    expect(await take(stream, 1)).toEqual([notice(11, 'after')]);
    await stream.return();
  });

  it('gives each subscriber only what its filter asks for, and forgets a subscriber that returns', async () => {
    const one = await bus.subscribe({ recordId: 'r-1' });
    const other = await bus.subscribe({ procedure: 'test.other' });
    const before = bus.subscriberCount;
    await committed(notice(20, 'updated', 'r-2'), notice(21, 'updated', 'r-1'));
    expect(await take(one, 1)).toEqual([notice(21, 'updated', 'r-1')]);
    await one.return();
    await other.return();
    expect(bus.subscriberCount).toBe(before - 2);
    expect(await other.next()).toEqual({ done: true, value: undefined });
  });

  it('ends a reader that falls too far behind with an error instead of buffering without limit', async () => {
    const small = new EventBus((deliver) => listenForRecordEvents(db, deliver), { bufferSize: 2 });
    try {
      const stream = await small.subscribe({});
      await committed(notice(30), notice(31), notice(32));
      // Nobody reads: the third notice finds the buffer full.
      await expect.poll(() => small.subscriberCount, { timeout: 5000 }).toBe(0);
      await expect(stream.next()).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      expect(await stream.next()).toEqual({ done: true, value: undefined });
    } finally {
      await small.close();
    }
  });

  it.runIf(process.env.DATABASE_URL)('reconnects when its PostgreSQL connection is killed, and hears later events', async () => {
    const stream = await bus.subscribe({});
    const admin = new pg.Client({ connectionString: db.databaseUrl });
    await admin.connect();
    try {
      const killed = await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'procedo-event-bus' and datname = current_database()`);
      expect(killed.rowCount).toBe(1);
      await expect.poll(() => warnings.some((w) => w.includes('listening again')), { timeout: 5000 }).toBe(true);
      await committed(notice(40, 'after-reconnect'));
      expect(await take(stream, 1)).toEqual([notice(40, 'after-reconnect')]);
    } finally {
      await admin.end();
      await stream.return();
    }
  });
});
