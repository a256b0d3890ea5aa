import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../server/src/engine/engine.types.js';
import { ApiToken } from '../../../server/src/persistence/entities/api-token.entity.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../server/src/services/api-token.service.js';
import { authenticate, login } from '../../../server/src/services/auth.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { errorOf, insertUser, seedOrganisation } from './auth-organisation.js';

let db: TestDatabase;
let admin: Actor;
let alice: Actor;
let bob: Actor;
let robot: Actor;
const t0 = new Date('2026-11-27T09:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (ms: number) => new Date(t0.getTime() + ms);
const em = () => db.em.fork();

beforeAll(async () => {
  db = await createTestDatabase();
  await seedOrganisation(db);
  admin = await insertUser(db, 'admin', { password: 'admin-password', isAdmin: true, roles: [] });
  alice = await insertUser(db, 'alice', { password: 'alice-password' });
  bob = await insertUser(db, 'bob', { password: 'bob-password' });
  robot = await insertUser(db, 'robot', { department: 'finance', roles: ['manager'] });
});
afterAll(async () => {
  await db?.drop();
});

describe('createApiToken', () => {
  it('gives the caller a personal token, shown once and stored hashed, that authenticates as them', async () => {
    const created = await createApiToken(db, alice, { name: '  Laptop script ' }, t0);

    expect(created).toMatchObject({ name: 'Laptop script', kind: 'personal', expiresAt: null });
    expect(created.token).toMatch(/^pdo_p_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 10));
    const row = await em().findOneOrFail(ApiToken, created.id);
    expect(row).toMatchObject({ name: 'Laptop script', kind: 'personal', prefix: created.prefix, createdAt: t0, expiresAt: null, revokedAt: null });
    expect(row.user.id).toBe(alice.id);
    expect(row.tokenHash).toBe(createHash('sha256').update(created.token).digest('hex'));

    const auth = await authenticate(db, created.token, at(DAY));
    expect(auth).toMatchObject({ actor: { id: alice.id, username: 'alice' }, tokenId: created.id, tokenKind: 'personal' });
  });

  it('makes every token unique and distinguishes kinds by prefix', async () => {
    const a = await createApiToken(db, alice, { name: 'a' }, t0);
    const b = await createApiToken(db, alice, { name: 'b' }, t0);
    const session = await login(db, 'alice', 'alice-password', t0);
    expect(a.token).not.toBe(b.token);
    expect([a.token.slice(0, 6), session.token.slice(0, 6)]).toEqual(['pdo_p_', 'pdo_s_']);
  });

  it('expires after the given number of days', async () => {
    const created = await createApiToken(db, alice, { name: 'Monthly report', expiresInDays: 30 }, t0);
    expect(created.expiresAt).toEqual(at(30 * DAY));
    await expect(authenticate(db, created.token, at(30 * DAY - 1))).resolves.toMatchObject({ tokenKind: 'personal' });
    const error = await errorOf(authenticate(db, created.token, at(30 * DAY)));
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'UNAUTHENTICATED',
      message: `This token expired on ${at(30 * DAY).toISOString()}: create a new one.`,
    });
  });

  it('lets an administrator create a service token for a service account', async () => {
    const created = await createApiToken(db, admin, { name: 'ERP import', userId: robot.id }, t0);
    expect(created.kind).toBe('service');
    expect(created.token).toMatch(/^pdo_v_/);
    const row = await em().findOneOrFail(ApiToken, created.id);
    expect([row.user.id, row.kind]).toEqual([robot.id, 'service']);

    const auth = await authenticate(db, created.token, t0);
    expect(auth.actor).toEqual({ id: robot.id, username: 'robot', roles: ['manager'], department: 'finance', isAdmin: false });
    expect(auth.tokenKind).toBe('service');
  });

  it('gives an administrator naming themselves a personal token', async () => {
    expect((await createApiToken(db, admin, { name: 'mine', userId: admin.id }, t0)).kind).toBe('personal');
  });

  it('refuses a non-administrator a token for another user, and stores nothing', async () => {
    const before = await em().count(ApiToken, { user: robot.id });
    const error = await errorOf(createApiToken(db, alice, { name: 'sneaky', userId: robot.id }, t0));
    expect({ code: error.code, message: error.message }).toEqual({ code: 'FORBIDDEN', message: 'Only administrators can create tokens for another user.' });
    expect(await em().count(ApiToken, { user: robot.id })).toBe(before);
  });

  it('refuses an administrator a token for a person who has a password, or for nobody', async () => {
    const forPerson = await errorOf(createApiToken(db, admin, { name: 'impersonate', userId: bob.id }, t0));
    expect(forPerson.code).toBe('VALIDATION_FAILED');
    expect(forPerson.extensions.fieldErrors).toEqual([{ path: 'userId', message: { en: expect.stringMatching(/service accounts/), 'zh-CN': expect.any(String) } }]);
    expect(await em().count(ApiToken, { user: bob.id })).toBe(0);

    const forNobody = await errorOf(createApiToken(db, admin, { name: 'ghost', userId: '00000000-0000-4000-8000-000000000000' }, t0));
    expect(forNobody.extensions.fieldErrors).toEqual([{ path: 'userId', message: { en: 'No active user has this id.', 'zh-CN': '没有此 ID 的有效用户。' } }]);
  });

  it('requires a name of 1 to 100 characters and reports a bad lifetime with it', async () => {
    const nameError = {
      path: 'name',
      message: {
        en: 'A token needs a name of 1 to 100 characters that says what uses it (for example "CI pipeline").',
        'zh-CN': '令牌需要一个 1 到 100 个字符的名称，说明其用途（例如“CI 流水线”）。',
      },
    };
    for (const name of ['', '   ', 'x'.repeat(101)]) {
      const error = await errorOf(createApiToken(db, alice, { name }, t0));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.extensions.fieldErrors).toEqual([nameError]);
    }
    const both = await errorOf(createApiToken(db, alice, { name: '', expiresInDays: 0.5 }, t0));
    expect((both.extensions.fieldErrors as { path: string }[]).map((e) => e.path)).toEqual(['name', 'expiresInDays']);
    await expect(createApiToken(db, alice, { name: 'x'.repeat(100) }, t0)).resolves.toMatchObject({ name: 'x'.repeat(100) });
  });
});

