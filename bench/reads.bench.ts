/**
 * Read-path benchmark (issue 7, reads): `records` filtered on a data field and paged, and
 * `myTasks` of a busy approver, with a million records seeded on PostgreSQL, measured over real
 * HTTP against the real server process, with EXPLAIN ANALYZE of the SQL each page runs.
 *
 *   node --import tsx bench/reads.bench.ts          (or: npm run bench -- reads)
 *
 * Environment: DATABASE_URL (a PostgreSQL server to create the throw-away database on; default
 * postgres://postgres@127.0.0.1:5432/postgres), READS_RECORDS (default 1000000), READS_REQUESTS
 * (default 500), READS_COUNTS (requests asking for totalCount, default 5), READS_KEEP=1 (keep the seeded database and print its name), READS_DATABASE=<name>
 * (reuse a database a kept run seeded, skipping the seeding), READS_EXPLAIN_ONLY=1 (only the plans).
 */
import os from 'node:os';
import pg from 'pg';
import { createApp } from '../server/src/app.js';
import { openDatabase } from '../server/src/persistence/database.js';
import { loadCatalog } from '../server/src/services/catalog-loader.js';
import { loadActor } from '../server/src/services/directory.service.js';
import { RecordQueries, type SqlQuery } from '../server/src/services/record-query.service.js';
import { cloneRecords, createCast, createTemplates, FIRST_YEAR, PASSWORD, YEARS } from './reads-seed.js';
import {
  createBenchDatabase,
  DEFAULT_DATABASE_URL,
  formatLatencies,
  graphqlClient,
  login,
  seconds,
  startBenchServer,
  summarise,
  type BenchDatabase,
  type GraphQLClient,
} from './reads-support.js';

const RECORDS = Number(process.env.READS_RECORDS ?? 1_000_000);
const REQUESTS = Number(process.env.READS_REQUESTS ?? 500);
const WARMUP = 50;
const COUNTS = Number(process.env.READS_COUNTS ?? 5);
const log = (line: string) => console.log(line);

const NODE = 'id procedure stage { key label } data version createdAt dueAt createdBy { displayName }';
const RECORDS_QUERY = `query($where: JSON, $after: String, $count: Boolean!) {
  records(procedure: "finance.budget-adjustment", where: $where, orderBy: "createdAt desc", first: 20, after: $after) {
    edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } totalCount @include(if: $count)
  }
}`;
const TASKS_QUERY = `query($after: String, $count: Boolean!) {
  myTasks(first: 20, after: $after) { edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } totalCount @include(if: $count) }
}`;
const DETAIL_QUERY = `query($id: ID!) {
  record(id: $id) { ${NODE} actions { key allowed reasons { message } } approvals { state approvers { username } } }
}`;

type Page = { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount?: number };

/** The filter of request `i`: one budget year in twenty, taken in turn. */
const whereOf = (i: number) => ({ budgetYear: FIRST_YEAR + (i % YEARS) });

