/**
 * The write benchmark (docs/benchmarks.md): the real server over real HTTP on PostgreSQL, the
 * same writes through pgbench as the database's own limit, and the embedded PGlite figure.
 *
 *   npm run bench -- writes [--clients=1,8,32] [--seconds=20] [--warmup=5] [--skip-pglite]
 *                           [--skip-pgbench] [--cpu-prof=<dir>]
 *
 * DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
 * the benchmark creates a database procedo_bench_<random> there and drops it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CpuMeter } from './lib/cpu.js';
import { machineDescription } from './lib/machine.js';
import { createClientPairs, operations, runMix, type ClientPair, type MixResult } from './lib/mix.js';
import { createBenchDatabase, defaultServerUrl, pgbench, postgresPidsFor, type BenchDatabase, type PgbenchResult } from './lib/postgres.js';
import { repoRoot, startServer, type RunningServer } from './lib/server.js';
import { fixed, table } from './lib/stats.js';

const { values: options } = parseArgs({
  options: {
    clients: { type: 'string', default: '1,8,32' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    'skip-pglite': { type: 'boolean', default: false },
    'skip-pgbench': { type: 'boolean', default: false },
    'skip-postgres': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
  allowPositionals: true,
});
const levels = options.clients.split(',').map(Number);
const seconds = Number(options.seconds);
const warmup = Number(options.warmup);
const serverUrl = process.env.DATABASE_URL ?? defaultServerUrl;
const definitionsDir = path.join(repoRoot, 'bench/definitions');
const adminPassword = randomBytes(12).toString('base64url');
const PGBENCH_RECORDS = 10_000;

interface Level {
  readonly clients: number;
  readonly mix: MixResult;
  /** Percent of one core over the run. */
  readonly serverCpu: number;
  readonly databaseCpu: number | undefined;
  /** CPU milliseconds per request: steadier than throughput on a machine others share. */
  readonly serverCpuPerRequest: number;
  readonly databaseCpuPerRequest: number | undefined;
  readonly clientCpu: number;
  pgbench?: PgbenchResult & { databaseCpu: number };
}

async function main(): Promise<void> {
  console.log(`# Procedo write benchmark\n\n${await machineDescription(serverUrl)}\n`);
  const postgres = options['skip-postgres'] ? [] : await onPostgreSql();
  const pglite = options['skip-pglite'] ? [] : await onPGlite();
  if (postgres.length > 0) {
    console.log(`\n## PostgreSQL: the mix over HTTP${options['skip-pgbench'] ? '' : ' against pgbench doing the same writes'}\n`);
    console.log(levelsTable(postgres, true));
    console.log(`\n### Latency per request kind (ms, p50 / p95 / p99), PostgreSQL\n\n${perOperationTable(postgres)}`);
  }
  if (pglite.length > 0) {
    console.log('\n## Embedded PGlite: the same mix (database inside the server process)\n');
    console.log(levelsTable(pglite, false));
    console.log(`\n### Latency per request kind (ms, p50 / p95 / p99), PGlite\n\n${perOperationTable(pglite)}`);
  }
  const errors = [...postgres, ...pglite].flatMap((l) => [...l.mix.errors]);
  if (errors.length > 0) {
    console.log('\n## Errors (requests that failed; a correct run has none)\n');
    for (const [message, count] of errors) console.log(`- ${count} × ${message}`);
  }
  console.log(`\nReproduce: ${reproduceCommand()}`);
  if (errors.length > 0) process.exitCode = 1;
}

async function onPostgreSql(): Promise<Level[]> {
  const db = await createBenchDatabase(serverUrl);
  let server: RunningServer | undefined;
  try {
    server = await startServer(serverEnv({ DATABASE_URL: db.url }), profileFlags('postgresql'));
    const pairs = await createClientPairs(server.url, adminPassword, Math.max(...levels));
    await warm(server.url, pairs);
    const results: Level[] = [];
    for (const clients of levels) {
      const level = await measure(server, pairs.slice(0, clients), () => postgresPidsFor(db.admin, db.name));
      results.push(level);
      progress('PostgreSQL', level);
    }
    await server.stop();
    server = undefined;
    if (!options['skip-pgbench']) await runPgbench(db, results);
    return results;
  } finally {
    await server?.stop();
    await db.drop();
  }
}

