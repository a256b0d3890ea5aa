import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-codes.js';
import { Department } from '../persistence/entities/department.entity.js';
import { Role } from '../persistence/entities/role.entity.js';
import { User } from '../persistence/entities/user.entity.js';
import { hashPassword } from './password.js';

/** One demonstration user: a post of the shipped organisation. */
export interface DemoUser {
  readonly username: string;
  readonly displayName: string;
  readonly department: string;
  readonly roles: readonly string[];
  /** Made the manager of the department (when it has none yet). */
  readonly manages?: boolean;
}

/**
 * One user per department and post, so that someone new can sign in as a finance officer or an
 * HR manager and try every procedure. The same people as the procedures' scenario tests
 * (test/support/company.ts). Never created unless `procedo demo` is run.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'ceo', displayName: 'Chief executive', department: 'management', roles: ['executive'], manages: true },
  { username: 'cfo', displayName: 'Chief financial officer', department: 'management', roles: ['executive'] },
  { username: 'mia', displayName: 'Mia, market analyst', department: 'market', roles: ['employee', 'market-analyst'] },
  { username: 'max', displayName: 'Max, market manager', department: 'market', roles: ['employee', 'manager', 'reviewer'], manages: true },
  { username: 'rita', displayName: 'Rita, engineer', department: 'rnd', roles: ['employee', 'engineer'] },
  { username: 'raj', displayName: 'Raj, R&D manager', department: 'rnd', roles: ['employee', 'manager', 'reviewer'], manages: true },
  { username: 'tess', displayName: 'Tess, tester', department: 'rnd', roles: ['employee', 'tester'] },
  { username: 'pia', displayName: 'Pia, production planner', department: 'production', roles: ['employee', 'production-planner'] },
  { username: 'pete', displayName: 'Pete, production manager', department: 'production', roles: ['employee', 'manager', 'reviewer'], manages: true },
  { username: 'bob', displayName: 'Bob, buyer', department: 'production', roles: ['employee', 'buyer'] },
  { username: 'quinn', displayName: 'Quinn, quality inspector', department: 'production', roles: ['employee', 'quality-inspector'] },
  { username: 'wendy', displayName: 'Wendy, warehouse keeper', department: 'production', roles: ['employee', 'warehouse-keeper'] },
  { username: 'sam', displayName: 'Sam, salesperson', department: 'sales', roles: ['employee', 'salesperson'] },
  { username: 'sara', displayName: 'Sara, salesperson', department: 'sales', roles: ['employee', 'salesperson'] },
  { username: 'sal', displayName: 'Sal, sales manager', department: 'sales', roles: ['employee', 'manager'], manages: true },
  { username: 'cleo', displayName: 'Cleo, customer service agent', department: 'service', roles: ['employee', 'service-agent'] },
  { username: 'carl', displayName: 'Carl, customer service manager', department: 'service', roles: ['employee', 'manager'], manages: true },
  { username: 'fiona', displayName: 'Fiona, finance officer', department: 'finance', roles: ['employee', 'finance-officer'] },
  { username: 'fred', displayName: 'Fred, finance manager', department: 'finance', roles: ['employee', 'manager', 'reviewer'], manages: true },
  { username: 'hana', displayName: 'Hana, HR officer', department: 'hr', roles: ['employee', 'hr-officer'] },
  { username: 'hugo', displayName: 'Hugo, HR manager', department: 'hr', roles: ['employee', 'manager'], manages: true },
];

/** The documented password of a demonstration user. */
export const demoPassword = (username: string): string => `demo-${username}`;

export interface DemoUserRow {
  readonly username: string;
  readonly department: string;
  readonly roles: readonly string[];
  readonly password: string;
  /** `created` now, or `existing`: a user of that name was there and was left untouched. */
  readonly status: 'created' | 'existing';
  readonly manager: boolean;
}

export interface DemoReport {
  readonly users: readonly DemoUserRow[];
  readonly created: number;
  /** Departments whose manager was set now. */
  readonly managersSet: readonly string[];
}

/**
 * Creates the demonstration users that do not exist yet (by username; an existing user keeps
 * its password, roles and department) and makes the managers manage their department where it
 * has no manager. Requires the organisation to be imported: its departments and roles must exist.
 * Runs in one transaction: on any error, nothing is written.
 */
export async function createDemoUsers(em: EntityManager, users: readonly DemoUser[] = DEMO_USERS): Promise<DemoReport> {
  return em.fork().transactional(async (tx) => {
    const departments = new Map((await tx.find(Department, {}, { populate: ['manager'] })).map((d) => [d.key, d]));
    const roles = new Set((await tx.find(Role, {})).map((r) => r.key));
    if (departments.size === 0) {
      throw new AppError(ErrorCode.BAD_REQUEST, 'No organisation has been imported: run `npx procedo import` first, then `npm run demo`.');
    }
    const missing = [
      ...new Set(users.flatMap((u) => [...(departments.has(u.department) ? [] : [`department "${u.department}"`]), ...u.roles.filter((r) => !roles.has(r)).map((r) => `role "${r}"`)])),
    ];
    if (missing.length > 0) {
      throw new AppError(ErrorCode.BAD_REQUEST, `The imported organisation lacks ${missing.join(', ')}: import the shipped definitions (npx procedo import) first.`);
    }

    const existing = new Map((await tx.find(User, { username: { $in: users.map((u) => u.username) } }, { populate: ['department'] })).map((u) => [u.username, u]));
    const rows: DemoUserRow[] = [];
    const managersSet: string[] = [];
    let created = 0;
    for (const demo of users) {
      const found = existing.get(demo.username);
      const status = found ? 'existing' : 'created';
      const user: User =
        found ??
        tx.create(User, {
          username: demo.username,
          displayName: demo.displayName,
          passwordHash: await hashPassword(demoPassword(demo.username)),
          department: demo.department,
          roles: [...demo.roles],
          isAdmin: false,
        });
      if (!found) created += 1;
      const department = departments.get(demo.department)!;
      let manager = status === 'existing' && department.manager?.id === user.id;
      if (demo.manages && !department.manager) {
        tx.assign(department, { manager: user });
        managersSet.push(demo.department);
        manager = true;
      }
      rows.push({
        username: demo.username,
        department: demo.department,
        roles: demo.roles,
        password: demoPassword(demo.username),
        status,
        manager,
      });
    }
    await tx.flush();
    return { users: rows, created, managersSet };
  });
}

/** The report as a plain-text table: username, department, roles, password, status. */
export function formatDemoReport(report: DemoReport): string {
  const header = ['username', 'department', 'roles', 'password', 'status'];
  const lines = report.users.map((u) => [u.username, u.department, [...u.roles, ...(u.manager ? ['(department manager)'] : [])].join(', '), u.password, u.status]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
}
