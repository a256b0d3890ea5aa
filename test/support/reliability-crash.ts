import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/src/persistence/database.js';
import { createTestDatabase } from './database.js';
import { readProcedureShape, readStoredRecords, recordProblems } from './reliability-history.js';
import { startKillableServer, type KillableServer } from './reliability-server.js';
import { engineDefinitionsDir } from './world.js';

// The crash campaign shared by test/reliability/crash.test.ts (a few kills) and the soak
// (npm run soak, 20 kills and more): concurrent clients walk design reviews through their whole
// life over real HTTP while the server process is SIGKILLed at random moments and restarted on
// the same database. Afterwards the tables are read directly and checked.

const PROCEDURE = 'test.design-review';
const ADMIN_PASSWORD = 'crash-admin-password';

export interface CrashOptions {
  readonly kills: number;
  readonly clients: number;
  /**
   * When to kill after a restart: once a random number in [min, max) of further commands were
   * acknowledged, then after a random 0–200 ms, so that commands are in flight at the kill.
   */
  readonly killAfterAcks: readonly [number, number];
  readonly log?: (line: string) => void;
}

export interface CrashReport {
  readonly database: 'pglite' | 'postgresql';
  readonly kills: number;
  readonly records: number;
  /** Commands that got a successful response (retries included). */
  readonly acknowledged: number;
  /** Commands whose response was lost to a kill and that were sent again after the restart. */
  readonly retried: number;
  /** Every inconsistency found; empty when the database survived. */
  readonly problems: string[];
}

type Ack =
  | { kind: 'create'; title: string; recordId: string }
  | { kind: 'transition'; recordId: string; action: string; version: number }
  | { kind: 'decide'; recordId: string; approvalId: string; who: string };

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Lost when the process dies under the request: the command may or may not have committed. */
class Unacknowledged extends Error {}

