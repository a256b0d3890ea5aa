import type { Actor } from '../../../server/src/engine/engine.types.js';
import { Department } from '../../../server/src/persistence/entities/department.entity.js';
import { Role } from '../../../server/src/persistence/entities/role.entity.js';
import { User } from '../../../server/src/persistence/entities/user.entity.js';
import { hashPassword } from '../../../server/src/services/password.js';
import type { TestDatabase } from '../../support/database.js';

/** Departments and roles that the auth tests refer to; users need their department to exist first. */
export async function seedOrganisation(db: TestDatabase): Promise<void> {
  const em = db.em.fork();
  em.create(Department, { key: 'sales', label: { en: 'Sales', 'zh-CN': '销售部' }, position: 1 });
  em.create(Department, { key: 'finance', label: { en: 'Finance', 'zh-CN': '财务部' }, position: 2 });
  em.create(Role, { key: 'employee', label: { en: 'Employee', 'zh-CN': '员工' }, position: 1 });
  em.create(Role, { key: 'manager', label: { en: 'Manager', 'zh-CN': '经理' }, position: 2 });
  await em.flush();
}

export interface UserSpec {
  readonly password?: string;
  readonly department?: string;
  readonly roles?: string[];
  readonly isAdmin?: boolean;
  readonly active?: boolean;
}

/** Inserts a user directly (not through the service under test) and returns them as an Actor. */
export async function insertUser(db: TestDatabase, username: string, spec: UserSpec = {}): Promise<Actor> {
  const em = db.em.fork();
  const user = em.create(User, {
    username,
    displayName: username,
    passwordHash: spec.password === undefined ? null : await hashPassword(spec.password),
    department: spec.department ?? 'sales',
    roles: spec.roles ?? ['employee'],
    isAdmin: spec.isAdmin ?? false,
    active: spec.active ?? true,
  });
  await em.flush();
  return { id: user.id, username: user.username, roles: user.roles, department: spec.department ?? 'sales', isAdmin: user.isAdmin };
}

/** The error a promise rejects with; fails the test when it resolves. */
export function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string; extensions: Record<string, unknown> }> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: { code: string; message: string; extensions: Record<string, unknown> }) => error,
  );
}
