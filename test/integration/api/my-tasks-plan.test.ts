import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { myTasksCountSql, myTasksWhere } from '../../../server/src/authz/record-visibility.sql.js';
import { RecordQueries } from '../../../server/src/services/record-query.service.js';
import { createWorld, type World } from '../../support/world.js';

// Regression: with many pending approvals for one person, PostgreSQL planned the "an approval
// asks me" EXISTS of myTasks as a hashed subplan that read every pending approval of that person
// on each page (117 ms of a 1 000 000-record benchmark page, docs/benchmarks.md). A page must
// walk the open records in due order and probe the approvals index per row instead.
let w: World;
let approverId: string;
let creatorId: string;
const COUNT = 20_000;

beforeAll(async () => {
  w = await createWorld();
  approverId = await w.user('busy', { department: 'finance', roles: ['employee'] });
  creatorId = await w.user('maker', { department: 'sales' });
  const sql = w.db.em.getConnection();
  const [version] = await sql.execute<{ id: string }[]>(`select id from procedure_versions where procedure_key = 'test.budget-adjustment' and version = 1`);
  await sql.execute(
    `insert into records (id, procedure_key, procedure_version_id, stage, data, version, created_by_id, department_key, due_at, created_at, updated_at, gates)
     select gen_random_uuid(), 'test.budget-adjustment', ?, 'draft', jsonb_build_object('title', 'Budget ' || n),
            1, ?, 'sales', now() + n * interval '1 minute', now(), now(), '{}'::jsonb
     from generate_series(1, ${COUNT}) as n`,
    [version!.id, creatorId],
  );
  // Every other record asks the busy approver.
  await sql.execute(
    `insert into approvals (id, record_id, gate, level, round, state, approvers, approver_id, created_at)
     select gen_random_uuid(), r.id, 'g', 0, 1, 'pending', '[]'::jsonb, ?, now()
     from (select id, row_number() over (order by id) as n from records) r where r.n % 2 = 0`,
    [approverId],
  );
  await sql.execute('analyze records');
  await sql.execute('analyze approvals');
}, 300_000);
afterAll(async () => {
  await w?.close();
});

describe('a busy approver\'s myTasks page', () => {
  const actor = () => ({ id: approverId, username: 'busy', roles: ['employee'], department: 'finance', isAdmin: false });

  it('probes the approvals per record instead of reading all of them first', async () => {
    const scopes = await w.catalog().publishedScopes(w.db.em.fork());
    const tasks = myTasksWhere(actor(), scopes, []);
    const rows = await w.db.em
      .getConnection()
      .execute<Record<string, unknown>[]>(`explain select r.id from records r where ${tasks.sql} order by r.due_at asc nulls last, r.id asc limit 21`, [...tasks.params]);
    const plan = rows.map((r) => String(Object.values(r)[0])).join('\n');
    expect(plan).not.toMatch(/hashed SubPlan/);
    expect(plan).toMatch(/approvals_approver_record_index/);
  });

  it('lists the records that ask them, in due order, and counts them when asked', async () => {
    const queries = new RecordQueries(w.db, () => w.catalog());
    const page = await queries.myTasks(actor(), 20, undefined);
    expect(page.views).toHaveLength(20);
    expect(page.hasNextPage).toBe(true);
    const due = page.views.map((v) => v.state.dueAt!.getTime());
    expect(due).toEqual([...due].sort((a, b) => a - b));
    expect(await page.totalCount()).toBe(COUNT / 2);
  });

  it('counts by the union of its two halves exactly what the page condition selects, each record once', async () => {
    const sql = w.db.em.getConnection();
    // Ten of the maker's drafts (which wait on the maker as their creator) also ask them to approve.
    await sql.execute(
      `insert into approvals (id, record_id, gate, level, round, state, approvers, approver_id, created_at)
       select gen_random_uuid(), id, 'g', 0, 1, 'pending', '[]'::jsonb, ?, now() from records order by id limit 10`,
      [creatorId],
    );
    const scopes = await w.catalog().publishedScopes(w.db.em.fork());
    const maker = { id: creatorId, username: 'maker', roles: ['employee'], department: 'sales', isAdmin: false };
    for (const who of [actor(), maker]) {
      const where = myTasksWhere(who, scopes, []);
      const [direct] = await sql.execute<{ n: number }[]>(`select count(*) as n from records r where ${where.sql}`, [...where.params]);
      const count = myTasksCountSql(who, scopes, []);
      const [union] = await sql.execute<{ n: number }[]>(count.sql, [...count.params]);
      expect(Number(union!.n)).toBe(Number(direct!.n));
    }
    const queries = new RecordQueries(w.db, () => w.catalog());
    expect(await (await queries.myTasks(maker, 5, undefined)).totalCount()).toBe(COUNT);
  });
});
