import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../support/company.js';

// Issue 11: a person names a colleague in a user field by typing part of their name. `people` is
// the directory as a picker reads it, open to anyone signed in: active people, their name and
// department only; with `procedure` and `field`, just those the field admits on a save.

const PEOPLE = `query($s: String, $d: String, $r: [String!], $n: Int, $p: String, $f: String, $record: ID, $ids: [ID!]) {
  people(search: $s, department: $d, roles: $r, first: $n, procedure: $p, field: $f, record: $record, ids: $ids) { id displayName department { key label } }
}`;

interface Person { id: string; displayName: string; department: { key: string; label: string } | null }

let company: Company;
let admin: string;
/** People renamed or added for the searches, by username. */
const extra: Record<string, string> = {};

const names = async (who: string, variables: Record<string, unknown> = {}) => ((await company.ok(who, PEOPLE, variables)).people as Person[]).map((p) => p.displayName);
const refusal = async (variables: Record<string, unknown>) => {
  const error = await company.refused('cleo', PEOPLE, variables);
  return { code: error.extensions?.code, message: error.message };
};

async function asAdmin(query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { body } = await company.t.graphql(query, { token: admin, variables });
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

const rename = (id: string, displayName: string) => asAdmin('mutation($id: ID!, $n: String!) { updateUser(id: $id, input: { displayName: $n }) { id } }', { id, n: displayName });
async function createUser(input: Record<string, unknown>): Promise<string> {
  return ((await asAdmin('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: input })).createUser as { id: string }).id;
}

beforeAll(async () => {
  company = await createCompany();
  admin = (await company.t.user('boss', { admin: true, department: 'management', roles: ['executive'] })).token;
  await rename(company.people.sam!.id, 'Sam Sun');
  await rename(company.people.sara!.id, 'Sara Song');
  await rename(company.people.sal!.id, 'Sal Shen');
  await rename(company.people.hana!.id, '韩梅 Hana');
  extra.zhang = await createUser({ username: 'zhang.wei', password: 'a long enough password 1', displayName: '张伟', department: 'sales', roles: ['employee', 'salesperson'] });
  extra.percent = await createUser({ username: 'club', password: 'a long enough password 2', displayName: '100% Club', department: 'sales', roles: ['employee'] });
  extra.underscore = await createUser({ username: 'lina', password: 'a long enough password 3', displayName: 'Li_Na', department: 'hr', roles: ['employee'] });
  extra.gone = await createUser({ username: 'samuel', password: 'a long enough password 4', displayName: 'Samuel Gone', department: 'sales', roles: ['employee', 'salesperson'] });
  await asAdmin('mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { id } }', { id: extra.gone });
  extra.robot = await createUser({ username: 'sam-bot', displayName: 'Sam Bot', department: 'sales', roles: ['salesperson'] });
});
afterAll(async () => {
  await company?.close();
});

describe('people: the directory as a picker reads it', () => {
  it('finds colleagues by a piece of their display name or username, in any case, by display name', async () => {
    expect(await names('cleo', { s: 'sa' })).toEqual(['Sal Shen', 'Sam Sun', 'Sara Song']);
    expect(await names('cleo', { s: 'SAM' })).toEqual(['Sam Sun']);
    // By username: "zhang.wei" is 张伟; by display name in Chinese.
    expect(await names('cleo', { s: 'zhang' })).toEqual(['张伟']);
    expect(await names('cleo', { s: '韩' })).toEqual(['韩梅 Hana']);
    expect(await names('cleo', { s: '  sara  ' })).toEqual(['Sara Song']);
    expect(await names('cleo', { s: 'nobody-has-this' })).toEqual([]);
  });

  it('lists active people only: not someone deactivated, not a service account', async () => {
    const everyone = await names('cleo', { n: 100 });
    expect(everyone).not.toContain('Samuel Gone');
    expect(everyone).not.toContain('Sam Bot');
    expect(everyone).toContain('Sam Sun');
    expect(everyone).toEqual([...everyone].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(await names('cleo', { ids: [extra.gone, extra.robot, company.people.sam!.id] })).toEqual(['Sam Sun']);
  });

  it('shows a name and a department, nothing of the account', async () => {
    const [sam] = (await company.ok('cleo', PEOPLE, { s: 'Sam Sun' })).people as Person[];
    expect(sam).toEqual({ id: company.people.sam!.id, displayName: 'Sam Sun', department: { key: 'sales', label: 'Sales and marketing' } });
    const type = (await company.ok('cleo', '{ __type(name: "Person") { fields { name } } }')).__type as { fields: { name: string }[] };
    expect(type.fields.map((f) => f.name)).toEqual(['id', 'displayName', 'department']);
    // The department in the caller's language.
    const { body } = await company.t.graphql(PEOPLE, { token: company.people.cleo!.token, variables: { s: 'Sam Sun' }, headers: { 'accept-language': 'zh-CN' } });
    expect((body.data!.people as Person[])[0]!.department).toEqual({ key: 'sales', label: '销售与营销部' });
  });

  it('takes % and _ in a search literally', async () => {
    expect(await names('cleo', { s: '%' })).toEqual(['100% Club']);
    expect(await names('cleo', { s: '_' })).toEqual(['Li_Na']);
    expect(await names('cleo', { s: '0%' })).toEqual(['100% Club']);
    expect(await names('cleo', { s: '\\' })).toEqual([]);
    expect(await names('cleo', { s: "'; drop table users; --" })).toEqual([]);
    expect(await names('cleo', { s: 'Sam' })).toEqual(['Sam Sun']);
  });

  it('filters by department and by roles, each narrowing the other', async () => {
    expect(await names('cleo', { d: 'sales', n: 100 })).toEqual(['100% Club', 'Sal Shen', 'Sam Sun', 'Sara Song', '张伟']);
    expect(await names('cleo', { r: ['salesperson'], n: 100 })).toEqual(['Sam Sun', 'Sara Song', '张伟']);
    expect(await names('cleo', { r: ['hr-officer', 'finance-officer'], n: 100 })).toEqual(['fiona', '韩梅 Hana']);
    expect(await names('cleo', { d: 'sales', r: ['manager'] })).toEqual(['Sal Shen']);
    expect(await names('cleo', { d: 'sales', s: 'zh' })).toEqual(['张伟']);
    expect(await names('cleo', { d: 'no-such-department' })).toEqual([]);
  });
});

describe('people for a user field: whom the field admits', () => {
  it("a table's user column: the salespeople of sales, exactly whom a save accepts", async () => {
    const offered = (await company.ok('sam', PEOPLE, { p: 'sales.target', f: 'bySalesperson.salesperson', n: 100 })).people as Person[];
    expect(offered.map((p) => p.displayName)).toEqual(['Sam Sun', 'Sara Song', '张伟']);
    expect(await names('sam', { p: 'sales.target', f: 'bySalesperson.salesperson', s: 'sar' })).toEqual(['Sara Song']);
    // The arguments narrow the field's filter, never widen it.
    expect(await names('sam', { p: 'sales.target', f: 'bySalesperson.salesperson', d: 'hr' })).toEqual([]);
    expect(await names('sam', { p: 'sales.target', f: 'bySalesperson.salesperson', r: ['manager'] })).toEqual([]);

    const target = (salesperson: string) => ({
      periodType: 'annual',
      year: 2027,
      total: '100',
      byRegion: [{ region: 'East', amount: '100' }],
      bySalesperson: [{ salesperson, amount: '100' }],
    });
    for (const person of offered) await company.create('sam', 'sales.target', target(person.id));
    const refused = await company.refused('sam', 'mutation($d: JSON!) { createRecord(procedure: "sales.target", data: $d) { id } }', { d: target(company.people.sal!.id) });
    expect(refused.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path: 'bySalesperson.0.salesperson' }] });
  });

  it("a user field: the hiring manager is someone holding the manager role, in any department unless asked", async () => {
    const managers = await names('hana', { p: 'hr.recruitment', f: 'hiringManager', n: 100 });
    expect(managers).toEqual(['carl', 'fred', 'hugo', 'max', 'pete', 'raj', 'Sal Shen']);
    expect(await names('hana', { p: 'hr.recruitment', f: 'hiringManager', d: 'rnd' })).toEqual(['raj']);
  });

  it('with the record being edited: the field of its own procedure, asked by someone who may read it', async () => {
    const { id } = await company.create<{ id: string }>('sam', 'sales.target', {
      periodType: 'annual',
      year: 2028,
      total: '1',
      byRegion: [{ region: 'West', amount: '1' }],
      bySalesperson: [{ salesperson: company.people.sara!.id, amount: '1' }],
    });
    expect(await names('sam', { p: 'sales.target', f: 'bySalesperson.salesperson', record: id })).toEqual(['Sam Sun', 'Sara Song', '张伟']);
    expect((await company.refused('sam', PEOPLE, { p: 'hr.recruitment', f: 'hiringManager', record: id })).extensions?.code).toBe('BAD_REQUEST');
    // Someone who may not read the record is refused, as `record(id:)` refuses them.
    expect((await company.refused('cleo', PEOPLE, { p: 'sales.target', f: 'bySalesperson.salesperson', record: id })).extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a field that is no user field, naming the argument', async () => {
    expect(await refusal({ p: 'hr.recruitment', f: 'headcount' })).toEqual({ code: 'BAD_REQUEST', message: expect.stringMatching(/^"field": "headcount" of hr\.recruitment is a integer field, not a user field: use one of hiringManager/) });
    expect(await refusal({ p: 'hr.recruitment', f: 'nothing' })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^"field": hr\.recruitment has no field "nothing"/) });
    expect(await refusal({ p: 'sales.target', f: 'bySalesperson.amount' })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('bySalesperson.salesperson') });
    expect(await refusal({ p: 'no.such', f: 'hiringManager' })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^"procedure"/) });
    expect(await refusal({ f: 'hiringManager' })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^"procedure"/) });
    expect(await refusal({ p: 'hr.recruitment' })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^"field"/) });
  });
});

describe('people: who may ask, and how many', () => {
  it('answers UNAUTHENTICATED without a token', async () => {
    const { body } = await company.t.graphql(PEOPLE, { variables: { s: 'sam' } });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('gives 20 by default and at most 100, BAD_REQUEST beyond, naming "first"', async () => {
    expect(await names('cleo')).toHaveLength(20);
    expect((await names('cleo', { n: 100 })).length).toBeGreaterThan(20);
    expect(await names('cleo', { n: 3 })).toEqual((await names('cleo')).slice(0, 3));
    expect(await names('cleo', { n: 0 })).toEqual([]);
    expect(await refusal({ n: 101 })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^"first" must be between 0 and 100/) });
    expect(await refusal({ n: -1 })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^"first"/) });
    expect(await refusal({ ids: Array.from({ length: 101 }, () => extra.zhang) })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^"ids"/) });
  });
});
