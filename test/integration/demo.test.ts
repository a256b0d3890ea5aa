import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../server/src/definitions/definition-set.js';
import { AppError } from '../../server/src/errors/app-error.js';
import { Department } from '../../server/src/persistence/entities/department.entity.js';
import { User } from '../../server/src/persistence/entities/user.entity.js';
import { login } from '../../server/src/services/auth.service.js';
import { importDefinitions } from '../../server/src/services/definitions.service.js';
import { createDemoUsers, DEMO_USERS, formatDemoReport } from '../../server/src/services/demo.service.js';
import { CAST } from '../support/company.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { shippedDefinitionsDir } from '../support/fixtures.js';

// `npm run demo` (procedo demo): one user per department and post, with documented passwords.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('the demo users', () => {
  it('are refused before the organisation is imported, and nothing is written', async () => {
    await expect(createDemoUsers(db.em)).rejects.toThrow(AppError);
    await expect(createDemoUsers(db.em)).rejects.toThrow(/procedo import/);
    expect(await db.em.fork().count(User, {})).toBe(0);
  });

  it('are the people of the scenario tests, one per department and post', async () => {
    expect(Object.fromEntries(DEMO_USERS.map((u) => [u.username, { department: u.department, roles: [...u.roles], ...(u.manages ? { manages: true } : {}) }]))).toEqual(CAST);
  });

  it('are created with their departments, roles and managers, and can sign in with the documented password', async () => {
    const files = await loadDefinitions(shippedDefinitionsDir);
    if (!files.ok) throw new Error(JSON.stringify(files.problems));
    await importDefinitions(db.em, files.set);

    const report = await createDemoUsers(db.em);
    expect(report.created).toBe(DEMO_USERS.length);
    expect(report.users.every((u) => u.status === 'created' && u.password === `demo-${u.username}`)).toBe(true);
    expect([...report.managersSet].sort()).toEqual(['finance', 'hr', 'management', 'market', 'production', 'rnd', 'sales', 'service']);

    const em = db.em.fork();
    const users = await em.find(User, {}, { populate: ['department'] });
    expect(users).toHaveLength(DEMO_USERS.length);
    for (const [username, profile] of Object.entries(CAST)) {
      const user = users.find((u) => u.username === username)!;
      expect([user.department?.key, [...user.roles], user.isAdmin, user.active], username).toEqual([profile.department, profile.roles, false, true]);
    }
    const managers = Object.fromEntries((await em.find(Department, {}, { populate: ['manager'] })).map((d) => [d.key, d.manager?.getEntity().username]));
    expect(managers).toEqual({ management: 'ceo', market: 'max', rnd: 'raj', production: 'pete', sales: 'sal', service: 'carl', finance: 'fred', hr: 'hugo' });

    for (const username of ['fiona', 'hugo', 'ceo']) {
      const session = await login(db, username, `demo-${username}`, new Date());
      expect(session.user.username).toBe(username);
      expect(session.token).toBeTruthy();
    }
    await expect(login(db, 'fiona', 'password-fiona', new Date())).rejects.toThrow(/Wrong username or password/);

    const table = formatDemoReport(report);
    expect(table.split('\n')[0]).toMatch(/^username\s+department\s+roles\s+password\s+status$/);
    expect(table).toMatch(/^fiona\s+finance\s+employee, finance-officer\s+demo-fiona\s+created$/m);
    expect(table).toMatch(/^hugo\s+hr\s+employee, manager, \(department manager\)\s+demo-hugo\s+created$/m);
  });

  it('are not created twice: a second run creates nothing and changes nobody', async () => {
    const em = db.em.fork();
    const before = await em.find(User, {}, { orderBy: { username: 'asc' } });
    const hashes = before.map((u) => [u.username, u.passwordHash, u.updatedAt.getTime()]);

    const again = await createDemoUsers(db.em);
    expect(again.created).toBe(0);
    expect(again.managersSet).toEqual([]);
    expect(again.users.every((u) => u.status === 'existing')).toBe(true);
    expect(again.users.filter((u) => u.manager).map((u) => u.username).sort()).toEqual(['carl', 'ceo', 'fred', 'hugo', 'max', 'pete', 'raj', 'sal']);

    const after = await db.em.fork().find(User, {}, { orderBy: { username: 'asc' } });
    expect(after.map((u) => [u.username, u.passwordHash, u.updatedAt.getTime()])).toEqual(hashes);
    expect((await login(db, 'hana', 'demo-hana', new Date())).user.username).toBe('hana');
  });
});
