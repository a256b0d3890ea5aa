import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../server/src/app.js';
import { openDatabase, type Database } from '../../server/src/persistence/database.js';
import { EventStream } from '../../server/src/services/event-bus.js';
import { loadCatalog } from '../../server/src/services/catalog-loader.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { definitionsWithRiskNote } from '../support/world.js';

// Subscribers follow budget adjustments over real HTTP (SSE) while other users work on them.
// The fixture gains a `riskNote` that only finance officers may read, as in records.api.test.ts.
let t: TestApp;
let server: Server;
let url: string;
const tokens: Record<string, string> = {};
const subscriptions: Subscription[] = [];

beforeAll(async () => {
  const dir = await definitionsWithRiskNote();
  t = await createTestApp(dir);
  tokens.alice = (await t.user('alice', { department: 'sales' })).token;
  tokens.mona = (await t.user('mona', { department: 'sales', roles: ['employee', 'manager'], manages: true })).token;
  tokens.fiona = (await t.user('fiona', { department: 'finance', roles: ['finance-officer'] })).token;
  tokens.eve = (await t.user('eve', { department: 'production' })).token;
  ({ server, url } = await listen(t.app));
});
afterAll(async () => {
  for (const s of subscriptions) s.close();
  server?.closeAllConnections();
  server?.close();
  await t?.close();
});

const EVENT = 'recordId procedure seq type at fromStage toStage changes comment actor { username } record { id stage { key } version data }';
const BY_RECORD = `subscription($id: ID!) { recordEvents(recordId: $id) { ${EVENT} } }`;
const BY_PROCEDURE = `subscription($procedure: String) { recordEvents(procedure: $procedure) { ${EVENT} } }`;

interface RecordEventResult {
  recordId: string;
  procedure: string;
  seq: number;
  type: string;
  at: string;
  fromStage: string | null;
  toStage: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  comment: string | null;
  actor: { username: string } | null;
  record: { id: string; stage: { key: string }; version: number; data: Record<string, unknown> } | null;
}

interface SseMessage {
  event: string;
  data?: { data?: { recordEvents?: RecordEventResult } | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** An SSE subscription read message by message: `next()` waits for the next one, or fails after `ms`. */
interface Subscription {
  next(ms?: number): Promise<SseMessage>;
  event(ms?: number): Promise<RecordEventResult>;
  close(): void;
}

async function listen(app: App): Promise<{ server: Server; url: string }> {
  const server = createServer(app.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

async function subscribe(as: string | undefined, query: string, variables: Record<string, unknown>, at = url): Promise<Subscription> {
  const abort = new AbortController();
  const response = await fetch(at, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const messages: SseMessage[] = [];
  let buffer = '';
  const next = async (ms = 5000): Promise<SseMessage> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const message = messages.shift();
      if (message) return message;
      const read = await Promise.race([reader.read(), new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), Math.max(deadline - Date.now(), 0)))]);
      if (read === 'timeout') throw new Error(`no SSE message within ${ms} ms`);
      if (read.done) return { event: 'end' };
      buffer += read.value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
        if (fields.event) messages.push({ event: fields.event, ...(fields.data ? { data: JSON.parse(fields.data) as SseMessage['data'] } : {}) });
      }
    }
  };
  const subscription: Subscription = {
    next,
    async event(ms) {
      const message = await next(ms);
      expect(message.event, JSON.stringify(message)).toBe('next');
      expect(message.data?.errors, JSON.stringify(message.data?.errors)).toBeUndefined();
      return message.data!.data!.recordEvents!;
    },
    close: () => abort.abort(),
  };
  subscriptions.push(subscription);
  return subscription;
}

async function ok(as: string, query: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await t.graphql(query, { token: tokens[as], variables });
  expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
  return result.body.data!;
}

async function createBudget(as: string, title: string): Promise<{ id: string; version: number }> {
  const data = { title, currentAmount: 200000, requestedAmount: '350000' };
  return (await ok(as, 'mutation($data: JSON!) { createRecord(procedure: "test.budget-adjustment", data: $data) { id version } }', { data })).createRecord as { id: string; version: number };
}

