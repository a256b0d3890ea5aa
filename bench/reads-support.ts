/**
 * What the read and publish benchmarks share: a throw-away PostgreSQL database, the real server
 * process on it, a GraphQL client over HTTP, and latency statistics. Nothing here is simulated:
 * every figure is a real request to `node --import tsx server/src/main.ts`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startServer, type ServerProcess } from '../test/support/server-process.js';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  readonly url: string;
  readonly name: string;
  /** A connection for seeding and EXPLAIN, to the bench database. */
  readonly client: pg.Client;
  drop(): Promise<void>;
}

/** Creates `procedo_bench_<random>` next to the database of `baseUrl`; `drop()` removes it. */
export async function createBenchDatabase(baseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): Promise<BenchDatabase> {
  const name = `procedo_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    name,
    client,
    drop: async () => {
      await client.end().catch(() => undefined);
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export const ADMIN_PASSWORD = 'bench-admin-password';

/** The real server on `databaseUrl`, without the per-token rate limit (a benchmark is one busy client). */
export function startBenchServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServer({ DATABASE_URL: databaseUrl, ADMIN_PASSWORD, PROCEDO_RATE_LIMIT: '0', LOG_LEVEL: 'info', ...env }, 180_000);
}

export interface GraphQLClient {
  /** Runs a document; throws with the errors when there are any. */
  run<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  as(token: string): GraphQLClient;
}

export function graphqlClient(url: string, token?: string): GraphQLClient {
  return {
    async run<T>(query: string, variables?: Record<string, unknown>) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: unknown[] };
      if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data as T;
    },
    as: (other: string) => graphqlClient(url, other),
  };
}

export async function login(url: string, username: string, password: string): Promise<string> {
  const data = await graphqlClient(url).run<{ login: { token: string } }>(
    'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
    { u: username, p: password },
  );
  return data.login.token;
}

export interface Latencies {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly mean: number;
}

/** Runs `request` `warmup` times unmeasured, then `count` times one after another; milliseconds. */
export async function measure(count: number, warmup: number, request: (i: number) => Promise<unknown>): Promise<Latencies> {
  for (let i = 0; i < warmup; i++) await request(i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await request(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summarise(samples);
}

export function summarise(samples: readonly number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: sorted.reduce((s, x) => s + x, 0) / sorted.length };
}

export function formatLatencies(name: string, l: Latencies): string {
  const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(9);
  return `${name.padEnd(44)} n=${String(l.count).padEnd(5)} p50 ${ms(l.p50)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  mean ${ms(l.mean)}`;
}

export function seconds(since: bigint): string {
  return `${(Number(process.hrtime.bigint() - since) / 1e9).toFixed(1)} s`;
}
