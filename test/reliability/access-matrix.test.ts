import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAST } from '../support/company.js';
import { shippedDefinitionsDir } from '../support/fixtures.js';
import { actionsFrom, expectVisible, matches, readProcedureFiles, sampleValue, type Person, type ProcedureFile, type RecordFacts } from '../support/reliability-access.js';
import { createReliabilityApp, type GraphQLBody, type ReliabilityApp } from '../support/reliability-app.js';

// The access matrix: every person of the company (one per role and department the procedures
// name, test/support/company.ts) × every shipped procedure, stage, action and field with
// readers, asked through the GraphQL API and compared with what the definition files say,
// evaluated by test/support/reliability-access.ts (not by the server's authz code).
// A record in every stage of every procedure is written straight into the table, with an
// assignee on every other stage and every user field filled, so that creator, assignee,
// departmentManager and userField rules all have someone to match.
let t: ReliabilityApp;
let procedures: ProcedureFile[];
const people: Person[] = [];
const tokens = new Map<string, string>();
const records: { procedure: ProcedureFile; stage: string; id: string; facts: RecordFacts }[] = [];
const cells: Record<string, number> = {};
const tally = (what: string, n = 1) => (cells[what] = (cells[what] ?? 0) + n);

beforeAll(async () => {
  // One request reads all records of the matrix for one person: lift the alias and cost limits.
  t = await createReliabilityApp(shippedDefinitionsDir, { maxAliases: 1_000, maxCost: 10_000_000, maxTokens: 100_000 });
  procedures = await readProcedureFiles(shippedDefinitionsDir);
  for (const [username, profile] of Object.entries(CAST)) {
    const { id, token } = await t.user(username, profile);
    people.push({ id, username, department: profile.department, roles: profile.roles, manages: profile.manages ? profile.department : undefined });
    tokens.set(id, token);
  }
  const connection = t.db.em.getConnection();
  let turn = 0;
  const someoneElse = (department: string) => {
    const others = people.filter((p) => p.department !== department);
    return others[turn++ % others.length]!;
  };
  for (const procedure of procedures) {
    const [{ id: versionId }] = (await connection.execute(`select id from procedure_versions where procedure_key = ? and status = 'published' order by version desc limit 1`, [procedure.key])) as [{ id: string }];
    const creator = people.find((p) => p.department === procedure.department && matches(procedure.start, p)) ?? people.find((p) => matches(procedure.start, p))!;
    for (const [i, stage] of procedure.stages.entries()) {
      const data: Record<string, unknown> = {};
      for (const field of procedure.form.fields) {
        if (field.type === 'user' || field.readers) data[field.key] = sampleValue(field, someoneElse(creator.department).id);
      }
      const facts: RecordFacts = { createdBy: creator.id, assignee: i % 2 === 1 ? someoneElse(creator.department).id : null, department: creator.department, data };
      const id = randomUUID();
      await connection.execute(
        `insert into records (id, procedure_key, procedure_version_id, stage, data, version, created_by_id, department_key, assignee_id, closed_at) values (?, ?, ?, ?, ?, 1, ?, ?, ?, ${stage.final ? 'now()' : 'null'})`,
        [id, procedure.key, versionId, stage.key, JSON.stringify(data), facts.createdBy, facts.department, facts.assignee],
      );
      records.push({ procedure, stage: stage.key, id, facts });
    }
  }
}, 180_000);
afterAll(async () => {
  const total = Object.values(cells).reduce((a, b) => a + b, 0);
  console.log(`access matrix: ${people.length} people × ${procedures?.length} procedures, ${records.length} records; ${total} cells checked (${Object.entries(cells).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  await t?.close();
});

async function as(person: Person, query: string): Promise<GraphQLBody> {
  return t.graphql(query, {}, tokens.get(person.id));
}
const errorAt = (body: GraphQLBody, alias: string) => body.errors?.find((e) => (e as { path?: string[] }).path?.[0] === alias);

describe('the access matrix of the shipped definitions', () => {
  it('lets exactly the people `start` names start each procedure', { timeout: 400_000 }, async () => {
    for (const person of people) {
      // One request each: createRecord is non-null, so one refusal would null a batch.
      const codes = await Promise.all(procedures.map(async (p) => (await as(person, `mutation { createRecord(procedure: "${p.key}", data: {}) { id } }`)).errors?.[0]?.extensions?.code));
      procedures.forEach((procedure, i) => {
        tally('start');
        expect(codes[i] === 'FORBIDDEN', `${person.username} starting ${procedure.key}: ${String(codes[i])}`).toBe(!matches(procedure.start, person));
      });
    }
  });

  it('shows each record to whom the definition names, with each action refused for permission exactly to those its `by` leaves out, and fields with readers only to their readers', { timeout: 400_000 }, async () => {
    for (const person of people) {
      {
        const mine = records;
        const body = await as(person, `{ ${mine.map((r, i) => `r${i}: record(id: "${r.id}") { data actions { key reasons { kind } } }`).join(' ')} }`);
        mine.forEach((record, i) => {
          const procedure = record.procedure;
          const where = `${person.username} on ${procedure.key} in ${record.stage}`;
          const got = body.data?.[`r${i}`] as { data: Record<string, unknown>; actions: { key: string; reasons: { kind: string }[] }[] } | null;
          tally('record read');
          if (!expectVisible(procedure, record.stage, person, record.facts)) {
            expect(got, where).toBeNull();
            expect(errorAt(body, `r${i}`)?.extensions?.code, where).toBe('FORBIDDEN');
            return;
          }
          expect(got, `${where}: ${JSON.stringify(errorAt(body, `r${i}`))}`).not.toBeNull();
          const expected = actionsFrom(procedure, record.stage);
          expect(got!.actions.map((a) => a.key).sort(), where).toEqual(expected.map((a) => a.key).sort());
          for (const action of expected) {
            tally('action permission');
            const refused = got!.actions.find((a) => a.key === action.key)!.reasons.some((r) => r.kind === 'permission');
            expect(refused, `${where}: ${action.key}`).toBe(!matches(action.by, person, record.facts));
          }
          for (const field of procedure.form.fields.filter((f) => f.readers)) {
            tally('field read');
            expect(field.key in got!.data, `${where}: field ${field.key}`).toBe(matches(field.readers, person, record.facts));
          }
        });
      }
    }
  });

  it('enforces the same answers on commands: refused actions and invisible records change nothing', { timeout: 400_000 }, async () => {
    for (const person of people) {
      // Per procedure, two commands that must be refused: a transition the person may not take
      // on a record they see, and an update of a record they may not see (when there are such).
      const commands: { query: string; code: string; kind?: string; where: string }[] = [];
      for (const procedure of procedures) {
        const mine = records.filter((r) => r.procedure === procedure);
        const hidden = mine.find((r) => !expectVisible(procedure, r.stage, person, r.facts));
        if (hidden) commands.push({ query: `mutation { updateRecord(id: "${hidden.id}", data: {}, expectedVersion: 1) { id } }`, code: 'FORBIDDEN', where: `${person.username} updating ${procedure.key} in ${hidden.stage}` });
        for (const record of mine.filter((r) => expectVisible(procedure, r.stage, person, r.facts))) {
          const denied = actionsFrom(procedure, record.stage).find((a) => !matches(a.by, person, record.facts));
          if (!denied) continue;
          commands.push({ query: `mutation { transition(id: "${record.id}", action: "${denied.key}", expectedVersion: 1) { id } }`, code: 'TRANSITION_BLOCKED', kind: 'permission', where: `${person.username} taking ${denied.key} on ${procedure.key} in ${record.stage}` });
          break;
        }
        if (hidden) {
          const action = actionsFrom(procedure, hidden.stage)[0];
          if (action) commands.push({ query: `mutation { transition(id: "${hidden.id}", action: "${action.key}", expectedVersion: 1) { id } }`, code: 'FORBIDDEN', where: `${person.username} taking ${action.key} on ${procedure.key} in ${hidden.stage}` });
        }
      }
      const bodies = await Promise.all(commands.map((c) => as(person, c.query)));
      commands.forEach((command, i) => {
        tally('refused command');
        const error = bodies[i]!.errors?.[0];
        expect(error?.extensions?.code, command.where).toBe(command.code);
        if (command.kind) expect((error!.extensions!.reasons as { kind: string }[]).map((r) => r.kind), command.where).toContain(command.kind);
      });
    }
    const rows = (await t.db.em.getConnection().execute(`select id, stage, version from records where id in (${records.map(() => '?').join(', ')})`, records.map((r) => r.id))) as { id: string; stage: string; version: number }[];
    expect(rows).toHaveLength(records.length);
    for (const row of rows) expect(row).toEqual({ id: row.id, stage: records.find((r) => r.id === row.id)!.stage, version: 1 });
    const [{ count }] = (await t.db.em.getConnection().execute(`select count(*)::int as count from record_events where record_id in (${records.map(() => '?').join(', ')})`, records.map((r) => r.id))) as [{ count: number }];
    expect(count).toBe(0);
  });
});