describe('recordEvents over SSE', () => {
  let record: { id: string; version: number };
  let monaSees: Subscription;
  let aliceSees: Subscription;
  let fionaSees: Subscription;
  let eveByProcedure: Subscription;

  beforeAll(async () => {
    record = await createBudget('alice', 'Trade fair');
  });

  it('refuses a subscriber without a token', async () => {
    const refused = await subscribe(undefined, BY_RECORD, { id: record.id });
    const message = await refused.next();
    expect(message.data?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an outsider who subscribes to the record with the code the record query gives them', async () => {
    const query = await t.graphql(`{ record(id: "${record.id}") { id } }`, { token: tokens.eve });
    const code = query.body.errors?.[0]?.extensions?.code;
    expect(['NOT_FOUND', 'FORBIDDEN']).toContain(code);
    const refused = await subscribe('eve', BY_RECORD, { id: record.id });
    const message = await refused.next();
    expect(message.data?.errors?.[0]?.extensions?.code).toBe(code);
    expect(JSON.stringify(message)).not.toContain('Trade fair');
    expect((await refused.next()).event).toBe('complete');
  });

  it('answers NOT_FOUND for a procedure that does not exist', async () => {
    const refused = await subscribe('alice', BY_PROCEDURE, { procedure: 'test.no-such-procedure' });
    expect((await refused.next()).data?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it("shows a manager the events of another user's transition, in order", async () => {
    monaSees = await subscribe('mona', BY_RECORD, { id: record.id });
    aliceSees = await subscribe('alice', BY_RECORD, { id: record.id });
    eveByProcedure = await subscribe('eve', BY_PROCEDURE, { procedure: 'test.budget-adjustment' });

    await ok('alice', `mutation { transition(id: "${record.id}", action: "submit", comment: "Please", expectedVersion: ${record.version}) { version } }`);

    const transitioned = await monaSees.event();
    expect(transitioned).toMatchObject({
      recordId: record.id,
      procedure: 'test.budget-adjustment',
      seq: 2,
      type: 'transitioned',
      fromStage: 'draft',
      toStage: 'review',
      comment: 'Please',
      actor: { username: 'alice' },
      record: { id: record.id, stage: { key: 'review' } },
    });
    expect(new Date(transitioned.at).getTime()).not.toBeNaN();
    const requested = await monaSees.event();
    expect(requested).toMatchObject({ seq: 3, type: 'approval-requested', actor: null });
    expect((await aliceSees.event()).seq).toBe(2);
    expect((await aliceSees.event()).seq).toBe(3);
  });

  it('lets finance subscribe once the record is in review, where the definition involves them', async () => {
    const reads = await t.graphql(`{ record(id: "${record.id}") { id } }`, { token: tokens.fiona });
    expect(reads.body.errors).toBeUndefined();
    fionaSees = await subscribe('fiona', BY_RECORD, { id: record.id });
  });

  it('never delivers a restricted field to a subscriber who may not read it', async () => {
    const { version } = (await ok('fiona', `{ record(id: "${record.id}") { version } }`)).record as { version: number };
    await ok('fiona', `mutation($data: JSON!) { updateRecord(id: "${record.id}", data: $data, expectedVersion: ${version}) { version } }`, {
      data: { approvedOn: '2026-11-30', riskNote: 'Exchange rate exposure' },
    });

    const forFinance = await fionaSees.event();
    expect(forFinance).toMatchObject({ type: 'updated', actor: { username: 'fiona' } });
    expect(forFinance.changes).toMatchObject({ approvedOn: { to: '2026-11-30' }, riskNote: { from: null, to: 'Exchange rate exposure' } });
    expect(forFinance.record?.data.riskNote).toBe('Exchange rate exposure');

    for (const subscriber of [aliceSees, monaSees]) {
      const redacted = await subscriber.event();
      expect(redacted.type).toBe('updated');
      expect(redacted.changes).toMatchObject({ approvedOn: { to: '2026-11-30' } });
      expect(JSON.stringify(redacted)).not.toContain('riskNote');
      expect(JSON.stringify(redacted)).not.toContain('Exchange rate');
    }
  });

  it("never shows an outsider subscribed by procedure the events of records they may not read", async () => {
    // Events are delivered in commit order: the outsider's first event being their own record's
    // creation shows that every event of the sales record before it was withheld.
    const own = await createBudget('eve', 'Production line');
    const first = await eveByProcedure.event();
    expect(first).toMatchObject({ recordId: own.id, seq: 1, type: 'created', actor: { username: 'eve' } });
    await createBudget('alice', 'Another fair');
    await ok('eve', `mutation { updateRecord(id: "${own.id}", data: { title: "Production line 2" }, expectedVersion: ${own.version}) { version } }`);
    expect(await eveByProcedure.event()).toMatchObject({ recordId: own.id, seq: 2, type: 'updated', changes: { title: { from: 'Production line', to: 'Production line 2' } } });
  });

  it('ends the subscription on the server when the client disconnects', async () => {
    const ended = vi.spyOn(EventStream.prototype, 'end');
    try {
      const leaving = await subscribe('alice', BY_PROCEDURE, {});
      expect(ended).not.toHaveBeenCalled();
      leaving.close();
      await expect.poll(() => ended.mock.calls.length, { timeout: 5000 }).toBe(1);
    } finally {
      ended.mockRestore();
    }
  });
});

describe('recordEvents across server instances', () => {
  let other: { app: App; db: Database; server: Server; url: string } | undefined;

  beforeAll(async () => {
    if (!t.db.databaseUrl) return;
    // A second server process on the same PostgreSQL database: its own ORM pool and its own bus.
    const db = await openDatabase({ databaseUrl: t.db.databaseUrl, dataDir: 'memory://' });
    const app = createApp({ db, catalog: await loadCatalog(db.em), loadCatalog: () => loadCatalog(db.em), logger: false });
    other = { app, db, ...(await listen(app)) };
  });
  afterAll(async () => {
    other?.server.closeAllConnections();
    other?.server.close();
    await other?.app.close();
    await other?.db.close();
  });

  async function crossesInstances(subscriberUrl: string): Promise<void> {
    const record = await createBudget('alice', 'Cross-instance');
    const sees = await subscribe('mona', BY_RECORD, { id: record.id }, subscriberUrl);
    // Written through instance A (t.app) …
    await ok('alice', `mutation { transition(id: "${record.id}", action: "submit", expectedVersion: ${record.version}) { version } }`);
    // … and heard by the subscriber connected to instance B.
    expect(await sees.event()).toMatchObject({ recordId: record.id, seq: 2, type: 'transitioned', actor: { username: 'alice' } });
    expect(await sees.event()).toMatchObject({ seq: 3, type: 'approval-requested' });
    sees.close();
  }

  it.runIf(process.env.DATABASE_URL)('delivers an event written through one instance to a subscriber of another', async () => {
    await crossesInstances(other!.url);
  });

  it.skipIf(process.env.DATABASE_URL)('delivers an event to a subscriber of the one embedded instance', async () => {
    await crossesInstances(url);
  });
});
