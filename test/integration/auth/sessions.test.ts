import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../server/src/engine/engine.types.js';
import { ApiToken } from '../../../server/src/persistence/entities/api-token.entity.js';
import { User } from '../../../server/src/persistence/entities/user.entity.js';
import { authenticate, login, logout } from '../../../server/src/services/auth.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { errorOf, insertUser, seedOrganisation } from './auth-organisation.js';

let db: TestDatabase;
let alice: Actor;
const t0 = new Date('2026-11-27T09:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const HOUR = 60 * 60 * 1000;
const wrongCredentials = { code: 'UNAUTHENTICATED', message: 'Wrong username or password.' };
const em = () => db.em.fork();

beforeAll(async () => {
  db = await createTestDatabase();
  await seedOrganisation(db);
  alice = await insertUser(db, 'alice', { password: 'correct horse battery', department: 'finance', roles: ['employee', 'manager'] });
  await insertUser(db, 'olga', { password: 'correct horse battery', active: false });
  await insertUser(db, 'robot', {});
});
afterAll(async () => {
  await db?.drop();
});

describe('login', () => {
  it('opens a 12-hour session whose token is stored only as its SHA-256 hash', async () => {
    const result = await login(db, 'alice', 'correct horse battery', t0);

    expect(result.token).toMatch(/^pdo_s_[A-Za-z0-9_-]{43}$/);
    expect(result.expiresAt).toEqual(at(12 * HOUR));
    expect(result.user).toMatchObject({ id: alice.id, username: 'alice', department: 'finance', roles: ['employee', 'manager'], isAdmin: false, hasPassword: true });
    expect(result.user).not.toHaveProperty('passwordHash');

    const row = await em().findOneOrFail(ApiToken, { user: alice.id, kind: 'session', createdAt: t0 });
    expect(row.tokenHash).toBe(createHash('sha256').update(result.token).digest('hex'));
    expect(row.tokenHash).not.toContain(result.token);
    expect(row.prefix).toBe(result.token.slice(0, 10));
    expect(row.prefix).toHaveLength(10);
    expect(row.expiresAt).toEqual(at(12 * HOUR));
    const raw = await db.em.getConnection().execute<{ n: string }[]>(`select count(*) as n from api_tokens where token_hash = ? or prefix = ?`, [result.token, result.token]);
    expect(Number(raw[0]!.n)).toBe(0);
  });

  it('accepts the username in any case and a session lifetime of the caller\'s choice', async () => {
    const result = await login(db, 'ALICE', 'correct horse battery', t0, { sessionTtlMs: 30 * 60 * 1000 });
    expect(result.user.id).toBe(alice.id);
    expect(result.expiresAt).toEqual(at(30 * 60 * 1000));
  });

  it.each([
    ['an unknown user', 'nobody', 'correct horse battery'],
    ['a wrong password', 'alice', 'correct horse battery!'],
    ['an empty password', 'alice', ''],
    ['an inactive user with the right password', 'olga', 'correct horse battery'],
    ['a service account, which has no password', 'robot', ''],
    ['a service account given some password', 'robot', 'correct horse battery'],
  ])('refuses %s with the same code and message, and opens no session', async (_case, username, password) => {
    const sessionsBefore = await em().count(ApiToken, { kind: 'session' });
    const error = await errorOf(login(db, username, password, t0));
    expect({ code: error.code, message: error.message }).toEqual(wrongCredentials);
    expect(error.extensions).toEqual({});
    expect(await em().count(ApiToken, { kind: 'session' })).toBe(sessionsBefore);
  });
});

describe('authenticate', () => {
  it('returns the actor with roles, department and the token it came with', async () => {
    const { token } = await login(db, 'alice', 'correct horse battery', t0);
    const row = await em().findOneOrFail(ApiToken, { prefix: token.slice(0, 10) });

    const auth = await authenticate(db, token, at(HOUR));
    expect(auth).toEqual({
      actor: { id: alice.id, username: 'alice', roles: ['employee', 'manager'], department: 'finance', isAdmin: false },
      locale: null,
      tokenId: row.id,
      tokenKind: 'session',
    });
  });

  it('refuses an expired session, from the second it expires', async () => {
    const { token, expiresAt } = await login(db, 'alice', 'correct horse battery', t0);
    await expect(authenticate(db, token, new Date(expiresAt.getTime() - 1))).resolves.toMatchObject({ actor: { id: alice.id } });
    const error = await errorOf(authenticate(db, token, expiresAt));
    expect({ code: error.code, message: error.message }).toEqual({ code: 'UNAUTHENTICATED', message: 'Your session has expired: sign in again.' });
  });

  it('says only "not valid" for a token it does not know, whatever its shape', async () => {
    const { token } = await login(db, 'alice', 'correct horse battery', t0);
    const lookalike = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const candidate of [lookalike, 'pdo_s_short', 'garbage', token.replace('pdo_s_', 'pdo_p_')]) {
      const error = await errorOf(authenticate(db, candidate, t0));
      expect({ code: error.code, message: error.message }).toEqual({ code: 'UNAUTHENTICATED', message: 'The token is not valid.' });
    }
  });

  it('asks to sign in when no token is sent', async () => {
    for (const missing of [null, undefined, '']) {
      const error = await errorOf(authenticate(db, missing, t0));
      expect(error.code).toBe('UNAUTHENTICATED');
      expect(error.message).toMatch(/^You are not signed in/);
    }
  });

  it('refuses a session of a user deactivated since signing in', async () => {
    const bob = await insertUser(db, 'bob', { password: 'bob-password-1' });
    const { token } = await login(db, 'bob', 'bob-password-1', t0);
    await em().nativeUpdate(User, { id: bob.id }, { active: false });
    const error = await errorOf(authenticate(db, token, at(1000)));
    expect({ code: error.code, message: error.message }).toEqual({ code: 'UNAUTHENTICATED', message: 'Your account is not active: ask an administrator to reactivate it.' });
  });

  it('records lastUsedAt at most once a minute', async () => {
    const { token } = await login(db, 'alice', 'correct horse battery', t0);
    const lastUsed = async () => (await em().findOneOrFail(ApiToken, { prefix: token.slice(0, 10) })).lastUsedAt;
    expect(await lastUsed()).toBeNull();

    await authenticate(db, token, at(1000));
    expect(await lastUsed()).toEqual(at(1000));
    await authenticate(db, token, at(30_000));
    await authenticate(db, token, at(60_999));
    expect(await lastUsed()).toEqual(at(1000));
    await authenticate(db, token, at(61_000));
    expect(await lastUsed()).toEqual(at(61_000));
  });
});

describe('logout', () => {
  it('ends the session, and says so to whoever uses it afterwards', async () => {
    const { token } = await login(db, 'alice', 'correct horse battery', t0);
    await logout(db, token, at(HOUR));
    const row = await em().findOneOrFail(ApiToken, { prefix: token.slice(0, 10) });
    expect(row.revokedAt).toEqual(at(HOUR));

    const error = await errorOf(authenticate(db, token, at(HOUR + 1)));
    expect({ code: error.code, message: error.message }).toEqual({ code: 'UNAUTHENTICATED', message: 'This session was ended by signing out: sign in again.' });

    await logout(db, token, at(2 * HOUR));
    expect((await em().findOneOrFail(ApiToken, row.id)).revokedAt).toEqual(at(HOUR));
  });

  it('refuses a token it does not know', async () => {
    const error = await errorOf(logout(db, 'pdo_s_' + 'A'.repeat(43), t0));
    expect({ code: error.code, message: error.message }).toEqual({ code: 'UNAUTHENTICATED', message: 'The token is not valid.' });
  });
});
