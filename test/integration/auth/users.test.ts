import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../server/src/engine/engine.types.js';
import { Department } from '../../../server/src/persistence/entities/department.entity.js';
import { User } from '../../../server/src/persistence/entities/user.entity.js';
import { login } from '../../../server/src/services/auth.service.js';
import { createUser, setDepartmentManager } from '../../../server/src/services/auth-users.service.js';
import { verifyPassword } from '../../../server/src/services/password.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { errorOf, insertUser, seedOrganisation } from './auth-organisation.js';

let db: TestDatabase;
let admin: Actor;
let alice: Actor;
const t0 = new Date('2026-11-27T09:00:00Z');
const em = () => db.em.fork();
const paths = (error: { extensions: Record<string, unknown> }) => (error.extensions.fieldErrors as { path: string }[]).map((e) => e.path);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedOrganisation(db);
  admin = await insertUser(db, 'admin', { password: 'admin-password', isAdmin: true, roles: [] });
  alice = await insertUser(db, 'alice', { password: 'alice-password' });
});
afterAll(async () => {
  await db?.drop();
});

describe('createUser', () => {
  it('creates a user with a lower-case username and an argon2 hash, who can then sign in', async () => {
    const created = await createUser(db, admin, {
      username: 'Erin.Wu',
      password: 'erin-secret-1',
      displayName: ' Erin Wu ',
      department: 'finance',
      roles: ['employee', 'manager', 'employee'],
    });
    expect(created).toEqual({
      id: expect.any(String),
      username: 'erin.wu',
      displayName: 'Erin Wu',
      department: 'finance',
      roles: ['employee', 'manager'],
      isAdmin: false,
      active: true,
      locale: null,
      hasPassword: true,
    });

    const row = await em().findOneOrFail(User, created.id);
    expect(row.username).toBe('erin.wu');
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain('erin-secret-1');
    expect(await verifyPassword(row.passwordHash!, 'erin-secret-1')).toBe(true);
    expect((await login(db, 'erin.wu', 'erin-secret-1', t0)).user.id).toBe(created.id);
  });

  it('creates a service account without a password, which cannot sign in with one', async () => {
    const created = await createUser(db, admin, { username: 'erp-bot', displayName: 'ERP import', isAdmin: false });
    expect(created).toMatchObject({ username: 'erp-bot', department: null, roles: [], hasPassword: false });
    expect((await em().findOneOrFail(User, created.id)).passwordHash).toBeNull();
    await expect(login(db, 'erp-bot', '', t0)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('is for administrators only', async () => {
    const error = await errorOf(createUser(db, alice, { username: 'mallory', password: 'mallory-pass', displayName: 'Mallory', isAdmin: true }));
    expect({ code: error.code, message: error.message }).toEqual({ code: 'FORBIDDEN', message: 'Only administrators can create users.' });
    expect(await em().count(User, { username: 'mallory' })).toBe(0);
  });

  it('reports every problem of the input at once, in both languages', async () => {
    const error = await errorOf(
      createUser(db, admin, { username: 'a!', password: 'short', displayName: '  ', department: 'nowhere', roles: ['employee', 'wizard', 'ghost'] }),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.extensions.fieldErrors).toEqual([
      {
        path: 'username',
        message: {
          en: 'A username has 3 to 64 characters: letters a–z, digits, dots, hyphens and underscores.',
          'zh-CN': '用户名须为 3 到 64 个字符，只能包含字母 a–z、数字、点、连字符和下划线。',
        },
      },
      { path: 'password', message: { en: expect.stringMatching(/^A password needs at least 10 characters/), 'zh-CN': expect.stringContaining('10') } },
      { path: 'displayName', message: { en: 'A display name is required, at most 200 characters.', 'zh-CN': expect.any(String) } },
      { path: 'department', message: { en: 'There is no department "nowhere": choose one of the organisation\'s departments.', 'zh-CN': expect.stringContaining('nowhere') } },
      { path: 'roles.1', message: { en: 'There is no role "wizard": choose one of the organisation\'s roles.', 'zh-CN': expect.stringContaining('wizard') } },
      { path: 'roles.2', message: { en: 'There is no role "ghost": choose one of the organisation\'s roles.', 'zh-CN': expect.stringContaining('ghost') } },
    ]);
    expect(error.message).toMatch(/^The data is not valid: username: /);
  });

  it('refuses a username taken in another case', async () => {
    const error = await errorOf(createUser(db, admin, { username: 'ALICE', password: 'another-alice', displayName: 'Alice 2' }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.extensions.fieldErrors).toEqual([
      { path: 'username', message: { en: 'The username "alice" is already taken: choose another one.', 'zh-CN': '用户名“alice”已被占用：请换一个。' } },
    ]);
    expect(await em().count(User, {})).toBeGreaterThan(0);
    expect(await em().count(User, { displayName: 'Alice 2' })).toBe(0);
  });

  it.each([
    ['ab', false],
    ['abc', true],
    ['x'.repeat(64), true],
    ['x'.repeat(65), false],
    ['with space', false],
    ['dots.dash-under_9', true],
  ])('checks the username %s (accepted: %s)', async (username, accepted) => {
    const attempt = createUser(db, admin, { username, displayName: 'Someone' });
    if (accepted) await expect(attempt).resolves.toMatchObject({ username });
    else expect(paths(await errorOf(attempt))).toEqual(['username']);
  });

  it('needs a password of at least 10 characters when one is given', async () => {
    expect(paths(await errorOf(createUser(db, admin, { username: 'nine', password: '123456789', displayName: 'Nine' })))).toEqual(['password']);
    expect(paths(await errorOf(createUser(db, admin, { username: 'empty', password: '', displayName: 'Empty' })))).toEqual(['password']);
    await expect(createUser(db, admin, { username: 'ten', password: '1234567890', displayName: 'Ten' })).resolves.toMatchObject({ hasPassword: true });
  });
});

describe('setDepartmentManager', () => {
  it('lets an administrator appoint and clear a department manager', async () => {
    await expect(setDepartmentManager(db, admin, 'sales', alice.id)).resolves.toEqual({ department: 'sales', manager: alice.id });
    expect((await em().findOneOrFail(Department, 'sales')).manager?.id).toBe(alice.id);

    await setDepartmentManager(db, admin, 'sales', null);
    expect((await em().findOneOrFail(Department, 'sales')).manager).toBeNull();
  });

  it('refuses non-administrators, unknown departments and unknown users', async () => {
    const forbidden = await errorOf(setDepartmentManager(db, alice, 'sales', alice.id));
    expect({ code: forbidden.code, message: forbidden.message }).toEqual({ code: 'FORBIDDEN', message: 'Only administrators can appoint department managers.' });

    const noDepartment = await errorOf(setDepartmentManager(db, admin, 'nowhere', alice.id));
    expect({ code: noDepartment.code, message: noDepartment.message }).toEqual({ code: 'NOT_FOUND', message: 'The department "nowhere" does not exist, or you may not see it.' });

    for (const userId of ['00000000-0000-4000-8000-000000000000', 'nobody']) {
      const noUser = await errorOf(setDepartmentManager(db, admin, 'finance', userId));
      expect(paths(noUser)).toEqual(['userId']);
    }
    expect((await em().findOneOrFail(Department, 'finance')).manager).toBeNull();
  });
});
