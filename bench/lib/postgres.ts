import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export const defaultServerUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database of its own for one benchmark run on the PostgreSQL server of `serverUrl`. */
export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  /** One connection for the harness's own queries (backend ids, seeding the pgbench table). */
  readonly admin: pg.Client;
  drop(): Promise<void>;
}

export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `procedo_bench_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  return {
    name,
    url: url.toString(),
    admin,
    async drop() {
      await admin.end().catch(() => undefined);
      await onServer(serverUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}

/**
 * The PostgreSQL processes that work for `database`: its client backends, and the server's
 * own background processes (WAL writer, checkpointer …), which the commits keep busy.
 */
export async function postgresPidsFor(admin: pg.Client, database: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>(
    `select pid from pg_stat_activity where (datname = $1 and pid <> pg_backend_pid()) or backend_type in ('walwriter', 'checkpointer', 'background writer')`,
    [database],
  );
  return rows.map((r) => r.pid);
}

export async function serverVersion(serverUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string; fsync: string; sc: string }>(
      `select current_setting('server_version') as v, current_setting('fsync') as fsync, current_setting('synchronous_commit') as sc`,
    );
    return `PostgreSQL ${rows[0]!.v} (fsync=${rows[0]!.fsync}, synchronous_commit=${rows[0]!.sc})`;
  } finally {
    await client.end();
  }
}

export interface PgbenchResult {
  readonly tps: number;
  readonly transactions: number;
  readonly latencyAvgMs: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly command: string;
}

/**
 * Runs /usr/bin/pgbench with a custom script for `seconds` at `clients` connections, with
 * prepared statements and a per-transaction log from which the latency percentiles are read.
 */
export async function pgbench(url: string, scriptFile: string, clients: number, seconds: number, variables: Record<string, string | number>, logPrefix: string): Promise<PgbenchResult> {
  const threads = Math.min(clients, 2);
  const args = [
    '--no-vacuum',
    '--protocol=prepared',
    `--client=${clients}`,
    `--jobs=${threads}`,
    `--time=${seconds}`,
    `--file=${scriptFile}`,
    '--log',
    `--log-prefix=${logPrefix}`,
    ...Object.entries(variables).map(([k, v]) => `--define=${k}=${v}`),
    url,
  ];
  const { stdout } = await run('/usr/bin/pgbench', args, { maxBuffer: 16 * 1024 * 1024 });
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  const transactions = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1]);
  const latencyAvgMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
  const latencies = await readPgbenchLogs(logPrefix);
  return { tps, transactions, latencyAvgMs, ...latencies, command: `pgbench ${args.map(quote).join(' ')}` };
}

async function readPgbenchLogs(prefix: string): Promise<{ p50: number; p95: number; p99: number }> {
  const { readdir, readFile, rm } = await import('node:fs/promises');
  const path = await import('node:path');
  const dir = path.dirname(prefix);
  const base = path.basename(prefix);
  const micros: number[] = [];
  for (const file of await readdir(dir)) {
    if (!file.startsWith(`${base}.`)) continue;
    const text = await readFile(path.join(dir, file), 'utf8');
    // client_id transaction_no time script_no time_epoch time_us: the third field is the latency in µs.
    for (const line of text.split('\n')) {
      const latency = Number(line.split(' ')[2]);
      if (line && Number.isFinite(latency)) micros.push(latency);
    }
    await rm(path.join(dir, file));
  }
  micros.sort((a, b) => a - b);
  const at = (p: number) => (micros.length ? micros[Math.max(0, Math.ceil((p / 100) * micros.length) - 1)]! / 1000 : Number.NaN);
  return { p50: at(50), p95: at(95), p99: at(99) };
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