async function main(): Promise<void> {
  const baseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const reuse = process.env.READS_DATABASE;
  const db: BenchDatabase = reuse ? await existingDatabase(baseUrl, reuse) : await createBenchDatabase(baseUrl);
  let stopServer: (() => Promise<unknown>) | undefined;
  let failed = false;
  try {
    log(`database ${db.name} on ${new URL(baseUrl).host}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
    let started = process.hrtime.bigint();
    const server = await startBenchServer(db.url);
    stopServer = async () => {
      if (failed) console.error(`server output (end):\n${server.output().slice(-4000)}`);
      await server.stop();
    };
    log(`server up (migrations, definitions imported) in ${seconds(started)} at ${server.url}`);
    if (!reuse) {
      started = process.hrtime.bigint();
      const cast = await createCast(server.url, db.client);
      const templates = await createTemplates(cast);
      log(`cast and template records made through the API in ${seconds(started)}; seeding ${RECORDS.toLocaleString('en')} records…`);
      started = process.hrtime.bigint();
      await cloneRecords(db.client, templates, RECORDS, log);
      log(`seeded in ${seconds(started)}`);
    }
    const sizes = await db.client.query<{ records: string; approvals: string; pending: string }>(
      `select (select count(*) from records) as records, (select count(*) from approvals) as approvals,
              (select count(*) from approvals a join users u on u.id = a.approver_id where u.username = 'fiona' and a.state = 'pending') as pending`,
    );
    const size = sizes.rows[0]!;
    log(`records: ${Number(size.records).toLocaleString('en')}, approvals: ${Number(size.approvals).toLocaleString('en')}, pending on fiona: ${Number(size.pending).toLocaleString('en')}\n`);

    const fred = graphqlClient(server.url, await login(server.url, 'fred', PASSWORD));
    const fiona = graphqlClient(server.url, await login(server.url, 'fiona', PASSWORD));
    if (!process.env.READS_EXPLAIN_ONLY) await measureLists(fred, fiona);
    await explain(db, fiona);
    await roundTrips(db);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await stopServer?.();
    if (process.env.READS_KEEP || reuse) {
      log(`\nkept database ${db.name}: rerun with READS_DATABASE=${db.name}`);
      await db.client.end();
    } else {
      await db.drop();
    }
  }
  log(`\nreproduce: DATABASE_URL=${baseUrl} READS_RECORDS=${RECORDS} READS_REQUESTS=${REQUESTS} node --import tsx bench/reads.bench.ts`);
}

/** First pages and next pages, one request at a time, after a warm-up. */
async function measureLists(fred: GraphQLClient, fiona: GraphQLClient): Promise<void> {
  const recordsPage = (i: number, after: string | null, count = false) =>
    fred.run<{ records: Page }>(RECORDS_QUERY, { where: whereOf(i), after, count }).then((d) => d.records);
  const tasksPage = (after: string | null, count = false) => fiona.run<{ myTasks: Page }>(TASKS_QUERY, { after, count }).then((d) => d.myTasks);

  const first = await recordsPage(0, null, true);
  const tasks = await tasksPage(null, true);
  if (first.edges.length !== 20 || !first.pageInfo.hasNextPage) throw new Error(`records: expected a full first page, got ${first.edges.length}`);
  if (tasks.edges.length !== 20 || !tasks.pageInfo.hasNextPage) throw new Error(`myTasks: expected a full first page, got ${tasks.edges.length}`);
  log(`records(finance.budget-adjustment, budgetYear = ${FIRST_YEAR}) as fred (finance manager): totalCount ${first.totalCount}`);
  log(`myTasks as fiona (finance officer): totalCount ${tasks.totalCount}\n`);

  const timed = async <T>(samples: number[], run: () => Promise<T>): Promise<T> => {
    const start = process.hrtime.bigint();
    const result = await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    return result;
  };
  const pairs = async (name: string, count: number, firstPage: (i: number) => Promise<Page>, nextPage: (i: number, after: string) => Promise<Page>) => {
    for (let i = 0; i < WARMUP; i++) await nextPage(i, (await firstPage(i)).pageInfo.endCursor!);
    const firsts: number[] = [];
    const nexts: number[] = [];
    for (let i = 0; i < count; i++) {
      const page = await timed(firsts, () => firstPage(i));
      const next = await timed(nexts, () => nextPage(i, page.pageInfo.endCursor!));
      if (next.edges.length === 0 || next.edges[0]!.node.id === page.edges[0]!.node.id) throw new Error(`${name}: the next page did not move on`);
    }
    log(formatLatencies(`${name}, first page`, summarise(firsts)));
    log(formatLatencies(`${name}, next page`, summarise(nexts)));
  };
  await pairs('records where budgetYear, 20 a page', REQUESTS, (i) => recordsPage(i, null), (i, after) => recordsPage(i, after));
  await pairs('myTasks, 20 a page', REQUESTS, () => tasksPage(null), (_, after) => tasksPage(after));
  // A count reads every matching row: a few samples say what it costs.
  const counted = async (name: string, run: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < COUNTS; i++) await timed(samples, run);
    log(formatLatencies(name, summarise(samples)));
  };
  await counted('records page with totalCount', () => recordsPage(0, null, true));
  await counted('myTasks page with totalCount', () => tasksPage(null, true));
  const fewer = Math.max(20, Math.round(REQUESTS / 5));
  const ids = (await tasksPage(null)).edges.map((e) => e.node.id);
  const details: number[] = [];
  for (let i = 0; i < WARMUP; i++) await fiona.run(DETAIL_QUERY, { id: ids[i % ids.length] });
  for (let i = 0; i < fewer; i++) await timed(details, () => fiona.run(DETAIL_QUERY, { id: ids[i % ids.length] }));
  log(formatLatencies('record { actions approvals } of a task', summarise(details)));
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the SQL a first and a next page run, built by the server's own
 * code (`RecordQueries.pageQuery`) for the same actors, so that what is shown is what is served.
 */
async function explain(db: BenchDatabase, fiona: GraphQLClient): Promise<void> {
  const database = await openDatabase({ databaseUrl: db.url, dataDir: 'memory://' });
  try {
    const catalog = await loadCatalog(database.em);
    const queries = new RecordQueries(database, () => catalog);
    const em = database.em.fork();
    const userId = async (username: string) => (await db.client.query<{ id: string }>('select id from users where username = $1', [username])).rows[0]!.id;
    const fred = await loadActor(em, await userId('fred'));
    const fionaActor = await loadActor(em, await userId('fiona'));
    const firstTasks = await fiona.run<{ myTasks: Page }>(TASKS_QUERY, { after: null, count: false });
    const cases: [string, SqlQuery][] = [
      ['records, first page', await queries.pageQuery(fred, { list: { procedure: 'finance.budget-adjustment', where: whereOf(0), orderBy: 'createdAt desc' } }, 20, undefined)],
      ['records, a filter one record matches', await queries.pageQuery(fred, { list: { procedure: 'finance.budget-adjustment', where: { explanation: 'Adjustment 123401' }, orderBy: 'createdAt desc' } }, 20, undefined)],
      ['myTasks, first page', await queries.pageQuery(fionaActor, 'myTasks', 20, undefined)],
      ['myTasks, next page', await queries.pageQuery(fionaActor, 'myTasks', 20, firstTasks.myTasks.pageInfo.endCursor ?? undefined)],
      ['myTasks, totalCount', (await queries.pageQuery(fionaActor, 'myTasks', 20, undefined)).count],
      ['records, totalCount', (await queries.pageQuery(fred, { list: { procedure: 'finance.budget-adjustment', where: whereOf(0) } }, 20, undefined)).count],
    ];
    for (const [name, query] of cases) {
      const plan = await db.client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${numbered(query.sql)}`, [...query.params] as unknown[]);
      log(`\nEXPLAIN ANALYZE — ${name}:\n${plan.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`);
    }
  } finally {
    await database.close();
  }
}

