import type { RequestContext, UserSummary } from '../api/context.js';

/** A user by id, loaded at most once per request (records repeat the same people). */
export function loadUser(ctx: RequestContext, id: string | null | undefined): Promise<UserSummary | null> {
  if (!id) return Promise.resolve(null);
  let user = ctx.users.get(id);
  if (!user) {
    user = ctx.db.em
      .fork()
      .getConnection()
      .execute<Record<string, unknown>[]>('select id, username, display_name, department_key, roles, is_admin, active from users where id = ?', [id])
      .then(([row]) => (row ? toUserSummary(row) : null));
    ctx.users.set(id, user);
  }
  return user;
}

export function toUserSummary(row: Record<string, unknown>): UserSummary {
  return {
    id: String(row.id),
    username: String(row.username),
    displayName: String(row.display_name),
    department: (row.department_key as string | null) ?? null,
    roles: (row.roles as string[] | null) ?? [],
    isAdmin: Boolean(row.is_admin),
    active: Boolean(row.active),
  };
}

const serviceAccountsByRequest = new WeakMap<RequestContext, Promise<ReadonlySet<string>>>();

/**
 * Whether a user is a service account (no password: signs in with tokens only). One query per
 * request answers it for every user the request shows.
 */
export async function isServiceAccount(ctx: RequestContext, id: string): Promise<boolean> {
  let ids = serviceAccountsByRequest.get(ctx);
  if (!ids) {
    ids = ctx.db.em
      .fork()
      .getConnection()
      .execute<Record<string, unknown>[]>('select id from users where password_hash is null')
      .then((rows) => new Set(rows.map((r) => String(r.id))));
    serviceAccountsByRequest.set(ctx, ids);
  }
  return (await ids).has(id);
}
