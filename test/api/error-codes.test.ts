import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type GraphQLResponse, type TestApp } from '../support/app.js';
import { engineDefinitionsDir } from '../support/world.js';

// Every code of the error contract (DESIGN.md), produced through the API as a client meets it.
let t: TestApp;
let alice: { id: string; token: string };
let bob: { id: string; token: string };
const responses: GraphQLResponse[] = [];

beforeAll(async () => {
  t = await createTestApp(engineDefinitionsDir);
  alice = await t.user('alice', { department: 'sales' });
  bob = await t.user('bob', { department: 'sales' });
});
afterAll(async () => {
  await t?.close();
});

async function graphql(query: string, options: Parameters<TestApp['graphql']>[1] = {}): Promise<GraphQLResponse> {
  const response = await t.graphql(query, options);
  responses.push(response);
  return response;
}

/** The one error of a refused request, which answered no data (or null for a nullable field). */
async function refused(query: string, options: Parameters<TestApp['graphql']>[1] = {}) {
  const { body } = await graphql(query, options);
  expect(body.errors, JSON.stringify(body)).toHaveLength(1);
  expect(Object.values(body.data ?? {}).filter((value) => value !== null)).toEqual([]);
  return body.errors![0]!;
}

const CREATE = 'mutation($data: JSON!) { createRecord(procedure: "test.budget-adjustment", data: $data) { id version } }';

async function createRecord(token: string): Promise<{ id: string; version: number }> {
  const { body } = await graphql(CREATE, { token, variables: { data: { title: 'Trade fair', currentAmount: '100', requestedAmount: '120' } } });
  expect(body.errors).toBeUndefined();
  return body.data!.createRecord as { id: string; version: number };
}

