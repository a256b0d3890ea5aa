import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibleRecordsWhere } from '../../../server/src/authz/record-visibility.sql.js';
import { recordFilterSql } from '../../../server/src/services/record-filter.sql.js';
import { createWorld, type World } from '../../support/world.js';

// The `records` list filtered on a data field, over 100 000 records: the plan must use the GIN
// index on records.data (a bitmap or index scan), not read the whole table.
let w: World;
let userId: string;
const COUNT = 100_000;

beforeAll(async () => {
  w = await createWorld();
  userId = await w.user('alice', { department: 'sales' });
  const sql = w.db.em.getConnection();
  const [version] = await sql.execute<{ id: string }[]>(`select id from procedure_versions where procedure_key = 'test.budget-adjustment' and version = 1`);
  await sql.execute(
    `insert into records (id, procedure_key, procedure_version_id, stage, data, version, created_by_id, department_key, created_at, updated_at, gates)
     select gen_random_uuid(), 'test.budget-adjustment', ?, 'draft',
            jsonb_build_object('title', 'Budget ' || n, 'currentAmount', '100.00', 'requestedAmount', (n % 1000) || '.00'),
            1, ?, case when n % 2 = 0 then 'sales' else 'finance' end, now(), now(), '{}'::jsonb
     from generate_series(1, ${COUNT}) as n`,
    [version!.id, userId],
  );
  await sql.execute('analyze records');
}, 300_000);
afterAll(async () => {
  await w?.close();
});

async function plan(where: { sql: string; params: readonly unknown[] }): Promise<string> {
  const rows = await w.db.em
    .getConnection()
    .execute<Record<string, unknown>[]>(`explain select r.id from records r where ${where.sql} order by r.created_at desc, r.id desc limit 50`, [...where.params]);
  return rows.map((r) => String(Object.values(r)[0])).join('\n');
}

describe('records filtered on a data field', () => {
  it('use the GIN index on records.data', async () => {
    const filter = recordFilterSql({ procedure: 'test.budget-adjustment', where: { title: 'Budget 77777' } }, w.catalog().latest('test.budget-adjustment').procedure);
    const text = await plan(filter);
    expect(text).toMatch(/records_data_index/);
    expect(text).not.toMatch(/Seq Scan on records/);
  });

  it('use it too once the caller\'s visibility is added', async () => {
    const actor = { id: userId, username: 'alice', roles: ['employee'], department: 'sales', isAdmin: false };
    const procedures = [...w.catalog().registry.procedures.values()];
    const visible = visibleRecordsWhere(actor, procedures, []);
    const filter = recordFilterSql({ where: { title: 'Budget 77777' } }, undefined);
    const text = await plan({ sql: `(${visible.sql}) and (${filter.sql})`, params: [...visible.params, ...filter.params] });
    expect(text).toMatch(/records_data_index/);
    const [found] = await w.db.em
      .getConnection()
      .execute<{ n: number }[]>(`select count(*) as n from records r where (${visible.sql}) and (${filter.sql})`, [...visible.params, ...filter.params]);
    expect(Number(found!.n)).toBe(1);
  });
});
