import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

// Listing and revoking API tokens through GraphQL: own tokens for everyone, any for administrators,
// and a revoked token refused on its very next request.
let t: TestApp;
let admin: { id: string; token: string };
let alice: { id: string; token: string };
let bob: { id: string; token: string };
let robotId: string;

interface TokenRow {
  id: string;
  name: string;
  kind: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  user: { username: string };
}
const tokenFields = 'id name kind prefix createdAt expiresAt lastUsedAt revokedAt user { username }';

const codeOf = (result: Awaited<ReturnType<TestApp['graphql']>>) => result.body.errors?.[0]?.extensions?.code;

async function create(token: string, name: string, extra = ''): Promise<{ id: string; token: string; prefix: string }> {
  const result = await t.graphql(`mutation($name: String!) { createApiToken(name: $name${extra}) { id token prefix } }`, { token, variables: { name } });
  expect(result.body.errors).toBeUndefined();
  return result.body.data!.createApiToken as { id: string; token: string; prefix: string };
}

async function list(token: string, user?: string): Promise<TokenRow[]> {
  const result = await t.graphql(`query($user: ID) { apiTokens(user: $user) { ${tokenFields} } }`, { token, variables: { user } });
  expect(result.body.errors).toBeUndefined();
  return result.body.data!.apiTokens as TokenRow[];
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.user('root', { admin: true, roles: [] });
  alice = await t.user('alice');
  bob = await t.user('bob');
  const robot = await t.graphql('mutation { createUser(input: { username: "robot", displayName: "Robot" }) { id serviceAccount } }', { token: admin.token });
  expect(robot.body.data!.createUser).toMatchObject({ serviceAccount: true });
  robotId = (robot.body.data!.createUser as { id: string }).id;
});
afterAll(async () => {
  await t?.close();
});

