/**
 * Seeds a bench database with many records quickly and consistently with what the engine writes:
 * a few template records are made through the real GraphQL API (so their data, stage, gates,
 * due time and approval rows are the engine's own), then cloned in SQL with `generate_series`,
 * each clone with its own id, creation time, due time and varied form data. History rows are not
 * cloned: no read measured here touches them.
 */
import type pg from 'pg';
import { ADMIN_PASSWORD, graphqlClient, login, type GraphQLClient } from './reads-support.js';

export const PASSWORD = 'bench-password-1';

/** The people of the bench: who creates, who approves, who reads. */
type Person = 'ceo' | 'fiona' | 'fred' | 'sal' | 'sam' | 'cleo';
const CAST: Record<Person, { department: string; roles: string[]; manages?: boolean }> = {
  ceo: { department: 'management', roles: ['executive'], manages: true },
  fiona: { department: 'finance', roles: ['employee', 'finance-officer'] },
  fred: { department: 'finance', roles: ['employee', 'manager', 'reviewer'], manages: true },
  sal: { department: 'sales', roles: ['employee', 'manager'], manages: true },
  sam: { department: 'sales', roles: ['employee', 'salesperson'] },
  cleo: { department: 'service', roles: ['employee', 'service-agent'] },
};

export type Cast = Record<Person, { id: string; client: GraphQLClient }>;

/** Creates the cast through `createUser` (as the administrator) and signs each one in. */
export async function createCast(url: string, db: pg.Client): Promise<Cast> {
  const admin = graphqlClient(url, await login(url, 'admin', ADMIN_PASSWORD));
  const cast: Record<string, { id: string; client: GraphQLClient }> = {};
  for (const [username, p] of Object.entries(CAST)) {
    const { createUser } = await admin.run<{ createUser: { id: string } }>(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
      { input: { username, password: PASSWORD, displayName: username, department: p.department, roles: p.roles } },
    );
    if (p.manages) await db.query('update departments set manager_id = $1 where key = $2', [createUser.id, p.department]);
    cast[username] = { id: createUser.id, client: graphqlClient(url, await login(url, username, PASSWORD)) };
  }
  return cast as Cast;
}

interface Rec {
  id: string;
  version: number;
}
const RECORD = 'id version';

async function create(who: GraphQLClient, procedure: string, data: Record<string, unknown>): Promise<Rec> {
  return (await who.run<{ createRecord: Rec }>(`mutation($p: String!, $d: JSON!) { createRecord(procedure: $p, data: $d) { ${RECORD} } }`, { p: procedure, d: data })).createRecord;
}

async function move(who: GraphQLClient, rec: Rec, action: string): Promise<Rec> {
  return (await who.run<{ transition: Rec }>(`mutation($id: ID!, $a: String!, $v: Int!) { transition(id: $id, action: $a, expectedVersion: $v) { ${RECORD} } }`, { id: rec.id, a: action, v: rec.version })).transition;
}

async function approveMine(who: GraphQLClient, rec: Rec): Promise<Rec> {
  const { record } = await who.run<{ record: { approvals: { id: string; state: string; approvers: { username: string }[] }[] } }>(
    'query($id: ID!) { record(id: $id) { approvals { id state approvers { username } } } }',
    { id: rec.id },
  );
  const pending = record.approvals.find((a) => a.state === 'PENDING');
  if (!pending) throw new Error(`no pending approval on ${rec.id}`);
  await who.run('mutation($id: ID!) { decideApproval(id: $id, decision: APPROVE) { state } }', { id: pending.id });
  return (await who.run<{ record: Rec }>(`query($id: ID!) { record(id: $id) { ${RECORD} } }`, { id: rec.id })).record;
}

/** Template record ids by kind; each kind is cloned into its share of the seeded records. */
export interface Templates {
  readonly 'budget-approved': string;
  readonly 'adjustment-draft': string;
  readonly 'adjustment-approval': string;
  readonly 'inquiry-received': string;
}

/**
 * The templates, made through the API: an approved budget (sales, 500 000), a budget adjustment
 * of it left in draft, one submitted (pending on the finance officer fiona), and a customer inquiry.
 */
export async function createTemplates(cast: Cast): Promise<Templates> {
  const lines = [{ category: 'marketing', item: 'Trade fairs', amount: '500000' }];
  let budget = await create(cast.sal.client, 'finance.budget', { budgetYear: 2027, basis: 'Sales plan 2027', lines });
  budget = await move(cast.sal.client, budget, 'submit');
  budget = await move(cast.fiona.client, budget, 'forward');
  budget = await approveMine(cast.ceo.client, budget);
  budget = await move(cast.ceo.client, budget, 'approve');
  const adjustment = {
    budget: budget.id,
    budgetYear: 2027,
    reason: 'market-change',
    currentAmount: '500000',
    requestedAmount: '560000',
    explanation: 'Two more trade fairs in the second half of the year.',
    lines: [{ item: 'Trade fairs', amount: '560000' }],
  };
  const draft = await create(cast.sam.client, 'finance.budget-adjustment', adjustment);
  const submitted = await move(cast.sam.client, await create(cast.sam.client, 'finance.budget-adjustment', adjustment), 'submit');
  const inquiry = await create(cast.cleo.client, 'service.inquiry', { channel: 'online-chat', customerName: 'Acme Ltd', contact: 'li@acme.example', question: 'How do I reset the controller?' });
  return { 'budget-approved': budget.id, 'adjustment-draft': draft.id, 'adjustment-approval': submitted.id, 'inquiry-received': inquiry.id };
}