async function onPGlite(): Promise<Level[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'procedo-bench-pglite-'));
  const server = await startServer(serverEnv({ PROCEDO_DATA_DIR: dataDir }), profileFlags('pglite'));
  try {
    const pairs = await createClientPairs(server.url, adminPassword, Math.max(...levels));
    await warm(server.url, pairs);
    const results: Level[] = [];
    for (const clients of levels) {
      const level = await measure(server, pairs.slice(0, clients), undefined);
      results.push(level);
      progress('PGlite', level);
    }
    return results;
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Runs the mix once, unmeasured, so that the measured runs see a warm JIT, caches and pool. */
async function warm(url: string, pairs: readonly ClientPair[]): Promise<void> {
  if (warmup > 0) await runMix(url, pairs.slice(0, Math.min(8, pairs.length)), warmup);
}

async function measure(server: RunningServer, pairs: readonly ClientPair[], databasePids: (() => Promise<number[]>) | undefined): Promise<Level> {
  const serverMeter = new CpuMeter(() => [server.pid]);
  const databaseMeter = databasePids ? new CpuMeter(databasePids) : undefined;
  const clientStart = process.cpuUsage();
  await Promise.all([serverMeter.start(), databaseMeter?.start()]);
  const mix = await runMix(server.url, pairs, seconds);
  const [serverCpu, databaseCpu] = await Promise.all([serverMeter.stop(), databaseMeter?.stop()]);
  const client = process.cpuUsage(clientStart);
  return {
    clients: pairs.length,
    mix,
    serverCpu: serverCpu.percentOfCore,
    databaseCpu: databaseCpu?.percentOfCore,
    serverCpuPerRequest: (1000 * serverCpu.cpuSeconds) / Math.max(1, mix.requests),
    databaseCpuPerRequest: databaseCpu ? (1000 * databaseCpu.cpuSeconds) / Math.max(1, mix.requests) : undefined,
    clientCpu: (100 * (client.user + client.system)) / 1e6 / mix.seconds,
  };
}

/** pgbench with the same writes per transition, on the records the HTTP runs left, at each level. */
async function runPgbench(db: BenchDatabase, results: Level[]): Promise<void> {
  // Enough records that 32 clients rarely pick the same one: the HTTP clients never share one either.
  await db.admin.query(
    `insert into records (id, procedure_key, procedure_version_id, stage, data, version, created_by_id, department_key, gates, created_at, updated_at)
     select gen_random_uuid(), r.procedure_key, r.procedure_version_id, 'draft', r.data, 1, r.created_by_id, r.department_key, '{}'::jsonb, now(), now()
     from generate_series(1, greatest(0, $1 - (select count(*) from records))) g, lateral (select * from records limit 1) r`,
    [PGBENCH_RECORDS],
  );
  await db.admin.query('create table bench_pgbench_records as select row_number() over (order by id)::int as n, id from records');
  await db.admin.query('alter table bench_pgbench_records add primary key (n)');
  const { rows } = await db.admin.query<{ n: number; actor: string; approver: string }>(
    `select (select count(*) from bench_pgbench_records)::int as n,
            (select id from users where username = 'claimant-0') as actor,
            (select id from users where username = 'approver-0') as approver`,
  );
  const { n, actor, approver } = rows[0]!;
  const logDir = await mkdtemp(path.join(tmpdir(), 'procedo-pgbench-'));
  try {
    for (const level of results) {
      const meter = new CpuMeter(() => postgresPidsFor(db.admin, db.name));
      await meter.start();
      const result = await pgbench(db.url, path.join(repoRoot, 'bench/pgbench/transition.sql'), level.clients, seconds, { nrecords: n, actor, approver }, path.join(logDir, `c${level.clients}`));
      level.pgbench = { ...result, databaseCpu: (await meter.stop()).percentOfCore };
      console.error(`pgbench ${level.clients} clients: ${fixed(result.tps)} tps, p99 ${fixed(result.p99)} ms`);
      console.error(`  ${result.command.replace(db.url, '<bench database>')}`);
    }
  } finally {
    await rm(logDir, { recursive: true, force: true });
  }
}

function levelsTable(levels: readonly Level[], withPgbench: boolean): string {
  const header = ['clients', 'transitions/s', 'commands/s', 'requests/s', 'cmd p50 ms', 'cmd p95 ms', 'cmd p99 ms', 'server CPU %', 'db CPU %', 'load-gen CPU %', 'server CPU ms/req', 'db CPU ms/req'];
  if (withPgbench) header.push('pgbench tps', 'pgbench p99 ms', 'pgbench db CPU %', 'transitions/pgbench', 'commands/pgbench');
  return table(
    header,
    levels.map((l) => {
      const { mix } = l;
      const row: (string | number)[] = [
        l.clients,
        fixed(mix.transitions / mix.seconds),
        fixed(mix.commands / mix.seconds),
        fixed(mix.requests / mix.seconds),
        fixed(mix.commandLatencies.percentile(50)),
        fixed(mix.commandLatencies.percentile(95)),
        fixed(mix.commandLatencies.percentile(99)),
        fixed(l.serverCpu, 0),
        l.databaseCpu === undefined ? 'in server' : fixed(l.databaseCpu, 0),
        fixed(l.clientCpu, 0),
        fixed(l.serverCpuPerRequest, 2),
        l.databaseCpuPerRequest === undefined ? '–' : fixed(l.databaseCpuPerRequest, 2),
      ];
      if (withPgbench) {
        const p = l.pgbench;
        row.push(p ? fixed(p.tps) : '–', p ? fixed(p.p99) : '–', p ? fixed(p.databaseCpu, 0) : '–');
        row.push(p ? fixed(mix.transitions / mix.seconds / p.tps, 3) : '–', p ? fixed(mix.commands / mix.seconds / p.tps, 3) : '–');
      }
      return row;
    }),
  );
}

function perOperationTable(levels: readonly Level[]): string {
  return table(
    ['clients', ...operations],
    levels.map((l) => [
      l.clients,
      ...operations.map((o) => {
        const lat = l.mix.latencies.get(o)!;
        return `${fixed(lat.percentile(50))} / ${fixed(lat.percentile(95))} / ${fixed(lat.percentile(99))}`;
      }),
    ]),
  );
}

function progress(database: string, level: Level): void {
  const { mix } = level;
  console.error(
    `${database} ${level.clients} clients: ${fixed(mix.transitions / mix.seconds)} transitions/s, ${fixed(mix.commands / mix.seconds)} commands/s, ` +
      `p99 ${fixed(mix.commandLatencies.percentile(99))} ms, server CPU ${fixed(level.serverCpu, 0)} % (${fixed(level.serverCpuPerRequest, 2)} ms/request), ${[...mix.errors.values()].reduce((a, b) => a + b, 0)} errors`,
  );
}

function serverEnv(env: Record<string, string>): Record<string, string> {
  return {
    ...env,
    PROCEDO_DEFINITIONS_DIR: definitionsDir,
    ADMIN_PASSWORD: adminPassword,
    // The per-token rate limit protects a shared server; here it would measure itself.
    PROCEDO_RATE_LIMIT: '0',
  };
}

/** V8 CPU profiles of the server, one file per thread (the largest is the server's main thread). */
function profileFlags(database: string): string[] {
  const dir = options['cpu-prof'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir, database)}`] : [];
}

function reproduceCommand(): string {
  const args = process.argv.slice(2).filter((a) => a !== 'writes');
  const env = process.env.DATABASE_URL ? `DATABASE_URL=${process.env.DATABASE_URL} ` : '';
  return `${env}npm run bench -- writes${args.length ? ` ${args.join(' ')}` : ''}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