/**
 * SQL statements per request, counted in-process (`createApp` on the same database, every
 * statement reported by `openDatabase({ onQuery })`), after one warm-up request of each kind.
 * READS_SHOW_SQL=1 prints them.
 */
async function roundTrips(db: BenchDatabase): Promise<void> {
  const statements: string[] = [];
  const database = await openDatabase({ databaseUrl: db.url, dataDir: 'memory://', onQuery: (sql) => statements.push(sql) });
  const app = createApp({ db: database, catalog: await loadCatalog(database.em), logger: false });
  try {
    const call = async (query: string, variables: Record<string, unknown>, token?: string) => {
      const response = await app.yoga.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    };
    const token = async (username: string) =>
      ((await call('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: username, p: PASSWORD })).login as { token: string }).token;
    const fred = await token('fred');
    const fiona = await token('fiona');
    const tasks = (await call(TASKS_QUERY, { after: null, count: false }, fiona)).myTasks as Page;
    const cases: [string, () => Promise<unknown>][] = [
      ['records page (20 records)', () => call(RECORDS_QUERY, { where: whereOf(0), after: null, count: false }, fred)],
      ['records page with totalCount', () => call(RECORDS_QUERY, { where: whereOf(0), after: null, count: true }, fred)],
      ['myTasks page (20 records)', () => call(TASKS_QUERY, { after: null, count: false }, fiona)],
      ['record { actions approvals }', () => call(DETAIL_QUERY, { id: tasks.edges[0]!.node.id }, fiona)],
    ];
    log('');
    for (const [name, run] of cases) {
      await run();
      statements.length = 0;
      await run();
      log(`${name.padEnd(32)} ${statements.length} SQL statements`);
      if (process.env.READS_SHOW_SQL) for (const sql of statements) log(`    ${sql.slice(0, 300)}`);
    }
  } finally {
    await app.close();
    await database.close();
  }
}

/** MikroORM's `?` placeholders as pg's `$1, $2 …` (the server's SQL holds no other question mark). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

async function existingDatabase(baseUrl: string, name: string): Promise<BenchDatabase> {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return { url: url.toString(), name, client, drop: () => client.end() };
}

await main();
