import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Label } from '../definitions/definition.types.js';
import type { Actor } from '../engine/engine.types.js';
import { DomainError, type LocalizedFieldError } from '../errors/domain-errors.js';
import type { Database } from '../persistence/database.js';
import { Department } from '../persistence/entities/department.entity.js';
import { Role } from '../persistence/entities/role.entity.js';
import { User } from '../persistence/entities/user.entity.js';
import { hashPassword } from './password.js';

/** A user as services hand it out: never the password hash. */
export interface UserProfile {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly department: string | null;
  readonly roles: readonly string[];
  readonly isAdmin: boolean;
  readonly active: boolean;
  readonly locale: string | null;
  /** Service accounts have no password and sign in with tokens only. */
  readonly hasPassword: boolean;
}

export interface CreateUserInput {
  readonly username: string;
  /** Absent for a service account. */
  readonly password?: string | null;
  readonly displayName: string;
  readonly department?: string | null;
  readonly roles?: readonly string[] | null;
  readonly isAdmin?: boolean | null;
}

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;
export const MIN_PASSWORD_LENGTH = 10;
// argon2 accepts any length; the cap only keeps a request from making the server hash megabytes.
const MAX_PASSWORD_LENGTH = 1024;
const MAX_DISPLAY_NAME_LENGTH = 200;

export function toUserProfile(user: User): UserProfile {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    department: user.department?.key ?? null,
    roles: [...user.roles],
    isAdmin: user.isAdmin,
    active: user.active,
    locale: user.locale ?? null,
    hasPassword: user.passwordHash != null,
  };
}

/**
 * Creates a user; administrators only (FORBIDDEN otherwise). Every problem of the input is
 * reported at once as VALIDATION_FAILED with one field error per problem.
 */
export async function createUser(db: Pick<Database, 'em'>, actor: Actor, input: CreateUserInput): Promise<UserProfile> {
  requireAdmin(actor, 'Only administrators can create users.');
  const em = db.em.fork();
  const username = input.username.toLowerCase();
  const roles = input.roles ?? [];
  const errors = [
    ...(await usernameErrors(em, username)),
    ...passwordErrors(input.password),
    ...displayNameErrors(input.displayName),
    ...(await departmentErrors(em, input.department)),
    ...(await roleErrors(em, roles)),
  ];
  if (errors.length > 0) throw DomainError.validationFailed(errors);
  const user = em.create(User, {
    username,
    passwordHash: input.password == null ? null : await hashPassword(input.password),
    displayName: input.displayName.trim(),
    department: input.department ?? null,
    roles: [...new Set(roles)],
    isAdmin: input.isAdmin ?? false,
  });
  try {
    await em.flush();
  } catch (error) {
    // Two requests for the same new name at once: the unique index decides, the loser hears why.
    if (error instanceof UniqueConstraintViolationException) throw DomainError.validationFailed([usernameTaken(username)]);
    throw error;
  }
  return toUserProfile(user);
}

export interface UpdateUserInput {
  readonly displayName?: string | null;
  /** null removes the user from their department. */
  readonly department?: string | null;
  readonly roles?: readonly string[] | null;
  readonly isAdmin?: boolean | null;
  readonly active?: boolean | null;
  /** A new password; null leaves it as it is. */
  readonly password?: string | null;
}

/**
 * Changes a user's profile (department, roles, admin, active, display name, password);
 * administrators only. Fields left out stay as they are. Every problem at once as VALIDATION_FAILED.
 * An administrator cannot take away their own administration or deactivate themselves.
 */
export async function updateUser(db: Pick<Database, 'em'>, actor: Actor, userId: string, input: UpdateUserInput): Promise<UserProfile> {
  requireAdmin(actor, 'Only administrators can change users.');
  const em = db.em.fork();
  const user = isUuid(userId) ? await em.findOne(User, { id: userId }) : null;
  if (!user) throw DomainError.notFound(`User ${userId}`);
  const errors = [
    ...(input.password != null ? passwordErrors(input.password) : []),
    ...(input.displayName != null ? displayNameErrors(input.displayName) : []),
    ...(input.department !== undefined ? await departmentErrors(em, input.department) : []),
    ...(input.roles != null ? await roleErrors(em, input.roles) : []),
  ];
  if (user.id === actor.id && (input.isAdmin === false || input.active === false)) {
    errors.push({ path: input.isAdmin === false ? 'isAdmin' : 'active', message: label('You cannot lock yourself out: ask another administrator.', '不能锁定自己的账户：请联系其他管理员。') });
  }
  if (errors.length > 0) throw DomainError.validationFailed(errors);
  em.assign(user, {
    ...(input.displayName != null ? { displayName: input.displayName.trim() } : {}),
    ...(input.department !== undefined ? { department: input.department } : {}),
    ...(input.roles != null ? { roles: [...new Set(input.roles)] } : {}),
    ...(input.isAdmin != null ? { isAdmin: input.isAdmin } : {}),
    ...(input.active != null ? { active: input.active } : {}),
    ...(input.password != null ? { passwordHash: await hashPassword(input.password) } : {}),
  });
  await em.flush();
  return toUserProfile(user);
}