/**
 * Shares of the seeded records, in percent, by template kind. The busy approver (fiona) is asked
 * by every adjustment in approval; the finance officers' `approve` action makes those her tasks too.
 */
export const SHARES: Readonly<Record<keyof Templates, number>> = {
  'adjustment-draft': 45,
  'adjustment-approval': 2,
  'budget-approved': 25,
  'inquiry-received': 28,
};

/** The filter value of the measured `records` query: one budget year in twenty. */
export const YEARS = 20;
export const FIRST_YEAR = 2015;

/**
 * Clones the templates into `count` records (interleaved in time, one every 90 seconds back
 * from now) with their approval rows. Secondary indexes of records and approvals are dropped
 * during the load and rebuilt after it with their own definitions (faster than maintaining them
 * row by row); foreign keys are not re-checked (`session_replication_role = replica`): every
 * value comes from a template the API wrote. Ends with VACUUM ANALYZE.
 */
export async function cloneRecords(db: pg.Client, templates: Templates, count: number, log: (line: string) => void): Promise<void> {
  const kinds = Object.keys(SHARES) as (keyof Templates)[];
  let from = 0;
  const bucket = kinds.map((kind) => {
    const range = { kind, from, to: from + SHARES[kind] };
    from = range.to;
    return range;
  });
  const kindOf = `case ${bucket.map((b) => `when s.i % 100 < ${b.to} then '${b.kind}'`).join(' ')} end`;
  await db.query('drop table if exists bench_templates, bench_seed');
  await db.query(`create unlogged table bench_templates (kind text primary key, record_id uuid not null)`);
  for (const kind of kinds) await db.query('insert into bench_templates values ($1, $2)', [kind, templates[kind]]);
  await db.query(`create unlogged table bench_seed as select s.i, gen_random_uuid() as id, ${kindOf} as kind from generate_series(1, ${Number(count)}) as s(i)`);

  const indexes = (await db.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where tablename in ('records', 'approvals') and indexname not like '%pkey'`,
  )).rows;
  for (const index of indexes) await db.query(`drop index "${index.indexname}"`);
  await db.query('set session_replication_role = replica');
  const started = Date.now();
  // Adjustments: a budget year in twenty, an amount that the lines add up to; inquiries: a customer in 50 000.
  await db.query(`
    insert into records (id, procedure_key, procedure_version_id, stage, data, version, created_by_id, department_key,
                         assignee_id, due_at, created_at, updated_at, closed_at, gates)
    select s.id, r.procedure_key, r.procedure_version_id, r.stage,
           case
             when s.kind like 'adjustment-%' then r.data || jsonb_build_object(
               'budgetYear', ${FIRST_YEAR} + s.i % ${YEARS},
               'requestedAmount', (500001 + s.i % 99999)::text || '.00',
               'difference', (1 + s.i % 99999)::text || '.00',
               'linesTotal', (500001 + s.i % 99999)::text || '.00',
               'lines', jsonb_build_array(jsonb_build_object('item', 'Trade fairs', 'amount', (500001 + s.i % 99999)::text || '.00')),
               'explanation', 'Adjustment ' || s.i)
             when s.kind = 'budget-approved' then r.data || jsonb_build_object('budgetYear', ${FIRST_YEAR} + s.i % ${YEARS}, 'basis', 'Plan ' || s.i)
             else r.data || jsonb_build_object('customerName', 'Customer ' || s.i % 50000, 'question', 'Question ' || s.i)
           end,
           r.version, r.created_by_id, r.department_key, r.assignee_id,
           case when r.due_at is null then null else now() + (s.i % 2000) * interval '1 hour' end,
           now() - s.i * interval '90 seconds', now() - s.i * interval '90 seconds',
           case when r.closed_at is null then null else now() - s.i * interval '90 seconds' + interval '1 day' end,
           r.gates
    from bench_seed s join bench_templates t on t.kind = s.kind join records r on r.id = t.record_id`);
  log(`  records inserted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await db.query(`
    insert into approvals (id, record_id, gate, level, row_index, round, state, approvers, decided_by_id, decided_at, comment, created_at, approver_id)
    select gen_random_uuid(), s.id, a.gate, a.level, a.row_index, a.round, a.state, a.approvers, a.decided_by_id,
           case when a.decided_at is null then null else now() - s.i * interval '90 seconds' + interval '1 day' end,
           a.comment, now() - s.i * interval '90 seconds', a.approver_id
    from bench_seed s join bench_templates t on t.kind = s.kind join approvals a on a.record_id = t.record_id`);
  await db.query('set session_replication_role = origin');
  log(`  approvals inserted; ${((Date.now() - started) / 1000).toFixed(1)} s so far`);
  for (const index of indexes) await db.query(index.indexdef);
  log(`  ${indexes.length} indexes rebuilt; ${((Date.now() - started) / 1000).toFixed(1)} s so far`);
  await db.query('drop table bench_seed, bench_templates');
  await db.query('vacuum analyze records');
  await db.query('vacuum analyze approvals');
  log(`  vacuum analyze done; ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
}
