import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../persistence/entities/user.entity.js';
import { generatePassword, hashPassword } from './password.js';

export const FIRST_ADMIN_USERNAME = 'admin';
const FIRST_ADMIN_LOCK_ID = 4_170_226_339;

export type FirstAdminResult =
  | { readonly created: false }
  | { readonly created: true; readonly username: string; readonly generatedPassword: string | undefined };

/**
 * Creates the first administrator when no administrator exists yet: with `password` when given,
 * else with a generated one that the caller prints once (only its hash is stored). Does nothing
 * on every later start, so a changed ADMIN_PASSWORD never overwrites a password in use.
 */
export async function ensureFirstAdmin(em: EntityManager, password: string | undefined): Promise<FirstAdminResult> {
  return em.transactional(async (tx) => {
    // Two processes starting at once on one PostgreSQL must not both create the administrator.
    await tx.getConnection().execute(`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK_ID})`, [], 'run', tx.getTransactionContext());
    if ((await tx.count(User, { isAdmin: true })) > 0) return { created: false };
    const generatedPassword = password === undefined ? generatePassword() : undefined;
    tx.create(User, {
      username: FIRST_ADMIN_USERNAME,
      displayName: 'Administrator',
      passwordHash: await hashPassword(password ?? generatedPassword!),
      isAdmin: true,
      roles: [],
      department: null,
    });
    return { created: true, username: FIRST_ADMIN_USERNAME, generatedPassword };
  });
}