describe('apiTokens', () => {
  it("lists the caller's own tokens newest first, with their prefix but never the token, and no sign-in sessions", async () => {
    await t.graphql('mutation { login(username: "alice", password: "password-alice") { token } }');
    const first = await create(alice.token, 'Laptop script', ', expiresInDays: 30');
    const second = await create(alice.token, 'CI pipeline');

    const tokens = await list(alice.token);
    expect(tokens.map((row) => row.name)).toEqual(['CI pipeline', 'Laptop script', 'test']);
    expect(tokens[0]).toMatchObject({ id: second.id, kind: 'personal', prefix: second.token.slice(0, 10), expiresAt: null, revokedAt: null, user: { username: 'alice' } });
    const days = (Date.parse(tokens[1]!.expiresAt!) - Date.parse(tokens[1]!.createdAt)) / 86_400_000;
    expect(days).toBe(30);
    expect(tokens[1]!.id).toBe(first.id);
    expect(JSON.stringify(tokens)).not.toContain(first.token);
    // The token alice authenticates with was just used, so it says so.
    expect(tokens[2]!.lastUsedAt).not.toBeNull();
  });

  it("shows nobody else's tokens", async () => {
    const mine = await list(bob.token);
    expect(mine.map((row) => row.user.username)).toEqual(['bob']);
    const result = await t.graphql(`{ apiTokens(user: "${alice.id}") { id } }`, { token: bob.token });
    expect(codeOf(result)).toBe('FORBIDDEN');
    expect(result.body.data).toBeNull();
  });

  it('is refused without a token', async () => {
    expect(codeOf(await t.graphql('{ apiTokens { id } }'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.graphql('mutation { revokeApiToken(id: "00000000-0000-4000-8000-000000000000") { id } }'))).toBe('UNAUTHENTICATED');
  });
});

describe('revokeApiToken', () => {
  it('stops a token at once: the next request with it is UNAUTHENTICATED, and the list shows when it was revoked', async () => {
    const created = await create(alice.token, 'Short-lived');
    const before = await t.graphql('{ me { username } }', { token: created.token });
    expect(before.body.data!.me).toEqual({ username: 'alice' });

    const revoked = await t.graphql(`mutation { revokeApiToken(id: "${created.id}") { ${tokenFields} } }`, { token: created.token });
    expect(revoked.body.errors).toBeUndefined();
    expect((revoked.body.data!.revokeApiToken as TokenRow).revokedAt).not.toBeNull();

    const after = await t.graphql('{ me { username } }', { token: created.token });
    expect(after.body.errors?.[0]).toMatchObject({ message: 'This token was revoked.', extensions: { code: 'UNAUTHENTICATED' } });
    const listed = (await list(alice.token)).find((row) => row.id === created.id);
    expect(listed?.revokedAt).toBe((revoked.body.data!.revokeApiToken as TokenRow).revokedAt);
  });

  it("is NOT_FOUND for someone else's token, an unknown id or a malformed one, and leaves the token working", async () => {
    const alices = await create(alice.token, 'Not for bob');
    for (const id of [alices.id, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const result = await t.graphql('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { token: bob.token, variables: { id } });
      expect(codeOf(result), id).toBe('NOT_FOUND');
    }
    const still = await t.graphql('{ me { username } }', { token: alices.token });
    expect(still.body.data!.me).toEqual({ username: 'alice' });
  });

  it("lets an administrator revoke anyone's token", async () => {
    const bobs = await create(bob.token, 'Leaked');
    const result = await t.graphql(`mutation { revokeApiToken(id: "${bobs.id}") { user { username } revokedAt } }`, { token: admin.token });
    expect(result.body.data!.revokeApiToken).toMatchObject({ user: { username: 'bob' } });
    expect(codeOf(await t.graphql('{ me { id } }', { token: bobs.token }))).toBe('UNAUTHENTICATED');
  });

  it('keeps the first revocation time when revoked twice', async () => {
    const created = await create(bob.token, 'Twice');
    const first = await t.graphql(`mutation { revokeApiToken(id: "${created.id}") { revokedAt } }`, { token: bob.token });
    const second = await t.graphql(`mutation { revokeApiToken(id: "${created.id}") { revokedAt } }`, { token: admin.token });
    expect(second.body.data!.revokeApiToken).toEqual(first.body.data!.revokeApiToken);
  });
});

describe("a service account's tokens", () => {
  it('are created, listed and revoked by an administrator, and work as the service account until revoked', async () => {
    const created = await create(admin.token, 'ERP export', `, user: "${robotId}", expiresInDays: 7`);
    expect(created.token).toMatch(/^pdo_v_/);
    expect((await t.graphql('{ me { username serviceAccount } }', { token: created.token })).body.data!.me).toEqual({ username: 'robot', serviceAccount: true });

    const listed = await list(admin.token, robotId);
    expect(listed).toEqual([expect.objectContaining({ id: created.id, name: 'ERP export', kind: 'service', user: { username: 'robot' } })]);
    expect((await list(admin.token)).map((row) => row.name)).not.toContain('ERP export');

    await t.graphql(`mutation { revokeApiToken(id: "${created.id}") { id } }`, { token: admin.token });
    expect(codeOf(await t.graphql('{ me { id } }', { token: created.token }))).toBe('UNAUTHENTICATED');
  });

  it('cannot be created by anyone else, nor for a person', async () => {
    expect(codeOf(await t.graphql(`mutation { createApiToken(name: "x", user: "${robotId}") { id } }`, { token: alice.token }))).toBe('FORBIDDEN');
    const forPerson = await t.graphql(`mutation { createApiToken(name: "x", user: "${alice.id}") { id } }`, { token: admin.token });
    expect(forPerson.body.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path: 'userId' }] });
  });

  it('reports a bad name and lifetime as field errors, all at once, and creates nothing', async () => {
    const before = (await list(alice.token)).length;
    const result = await t.graphql('mutation { createApiToken(name: "  ", expiresInDays: 0) { id } }', { token: alice.token });
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path: 'name' }, { path: 'expiresInDays' }] });
    expect(await list(alice.token)).toHaveLength(before);
  });

  it('marks people and service accounts apart in the user list', async () => {
    const result = await t.graphql('{ users { username serviceAccount } }', { token: admin.token });
    expect(result.body.data!.users).toEqual(
      expect.arrayContaining([
        { username: 'robot', serviceAccount: true },
        { username: 'alice', serviceAccount: false },
      ]),
    );
  });
});