describe('revokeApiToken', () => {
  it('revokes the caller\'s own token, which then says so', async () => {
    const created = await createApiToken(db, bob, { name: 'to revoke' }, t0);
    const summary = await revokeApiToken(db, bob, created.id, at(DAY));
    expect(summary).toMatchObject({ id: created.id, revokedAt: at(DAY) });
    expect((await em().findOneOrFail(ApiToken, created.id)).revokedAt).toEqual(at(DAY));

    const error = await errorOf(authenticate(db, created.token, at(DAY + 1)));
    expect({ code: error.code, message: error.message }).toEqual({ code: 'UNAUTHENTICATED', message: 'This token was revoked.' });

    await revokeApiToken(db, bob, created.id, at(2 * DAY));
    expect((await em().findOneOrFail(ApiToken, created.id)).revokedAt).toEqual(at(DAY));
  });

  it('hides other users\' tokens from a non-administrator, and lets an administrator revoke them', async () => {
    const created = await createApiToken(db, bob, { name: 'bob only' }, t0);
    for (const id of [created.id, 'not-a-uuid']) {
      const error = await errorOf(revokeApiToken(db, alice, id, at(DAY)));
      expect({ code: error.code, message: error.message }).toEqual({ code: 'NOT_FOUND', message: 'The token does not exist, or you may not see it.' });
    }
    expect((await em().findOneOrFail(ApiToken, created.id)).revokedAt).toBeNull();

    await revokeApiToken(db, admin, created.id, at(DAY));
    expect((await em().findOneOrFail(ApiToken, created.id)).revokedAt).toEqual(at(DAY));
  });
});

describe('listApiTokens', () => {
  it('lists the caller\'s API tokens, newest first, without the tokens or their hashes', async () => {
    const carol = await insertUser(db, 'carol', { password: 'carol-password' });
    await createApiToken(db, carol, { name: 'older' }, t0);
    const newer = await createApiToken(db, carol, { name: 'newer', expiresInDays: 7 }, at(1000));
    await login(db, 'carol', 'carol-password', at(2000));

    const list = await listApiTokens(db, carol);
    expect(list.map((t) => [t.name, t.kind])).toEqual([['newer', 'personal'], ['older', 'personal']]);
    expect(list[0]).toEqual({
      id: newer.id,
      userId: carol.id,
      name: 'newer',
      kind: 'personal',
      prefix: newer.prefix,
      createdAt: at(1000),
      expiresAt: at(1000 + 7 * DAY),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect((await listApiTokens(db, carol, { includeSessions: true })).map((t) => t.kind)).toEqual(['session', 'personal', 'personal']);
  });

  it('shows another user\'s tokens to an administrator only', async () => {
    const error = await errorOf(listApiTokens(db, alice, { userId: robot.id }));
    expect(error.code).toBe('FORBIDDEN');
    expect((await listApiTokens(db, admin, { userId: robot.id })).map((t) => [t.name, t.kind])).toEqual([['ERP import', 'service']]);
  });
});