/**
 * Makes a user the manager of a department (the approver of "department manager" gates), or
 * clears it with null. Administrators only; NOT_FOUND for an unknown department, VALIDATION_FAILED
 * for a user who does not exist or is not active.
 */
export async function setDepartmentManager(
  db: Pick<Database, 'em'>,
  actor: Actor,
  departmentKey: string,
  userId: string | null,
): Promise<{ readonly department: string; readonly manager: string | null }> {
  requireAdmin(actor, 'Only administrators can appoint department managers.');
  return db.em.transactional(async (tx) => {
    const department = await tx.findOne(Department, { key: departmentKey });
    if (!department) throw DomainError.notFound(`The department "${departmentKey}"`);
    if (userId !== null) {
      const user = isUuid(userId) ? await tx.findOne(User, { id: userId }) : null;
      if (!user?.active) {
        throw DomainError.validationFailed([
          { path: 'userId', message: label('No active user has this id: choose an existing, active user.', '没有此 ID 的有效用户：请选择一个存在且已启用的用户。') },
        ]);
      }
    }
    tx.assign(department, { manager: userId });
    return { department: department.key, manager: userId };
  });
}

function requireAdmin(actor: Actor, message: string): void {
  if (!actor.isAdmin) throw DomainError.forbidden(message);
}

async function usernameErrors(em: EntityManager, username: string): Promise<LocalizedFieldError[]> {
  if (!USERNAME_PATTERN.test(username)) {
    return [
      {
        path: 'username',
        message: label(
          'A username has 3 to 64 characters: letters a–z, digits, dots, hyphens and underscores.',
          '用户名须为 3 到 64 个字符，只能包含字母 a–z、数字、点、连字符和下划线。',
        ),
      },
    ];
  }
  return (await em.count(User, { username })) > 0 ? [usernameTaken(username)] : [];
}

function usernameTaken(username: string): LocalizedFieldError {
  return {
    path: 'username',
    message: label(`The username "${username}" is already taken: choose another one.`, `用户名“${username}”已被占用：请换一个。`),
  };
}

function passwordErrors(password: string | null | undefined): LocalizedFieldError[] {
  if (password == null) return [];
  if (password.length < MIN_PASSWORD_LENGTH) {
    return [
      {
        path: 'password',
        message: label(
          `A password needs at least ${MIN_PASSWORD_LENGTH} characters; leave it out for a service account that signs in with tokens only.`,
          `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符；仅用令牌登录的服务账户可以不设密码。`,
        ),
      },
    ];
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return [{ path: 'password', message: label(`A password has at most ${MAX_PASSWORD_LENGTH} characters.`, `密码最多 ${MAX_PASSWORD_LENGTH} 个字符。`) }];
  }
  return [];
}

function displayNameErrors(displayName: string): LocalizedFieldError[] {
  const length = displayName.trim().length;
  if (length >= 1 && length <= MAX_DISPLAY_NAME_LENGTH) return [];
  return [
    {
      path: 'displayName',
      message: label(`A display name is required, at most ${MAX_DISPLAY_NAME_LENGTH} characters.`, `显示名称为必填项，最多 ${MAX_DISPLAY_NAME_LENGTH} 个字符。`),
    },
  ];
}

async function departmentErrors(em: EntityManager, department: string | null | undefined): Promise<LocalizedFieldError[]> {
  if (department == null || (await em.count(Department, { key: department })) > 0) return [];
  return [
    {
      path: 'department',
      message: label(`There is no department "${department}": choose one of the organisation's departments.`, `不存在部门“${department}”：请选择组织中的一个部门。`),
    },
  ];
}

async function roleErrors(em: EntityManager, roles: readonly string[]): Promise<LocalizedFieldError[]> {
  if (roles.length === 0) return [];
  const known = new Set((await em.find(Role, { key: { $in: [...roles] } }, { fields: ['key'] })).map((r) => r.key));
  return roles.flatMap((role, index) =>
    known.has(role)
      ? []
      : [{ path: `roles.${index}`, message: label(`There is no role "${role}": choose one of the organisation's roles.`, `不存在角色“${role}”：请选择组织中的一个角色。`) }],
  );
}

function label(en: string, zh: string): Label {
  return { en, 'zh-CN': zh };
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
