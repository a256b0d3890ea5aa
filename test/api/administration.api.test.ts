import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { engineDefinitionsDir } from '../support/world.js';

let t: TestApp;
let admin: { id: string; token: string };
let alice: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp(engineDefinitionsDir);
  admin = await t.user('root', { department: 'management', roles: [], admin: true });
  alice = await t.user('alice', { department: 'sales' });
});
afterAll(async () => {
  await t?.close();
});

describe('administering users and departments', () => {
  it('creates a user who can then sign in, and assigns roles and a department later', async () => {
    const created = await t.graphql('mutation { createUser(input: { username: "Carol", password: "a long password", displayName: "Carol", department: "sales", roles: ["employee"] }) { id username department roles } }', { token: admin.token });
    expect(created.body.data!.createUser).toMatchObject({ username: 'carol', department: 'sales', roles: ['employee'] });
    const id = (created.body.data!.createUser as { id: string }).id;

    const login = await t.graphql('mutation { login(username: "CAROL", password: "a long password") { token user { username } } }');
    const token = (login.body.data!.login as { token: string }).token;
    expect(token).toMatch(/^pdo_s_/);

    const updated = await t.graphql(`mutation { updateUser(id: "${id}", input: { department: "finance", roles: ["finance-officer"] }) { department roles } }`, { token: admin.token });
    expect(updated.body.data!.updateUser).toEqual({ department: 'finance', roles: ['finance-officer'] });
    const me = await t.graphql('{ me { username department roles } }', { token });
    expect(me.body.data!.me).toEqual({ username: 'carol', department: 'finance', roles: ['finance-officer'] });

    const manager = await t.graphql(`mutation { setDepartmentManager(department: "finance", user: "${id}") { key manager { username } } }`, { token: admin.token });
    expect(manager.body.data!.setDepartmentManager).toEqual({ key: 'finance', manager: { username: 'carol' } });
  });

  it('is refused to anyone but an administrator', async () => {
    for (const query of [
      '{ users { id } }',
      `mutation { updateUser(id: "${alice.id}", input: { isAdmin: true }) { id } }`,
      'mutation { setDepartmentManager(department: "sales") { key } }',
      'mutation { createUser(input: { username: "mallory", displayName: "M" }) { id } }',
    ]) {
      const result = await t.graphql(query, { token: alice.token });
      expect(result.body.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
    }
  });

  it('does not let administrators lock themselves out', async () => {
    const result = await t.graphql(`mutation { updateUser(id: "${admin.id}", input: { active: false }) { id } }`, { token: admin.token });
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path: 'active' }] });
  });

  it('tells each caller which procedures they may start', async () => {
    const query = '{ procedures { key canStart } }';
    const forAlice = (await t.graphql(query, { token: alice.token })).body.data!.procedures as { key: string; canStart: boolean }[];
    expect(Object.fromEntries(forAlice.map((p) => [p.key, p.canStart]))).toEqual({ 'test.budget-adjustment': true, 'test.design-review': false, 'test.duties': true, 'test.purchase-request': true });
  });
});
