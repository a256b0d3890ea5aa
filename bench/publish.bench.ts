/**
 * Publish benchmark (issue 7): with 100 procedures loaded (the 15 shipped ones and 85 copies under
 * new keys), how long `saveProcedure` + `publishProcedure` of one takes until the new schema
 * serves: each run adds a field to the copy's form, and the clock stops when introspection over
 * HTTP shows it. Real server process, real PostgreSQL; median over several runs.
 *
 *   node --import tsx bench/publish.bench.ts        (or: npm run bench -- publish)
 *
 * Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), PUBLISH_RUNS (default 9).
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../server/src/config/config.js';
import { naming } from '../server/src/schema/naming.js';
import { ADMIN_PASSWORD, createBenchDatabase, DEFAULT_DATABASE_URL, graphqlClient, login, seconds, startBenchServer, summarise } from './reads-support.js';

const RUNS = Number(process.env.PUBLISH_RUNS ?? 9);
const TOTAL = 100;
const log = (line: string) => console.log(line);

type Definition = { key: string; label: Record<string, string>; form: { fields: Record<string, unknown>[] } } & Record<string, unknown>;

/** `a`, `b` … `z`, `ba` …: a key part the definition format accepts. */
function letters(n: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

/** A definitions folder holding the shipped procedures and copies of them up to `TOTAL`. */
async function definitionsWithCopies(): Promise<{ dir: string; copies: Definition[] }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'procedo-publish-bench-'));
  const source = path.join(repoRoot, 'definitions');
  await cp(source, dir, { recursive: true });
  const originals: Definition[] = [];
  for (const department of await readdir(source, { withFileTypes: true })) {
    if (!department.isDirectory() || department.name === 'schema') continue;
    for (const file of await readdir(path.join(source, department.name))) {
      if (file.endsWith('.yaml')) originals.push(parse(await readFile(path.join(source, department.name, file), 'utf8')) as Definition);
    }
  }
  const copies: Definition[] = [];
  for (let n = 0; originals.length + copies.length < TOTAL; n++) {
    const original = originals[n % originals.length]!;
    const key = `${original.key}-copy-${letters(n)}`;
    const copy = { ...structuredClone(original), key, label: { en: `${original.label.en} (copy ${n})`, 'zh-CN': `${original.label['zh-CN']}（副本 ${n}）` } };
    const [department, name] = key.split('.') as [string, string];
    await mkdir(path.join(dir, department), { recursive: true });
    await writeFile(path.join(dir, department, `${name}.yaml`), stringify(copy));
    copies.push(copy);
  }
  return { dir, copies };
}

async function main(): Promise<void> {
  const baseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const { dir, copies } = await definitionsWithCopies();
  const db = await createBenchDatabase(baseUrl);
  let server: Awaited<ReturnType<typeof startBenchServer>> | undefined;
  try {
    log(`database ${db.name}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`);
    const started = process.hrtime.bigint();
    server = await startBenchServer(db.url, { PROCEDO_DEFINITIONS_DIR: dir });
    log(`server up with ${TOTAL} procedures (imported at start) in ${seconds(started)}`);
    const admin = graphqlClient(server.url, await login(server.url, 'admin', ADMIN_PASSWORD));
    const { procedures } = await admin.run<{ procedures: unknown[] }>('{ procedures { key } }');
    if (procedures.length !== TOTAL) throw new Error(`expected ${TOTAL} procedures, the server has ${procedures.length}`);

    const target = copies.find((c) => c.key.startsWith('finance.budget-adjustment')) ?? copies[0]!;
    const dataType = naming.dataType(target.key);
    const saves: number[] = [];
    const publishes: number[] = [];
    const totals: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const field = `benchNote${letters(run).toUpperCase()}`;
      const definition = structuredClone(target);
      definition.form.fields.push({ key: field, type: 'text', label: { en: `Bench note ${run}`, 'zh-CN': `备注 ${run}` } });
      target.form.fields.push({ key: field, type: 'text', label: { en: `Bench note ${run}`, 'zh-CN': `备注 ${run}` } });
      const t0 = process.hrtime.bigint();
      await admin.run('mutation($d: JSON!) { saveProcedure(definition: $d) { key } }', { d: definition });
      const t1 = process.hrtime.bigint();
      await admin.run('mutation($k: String!) { publishProcedure(key: $k) { version } }', { k: target.key });
      const t2 = process.hrtime.bigint();
      // The clock stops when the schema served over HTTP has the new field.
      for (;;) {
        const { __type } = await admin.run<{ __type: { fields: { name: string }[] } | null }>('query($n: String!) { __type(name: $n) { fields { name } } }', { n: dataType });
        if (__type?.fields.some((f) => f.name === field)) break;
      }
      const t3 = process.hrtime.bigint();
      if (run === 0) continue; // warm-up
      saves.push(Number(t1 - t0) / 1e6);
      publishes.push(Number(t2 - t1) / 1e6);
      totals.push(Number(t3 - t0) / 1e6);
    }
    const line = (name: string, samples: number[]) => {
      const s = summarise(samples);
      log(`${name.padEnd(52)} median ${s.p50.toFixed(0).padStart(5)} ms   min ${Math.min(...samples).toFixed(0).padStart(5)} ms   max ${Math.max(...samples).toFixed(0).padStart(5)} ms`);
    };
    log(`\n${RUNS} runs, each adding a field to ${target.key} (${TOTAL} procedures loaded):`);
    line('saveProcedure (validate against all, store draft)', saves);
    line('publishProcedure (validate, store, build, swap)', publishes);
    line('save + publish until the new schema serves', totals);
  } finally {
    await server?.stop();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
  log(`\nreproduce: DATABASE_URL=${baseUrl} PUBLISH_RUNS=${RUNS} node --import tsx bench/publish.bench.ts`);
}

await main();
