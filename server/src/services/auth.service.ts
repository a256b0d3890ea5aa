import { randomBytes } from 'node:crypto';
import type { Actor } from '../engine/engine.types.js';
import { AppError } from '../errors/app-error.js';
import { DomainError } from '../errors/domain-errors.js';
import { ErrorCode } from '../errors/error-codes.js';
import type { Database } from '../persistence/database.js';
import { ApiToken, type ApiTokenKind } from '../persistence/entities/api-token.entity.js';
import { User } from '../persistence/entities/user.entity.js';
import { hashToken, issueToken, looksLikeToken } from './api-token.js';
import { toUserProfile, type UserProfile } from './auth-users.service.js';
import { hashPassword, verifyPassword } from './password.js';

export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** `lastUsedAt` is a hint for people reviewing their tokens: minute precision saves a write per request. */
export const LAST_USED_RESOLUTION_MS = 60 * 1000;

export const AuthMessage = {
  wrongCredentials: 'Wrong username or password.',
  missingToken: 'You are not signed in: send a token in the Authorization header ("Bearer <token>").',
  invalidToken: 'The token is not valid.',
  sessionExpired: 'Your session has expired: sign in again.',
  sessionEnded: 'This session was ended by signing out: sign in again.',
  tokenRevoked: 'This token was revoked.',
  inactiveUser: 'Your account is not active: ask an administrator to reactivate it.',
} as const;

export interface LoginResult {
  /** The session token, shown once; send it as `Authorization: Bearer <token>`. */
  readonly token: string;
  readonly user: UserProfile;
  readonly expiresAt: Date;
}

export interface LoginOptions {
  readonly sessionTtlMs?: number;
}

/** Who a request acts as, and through which token. */
export interface Authentication {
  readonly actor: Actor;
  readonly locale: string | null;
  readonly tokenId: string;
  readonly tokenKind: ApiTokenKind;
}

/**
 * Signs a user in with a password and opens a session. Every failure — unknown user, inactive
 * user, service account without a password, wrong password — throws the same UNAUTHENTICATED
 * error after the same argon2 work, so that neither the answer nor its timing tells whether a
 * username exists.
 */
export async function login(
  db: Pick<Database, 'em'>,
  username: string,
  password: string,
  now: Date,
  options: LoginOptions = {},
): Promise<LoginResult> {
  const em = db.em.fork();
  const user = await em.findOne(User, { username: username.toLowerCase() });
  const passwordHash = user?.passwordHash ?? (await dummyPasswordHash());
  const matches = await verifyPassword(passwordHash, password);
  if (!user?.passwordHash || !matches || !user.active) throw unauthenticated(AuthMessage.wrongCredentials);
  const issued = issueToken('session');
  const expiresAt = new Date(now.getTime() + (options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS));
  em.create(ApiToken, { user, name: 'Sign-in session', kind: 'session', tokenHash: issued.tokenHash, prefix: issued.prefix, createdAt: now, expiresAt });
  await em.flush();
  return { token: issued.token, user: toUserProfile(user), expiresAt };
}

/**
 * Ends the session of `token` (idempotent). UNAUTHENTICATED for a token that is not valid;
 * BAD_REQUEST for an API token, which is revoked with `revokeApiToken` instead.
 */
export async function logout(db: Pick<Database, 'em'>, token: string, now: Date): Promise<void> {
  const em = db.em.fork();
  const row = looksLikeToken(token) ? await em.findOne(ApiToken, { tokenHash: hashToken(token) }) : null;
  if (!row) throw unauthenticated(AuthMessage.invalidToken);
  if (row.kind !== 'session') throw DomainError.badRequest('Signing out ends a session; revoke an API token from your token list instead.');
  if (row.revokedAt) return;
  row.revokedAt = now;
  await em.flush();
}

/**
 * The user a bearer token acts as. Throws UNAUTHENTICATED with the reason in the user's terms
 * when the token is missing, revoked, expired or its user inactive — except that a token the
 * server does not know only ever gets "not valid". Records `lastUsedAt` at most once a minute.
 */
export async function authenticate(db: Pick<Database, 'em'>, bearerToken: string | null | undefined, now: Date): Promise<Authentication> {
  if (!bearerToken) throw unauthenticated(AuthMessage.missingToken);
  if (!looksLikeToken(bearerToken)) throw unauthenticated(AuthMessage.invalidToken);
  // On every request: one plain statement rather than an ORM load of the token and its user.
  const [row] = await db.em.getConnection().execute<TokenRow[]>(
    `select t.id, t.kind, t.expires_at, t.last_used_at, t.revoked_at,
            u.id as user_id, u.username, u.roles, u.department_key, u.is_admin, u.active, u.locale
       from api_tokens t join users u on u.id = t.user_id
      where t.token_hash = ?`,
    [hashToken(bearerToken)],
  );
  if (!row) throw unauthenticated(AuthMessage.invalidToken);
  const session = row.kind === 'session';
  if (row.revoked_at) throw unauthenticated(session ? AuthMessage.sessionEnded : AuthMessage.tokenRevoked);
  const expiresAt = row.expires_at ? new Date(row.expires_at) : null;
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw unauthenticated(session ? AuthMessage.sessionExpired : `This token expired on ${expiresAt.toISOString()}: create a new one.`);
  }
  if (!row.active) throw unauthenticated(AuthMessage.inactiveUser);
  await touch(db, row.id, row.last_used_at ? new Date(row.last_used_at) : null, now);
  return {
    actor: { id: row.user_id, username: row.username, roles: [...row.roles], department: row.department_key, isAdmin: row.is_admin },
    locale: row.locale,
    tokenId: row.id,
    tokenKind: row.kind,
  };
}

interface TokenRow {
  readonly id: string;
  readonly kind: ApiToken['kind'];
  readonly expires_at: Date | string | null;
  readonly last_used_at: Date | string | null;
  readonly revoked_at: Date | string | null;
  readonly user_id: string;
  readonly username: string;
  readonly roles: string[];
  readonly department_key: string | null;
  readonly is_admin: boolean;
  readonly active: boolean;
  readonly locale: string | null;
}

/**
 * Sets `lastUsedAt` unless it was set less than a minute ago. The condition sits in the UPDATE
 * itself, so concurrent requests on several replicas write at most once per minute between them.
 */
async function touch(db: Pick<Database, 'em'>, tokenId: string, lastUsedAt: Date | null, now: Date): Promise<void> {
  if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  await db.em.fork().nativeUpdate(ApiToken, { id: tokenId, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lte: staleBefore } }] }, { lastUsedAt: now });
}

function unauthenticated(message: string): AppError {
  return new AppError(ErrorCode.UNAUTHENTICATED, message);
}

let dummyHash: Promise<string> | undefined;

/** A real argon2 hash of a random secret, so that a login for nobody costs what a real one does. */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummyHash;
}