describe('the error contract through the API', () => {
  it('UNAUTHENTICATED without a token and with a bad one', async () => {
    const none = await refused('{ departments { key } }');
    expect(none.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(none.message).toMatch(/^Sign in first/);
    const bad = await refused('{ departments { key } }', { token: 'pdo_p_' + 'x'.repeat(43) });
    expect(bad.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(bad.message).toBe('The token is not valid.');
  });

  it('FORBIDDEN when a non-administrator creates a user', async () => {
    const error = await refused('mutation { createUser(input: { username: "mallory", password: "long-enough-password", displayName: "M" }) { id } }', {
      token: alice.token,
    });
    expect(error.extensions?.code).toBe('FORBIDDEN');
  });

  it('NOT_FOUND for a record of an unknown id', async () => {
    const error = await refused(`{ record(id: "${randomUUID()}") { id } }`, { token: alice.token });
    expect(error.extensions?.code).toBe('NOT_FOUND');
  });

  it('VALIDATION_FAILED with the fieldErrors of bad data', async () => {
    const error = await refused(CREATE, { token: alice.token, variables: { data: { currentAmount: '-5', requestedAmount: '10' } } });
    expect(error.extensions?.code).toBe('VALIDATION_FAILED');
    const fieldErrors = error.extensions?.fieldErrors as { path: string; message: unknown }[];
    expect(fieldErrors.map((e) => e.path)).toEqual(expect.arrayContaining([expect.stringMatching(/title/), expect.stringMatching(/currentAmount/)]));
    for (const fieldError of fieldErrors) expect(fieldError.message).toMatchObject({ en: expect.any(String) });
  });

  it('TRANSITION_BLOCKED with reasons when someone other than the creator submits', async () => {
    const record = await createRecord(alice.token);
    const error = await refused(`mutation { transition(id: "${record.id}", action: "submit", expectedVersion: ${record.version}) { id } }`, { token: bob.token });
    expect(error.extensions?.code).toBe('TRANSITION_BLOCKED');
    expect(error.extensions?.reasons).toEqual([{ kind: 'permission', key: 'submit', message: expect.objectContaining({ en: 'You may not take the action "Submit".' }) }]);
  });

  it('VERSION_CONFLICT with the current version for a stale expectedVersion', async () => {
    const record = await createRecord(alice.token);
    const updated = await graphql(`mutation { updateRecord(id: "${record.id}", data: { title: "Trade fair 2027" }, expectedVersion: ${record.version}) { version } }`, {
      token: alice.token,
    });
    expect(updated.body.data?.updateRecord).toEqual({ version: record.version + 1 });
    const error = await refused(`mutation { updateRecord(id: "${record.id}", data: { title: "Stale" }, expectedVersion: ${record.version}) { version } }`, {
      token: alice.token,
    });
    expect(error.extensions).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: record.version + 1 });
  });

  it('INVALID_DEFINITION with problems, from saveProcedure', async () => {
    const admin = await t.user('root', { department: 'management', roles: [], admin: true });
    const error = await refused('mutation($d: JSON!) { saveProcedure(definition: $d) { key } }', {
      token: admin.token,
      variables: { d: { key: 'test.half', department: 'sales', label: { en: 'Half', 'zh-CN': '半' } } },
    });
    expect(error.extensions).toMatchObject({ code: 'INVALID_DEFINITION', problems: expect.arrayContaining([{ path: '', message: 'missing "start": add it here' }]) });
  });

  describe('BAD_REQUEST for a request that cannot run, with an informative message', () => {
    it('a syntax error', async () => {
      const error = await refused('{ departments { key ', { token: alice.token });
      expect(error).toMatchObject({ message: 'Syntax Error: Expected Name, found <EOF>.', extensions: { code: 'BAD_REQUEST' } });
    });

    it('an unknown field, with a suggestion', async () => {
      const error = await refused('{ departments { kee } }', { token: alice.token });
      expect(error).toMatchObject({ message: 'Cannot query field "kee" on type "Department". Did you mean "key"?', extensions: { code: 'BAD_REQUEST' } });
    });

    it('an argument of the wrong type', async () => {
      const error = await refused('{ procedure(key: 5) { key } }', { token: alice.token });
      expect(error).toMatchObject({ message: expect.stringMatching(/String cannot represent a non string value: 5/), extensions: { code: 'BAD_REQUEST' } });
    });

    it('a missing variable', async () => {
      const error = await refused('query($key: String!) { procedure(key: $key) { key } }', { token: alice.token });
      expect(error).toMatchObject({ message: 'Variable "$key" of required type "String!" was not provided.', extensions: { code: 'BAD_REQUEST' } });
    });

    it('a body that is not JSON, without the JSON parser\'s own message', async () => {
      const response = await t.app.yoga.fetch('http://procedo.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{ "query": ' });
      const body = (await response.json()) as GraphQLResponse['body'];
      responses.push({ status: response.status, body });
      expect(response.status).toBe(400);
      expect(body.errors).toEqual([{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }]);
    });

    it('a query deeper than the limit', async () => {
      const deep = '{ __type(name: "Query") { ' + 'ofType { '.repeat(12) + 'name' + ' }'.repeat(13) + ' }';
      const error = await refused(deep, { token: alice.token });
      expect(error).toEqual({ message: 'Query depth limit of 12 exceeded, found 14.', extensions: { code: 'BAD_REQUEST' } });
    });

    it('more aliases than the limit', async () => {
      // __typename is exempt: aliasing it costs nothing.
      const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: __type(name: "Query") { name }`).join(' ');
      const error = await refused(`{ ${aliases} }`, { token: alice.token });
      expect(error).toEqual({ message: 'Aliases limit of 30 exceeded, found 31.', extensions: { code: 'BAD_REQUEST' } });
    });
  });

  it('masks an internal failure: "Unexpected error." with no SQL, stack or path', async () => {
    const connection = t.db.em.getConnection();
    await connection.execute('alter table records rename to records_hidden');
    try {
      const error = await refused('{ records { totalCount } }', { token: alice.token });
      expect(error).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    } finally {
      await connection.execute('alter table records_hidden rename to records');
    }
  });

  it('never showed a client a stack trace, SQL or a file path', () => {
    expect(responses.length).toBeGreaterThan(10);
    for (const response of responses) {
      const text = JSON.stringify(response.body);
      expect(text).not.toMatch(/\bat .*\.(ts|js|mjs|cjs):\d+/);
      expect(text).not.toMatch(/\b(select|insert|update|delete)\b.*\b(from|into|set)\b|relation ".*" does not exist|records_hidden/i);
      expect(text).not.toMatch(/\/work\/|node_modules|[\w-]+\/[\w.-]+\.(ts|js)\b/);
      expect(text).not.toContain('originalError');
      expect(text).not.toContain('stack');
    }
  });
});
