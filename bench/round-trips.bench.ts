/**
 * How many SQL statements each request of the write mix sends (transaction control included),
 * counted in-process on one pass of the mix. Round trips are what a command waits on besides
 * CPU: this is the figure to watch when the hot path changes.
 *
 *   npm run bench -- round-trips [--show]      (PGlite in memory; DATABASE_URL: that PostgreSQL)
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../server/src/app.js';
import { loadDefinitions } from '../server/src/definitions/definition-set.js';
import { openDatabase, type Database } from '../server/src/persistence/database.js';
import { User } from '../server/src/persistence/entities/user.entity.js';
import { migrate } from '../server/src/persistence/migrate.js';
import { createApiToken } from '../server/src/services/api-token.service.js';
import { loadCatalog } from '../server/src/services/catalog-loader.js';
import { importDefinitions } from '../server/src/services/definitions.service.js';
import { documents, type Operation } from './lib/mix.js';
import { createBenchDatabase, type BenchDatabase } from './lib/postgres.js';
import { repoRoot } from './lib/server.js';
import { table } from './lib/stats.js';

const { values: options } = parseArgs({ options: { show: { type: 'boolean', default: false } }, allowPositionals: true });

async function main(): Promise<void> {
  const statements: string[] = [];
  const serverUrl = process.env.DATABASE_URL;
  const benchDb: BenchDatabase | undefined = serverUrl ? await createBenchDatabase(serverUrl) : undefined;
  const db = await openDatabase({ databaseUrl: benchDb?.url, dataDir: 'memory://', onQuery: (sql) => statements.push(sql) });
  try {
    await migrate(db);
    const files = await loadDefinitions(path.join(repoRoot, 'bench/definitions'));
    if (!files.ok) throw new Error(JSON.stringify(files.problems));
    await importDefinitions(db.em, files.set);
    const app = createApp({ db, catalog: await loadCatalog(db.em), loadCatalog: () => loadCatalog(db.em), logger: false });
    const claimant = await user(db, 'claimant', ['employee']);
    const approver = await user(db, 'approver', ['employee', 'approver']);
    const call = async (op: Operation, token: string, variables: Record<string, unknown> = {}) => {
      const response = await app.yoga.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: documents[op], variables }),
      });
      const body = (await response.json()) as { data: Record<string, Record<string, unknown>>; errors?: unknown[] };
      if (body.errors) throw new Error(`${op}: ${JSON.stringify(body.errors)}`);
      return body.data;
    };
    // A first pass warms the caches a long-running server has warm (the catalog freshness check, pinned versions).
    const counts: [string, number][] = [];
    for (let pass = 0; pass < 2; pass++) {
      const measured = async (label: string, op: Operation, token: string, variables?: Record<string, unknown>) => {
        statements.length = 0;
        const data = await call(op, token, variables);
        if (pass === 1) {
          counts.push([label, statements.length]);
          if (options.show) console.log(`\n-- ${label}\n${statements.map((s) => `  ${s.replace(/\s+/g, ' ').slice(0, 300)}`).join('\n')}`);
        }
        return data;
      };
      const created = (await measured('createRecord', 'create', claimant.token, { data: { title: 'Trip', category: 'travel', amount: '120.50', approver: approver.id } })).createRecord!;
      const updated = (await measured('updateRecord', 'update', claimant.token, { id: created.id, v: created.version, data: { note: 'Receipts attached.' } })).updateRecord!;
      const submitted = (await measured('transition submit (opens the gate)', 'transition', claimant.token, { id: created.id, action: 'submit', v: updated.version })).transition!;
      const approval = (submitted.approvals as { id: string }[])[0]!;
      await measured('decideApproval', 'decide', approver.token, { id: approval.id });
      await measured('myTasks', 'myTasks', approver.token);
      await measured('transition pay (through the gate)', 'transition', claimant.token, { id: created.id, action: 'pay', v: (submitted.version as number) + 1 });
      await measured('records (filtered)', 'records', claimant.token, { where: { category: 'travel' } });
    }
    console.log(`# SQL statements per request (${db.kind})\n\n${table(['request', 'statements'], counts)}`);
    await app.close();
  } finally {
    await db.close();
    await benchDb?.drop();
  }
}

async function user(db: Database, username: string, roles: string[]): Promise<{ id: string; token: string }> {
  const em = db.em.fork();
  const created = em.create(User, { username, displayName: username, passwordHash: null, department: 'ops', roles });
  await em.flush();
  const actor = { id: created.id, username, roles, department: 'ops', isAdmin: false };
  const { token } = await createApiToken(db, actor, { name: `bench ${randomBytes(3).toString('hex')}` }, new Date());
  return { id: created.id, token };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