export async function runCrashCampaign(options: CrashOptions): Promise<CrashReport> {
  const log = options.log ?? (() => undefined);
  const workDir = await mkdtemp(path.join(tmpdir(), 'procedo-crash-'));
  const testDb = process.env.DATABASE_URL ? await createTestDatabase({ migrate: false }) : undefined;
  const dataDir = path.join(workDir, 'data');
  const env: Record<string, string | undefined> = {
    PROCEDO_DEFINITIONS_DIR: engineDefinitionsDir,
    ADMIN_PASSWORD,
    ...(testDb ? { DATABASE_URL: testDb.databaseUrl } : { PROCEDO_DATA_DIR: dataDir }),
  };
  let server: KillableServer = await startKillableServer(env);
  try {
    const tokens = await castTokens(server.url);
    // Clients wait on `up` while the server is down; `restarted` resolves it again.
    let up: Promise<void> = Promise.resolve();
    let markUp: () => void = () => undefined;
    let campaignOver = false;
    const acks: Ack[] = [];
    const problems: string[] = [];
    let retried = 0;
    let titles = 0;

    const send = async (token: string, query: string, variables: Record<string, unknown>): Promise<Body> => {
      await up;
      let response: Response;
      try {
        response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as Body;
      } catch {
        throw new Unacknowledged();
      }
    };
    /** Sends until a response arrives; `retryExplains` accepts an error that a lost first attempt explains. */
    const command = async (token: string, query: string, variables: Record<string, unknown>, what: string, retryExplains: (code: string | undefined) => boolean = () => false): Promise<Body | 'explained' | undefined> => {
      let lost = false;
      for (;;) {
        try {
          const body = await send(token, query, variables);
          const code = body.errors?.[0]?.extensions?.code;
          if (body.errors && lost && retryExplains(code)) return 'explained';
          if (body.errors) {
            problems.push(`${what}: ${JSON.stringify(body.errors)}`);
            return undefined;
          }
          return body;
        } catch (error) {
          if (!(error instanceof Unacknowledged)) throw error;
          if (!lost) retried += 1;
          lost = true;
        }
      }
    };

    const walk = async (client: number, n: number): Promise<void> => {
      const title = `crash ${client}-${n} ${Math.random().toString(36).slice(2)}`;
      titles += 1;
      const created = await command(tokens.rita, 'mutation($d: JSON!, $k: String) { createRecord(procedure: "test.design-review", data: $d, idempotencyKey: $k) { id version } }', { d: { design: title }, k: `create ${title}` }, `create ${title}`);
      if (!created || created === 'explained') return;
      const id = (created.data!.createRecord as { id: string }).id;
      acks.push({ kind: 'create', title, recordId: id });
      const transition = async (action: string, version: number) => {
        const body = await command(
          tokens.rita,
          'mutation($id: ID!, $a: String!, $v: Int!, $k: String) { transition(id: $id, action: $a, expectedVersion: $v, idempotencyKey: $k) { version approvals { id state approvers { username } } } }',
          { id, a: action, v: version, k: `${action} ${title}` },
          `${action} ${title}`,
        );
        if (!body || body === 'explained') return undefined;
        acks.push({ kind: 'transition', recordId: id, action, version });
        return body.data?.transition as { version: number; approvals: { id: string; state: string; approvers: { username: string }[] }[] } | undefined;
      };
      const submitted = await transition('submit', 1);
      if (!submitted) return;
      for (const who of ['raj', 'max'] as const) {
        const approval = submitted.approvals.find((a) => a.approvers.some((p) => p.username === who));
        if (!approval) return void problems.push(`${title}: no approval asks ${who}`);
        // No idempotency key on decisions: a lost first attempt that committed makes the retry
        // find the approval already decided (BAD_REQUEST); the tables then say it was decided once.
        const body = await command(tokens[who]!, 'mutation($id: ID!) { decideApproval(id: $id, decision: APPROVE) { state } }', { id: approval.id }, `${who} approves ${title}`, (code) => code === 'BAD_REQUEST');
        if (!body) return;
        acks.push({ kind: 'decide', recordId: id, approvalId: approval.id, who: body === 'explained' ? `${who} (the retry found it decided)` : who });
      }
      await transition('finalize', 4);
    };
    const clients = Array.from({ length: options.clients }, async (_, client) => {
      for (let n = 0; !campaignOver; n += 1) await walk(client, n);
    });

    for (let kill = 1; kill <= options.kills; kill += 1) {
      const [min, max] = options.killAfterAcks;
      const target = acks.length + min + Math.floor(Math.random() * (max - min));
      const deadline = Date.now() + 60_000;
      while (acks.length < target && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 200));
      up = new Promise((resolve) => (markUp = resolve));
      await server.kill();
      log(`kill ${kill}/${options.kills}: SIGKILL after ${acks.length} acknowledged commands`);
      server = await startKillableServer(env);
      markUp();
    }
    campaignOver = true;
    await Promise.all(clients);
    const exitCode = await server.stop();
    if (exitCode !== 0) problems.push(`the server exited with ${exitCode} on SIGTERM:\n${server.output()}`);

    const db = testDb ?? (await openDatabase({ dataDir }));
    try {
      const stored = await readStoredRecords(db, PROCEDURE);
      problems.push(...(await ledgerProblems(stored, acks, titles, db)));
    } finally {
      if (!testDb) await db.close();
    }
    return {
      database: testDb ? 'postgresql' : 'pglite',
      kills: options.kills,
      records: acks.filter((a) => a.kind === 'create').length,
      acknowledged: acks.length,
      retried,
      problems,
    };
  } finally {
    await server.kill().catch(() => undefined);
    await testDb?.drop();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Checks the tables against what the clients were told. */
async function ledgerProblems(stored: Awaited<ReturnType<typeof readStoredRecords>>, acks: readonly Ack[], attempted: number, db: Parameters<typeof readStoredRecords>[0]): Promise<string[]> {
  const problems: string[] = [];
  const shape = await readProcedureShape(path.join(engineDefinitionsDir, 'test/design-review.yaml'));
  const byId = new Map(stored.records.map((r) => [r.id, r]));
  const byTitle = new Map<string, string[]>();
  for (const r of stored.records) byTitle.set(String(r.data.design), [...(byTitle.get(String(r.data.design)) ?? []), r.id]);
  if (stored.records.length > attempted) problems.push(`${stored.records.length} records stored but only ${attempted} creates were sent`);
  for (const [title, ids] of byTitle) if (ids.length !== 1) problems.push(`"${title}" is stored ${ids.length} times`);
  for (const ack of acks) {
    const record = byId.get(ack.recordId);
    if (!record) {
      problems.push(`acknowledged ${ack.kind} of ${ack.recordId} but the record is missing`);
      continue;
    }
    const events = stored.events.get(ack.recordId) ?? [];
    if (ack.kind === 'create' && record.data.design !== ack.title) problems.push(`${ack.recordId} holds "${String(record.data.design)}", acknowledged as "${ack.title}"`);
    if (ack.kind === 'transition') {
      const moves = events.filter((e) => e.type === 'transitioned' && e.data?.action === ack.action);
      if (moves.length !== 1) problems.push(`acknowledged ${ack.action} of ${ack.recordId} is in its history ${moves.length} times`);
    }
    if (ack.kind === 'decide') {
      const approval = (stored.approvals.get(ack.recordId) ?? []).find((a) => a.id === ack.approvalId);
      if (approval?.state !== 'approved') problems.push(`acknowledged approval ${ack.approvalId} (${ack.who}) is ${approval?.state ?? 'missing'}`);
    }
  }
  for (const record of stored.records) problems.push(...recordProblems(shape, record, stored.events.get(record.id) ?? [], stored.approvals.get(record.id) ?? []));
  const connection = db.em.getConnection();
  for (const [table, column] of [['record_events', 'record_id'], ['approvals', 'record_id'], ['idempotency_keys', 'record_id']] as const) {
    const [{ count }] = (await connection.execute(`select count(*)::int as count from ${table} t where t.${column} is not null and not exists (select 1 from records r where r.id = t.${column})`)) as [{ count: number }];
    if (count > 0) problems.push(`${count} rows of ${table} point at no record`);
  }
  return problems;
}

/** Signs the administrator in and creates the cast as service accounts with API tokens. */
async function castTokens(url: string): Promise<Record<'rita' | 'raj' | 'max' | 'pete', string>> {
  const call = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Body;
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  const admin = ((await call('mutation($p: String!) { login(username: "admin", password: $p) { token } }', { p: ADMIN_PASSWORD })).login as { token: string }).token;
  const cast = { rita: ['rnd', ['employee']], raj: ['rnd', ['employee', 'reviewer']], max: ['market', ['employee', 'reviewer']], pete: ['production', ['employee', 'reviewer']] } as const;
  const tokens: Record<string, string> = {};
  for (const [username, [department, roles]] of Object.entries(cast)) {
    const user = (await call('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { username, displayName: username, department, roles } }, admin)).createUser as { id: string };
    tokens[username] = ((await call('mutation($u: ID!) { createApiToken(name: "crash", user: $u) { token } }', { u: user.id }, admin)).createApiToken as { token: string }).token;
  }
  return tokens as Record<'rita' | 'raj' | 'max' | 'pete', string>;
}
