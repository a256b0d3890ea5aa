import type { Actor } from '../engine/engine.types.js';
import { DomainError, type LocalizedFieldError } from '../errors/domain-errors.js';
import type { Database } from '../persistence/database.js';
import { ApiToken, type ApiTokenKind } from '../persistence/entities/api-token.entity.js';
import { User } from '../persistence/entities/user.entity.js';
import { issueToken } from './api-token.js';
import { isUuid } from './auth-users.service.js';

export const MAX_TOKEN_NAME_LENGTH = 100;
export const MAX_TOKEN_DAYS = 3650;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CreateApiTokenInput {
  readonly name: string;
  /** Another user than the caller: administrators only, and only for a service account. */
  readonly userId?: string | null;
  /** Absent: the token does not expire. */
  readonly expiresInDays?: number | null;
}

export interface CreatedApiToken {
  /** The token itself: shown this once, only its hash is kept. */
  readonly token: string;
  readonly id: string;
  readonly name: string;
  readonly kind: ApiTokenKind;
  readonly prefix: string;
  readonly expiresAt: Date | null;
}

/** A token as its owner sees it in a list: never the token nor its hash. */
export interface ApiTokenSummary {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly kind: ApiTokenKind;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

export interface ListApiTokensOptions {
  /** Another user's tokens: administrators only. */
  readonly userId?: string;
  /** Sign-in sessions too (default: only personal and service tokens). */
  readonly includeSessions?: boolean;
}

/**
 * Creates an API token: a personal one for the caller, or — for an administrator naming a
 * service account (a user without a password) — a service token for that account. FORBIDDEN
 * when a non-administrator names another user; VALIDATION_FAILED (all problems at once) for a
 * bad name, lifetime or target user.
 */
export async function createApiToken(db: Pick<Database, 'em'>, actor: Actor, input: CreateApiTokenInput, now: Date): Promise<CreatedApiToken> {
  const forOther = input.userId != null && input.userId !== actor.id;
  if (forOther && !actor.isAdmin) throw DomainError.forbidden('Only administrators can create tokens for another user.');
  const em = db.em.fork();
  const owner = await em.findOne(User, { id: forOther && isUuid(input.userId!) ? input.userId! : actor.id });
  if (!forOther && !owner?.active) throw DomainError.forbidden('Your account is not active.');
  const name = input.name.trim();
  const errors = [...nameErrors(name), ...lifetimeErrors(input.expiresInDays), ...ownerErrors(owner, forOther)];
  if (errors.length > 0) throw DomainError.validationFailed(errors);
  const kind: ApiTokenKind = forOther ? 'service' : 'personal';
  const issued = issueToken(kind);
  const expiresAt = input.expiresInDays == null ? null : new Date(now.getTime() + input.expiresInDays * DAY_MS);
  const row = em.create(ApiToken, { user: owner!, name, kind, tokenHash: issued.tokenHash, prefix: issued.prefix, createdAt: now, expiresAt });
  await em.flush();
  return { token: issued.token, id: row.id, name, kind, prefix: issued.prefix, expiresAt };
}

/**
 * Revokes a token from now on (idempotent: a revoked token keeps its first revocation time).
 * Callers revoke their own tokens, administrators anyone's; any other id is NOT_FOUND, so that
 * nobody learns which ids exist.
 */
export async function revokeApiToken(db: Pick<Database, 'em'>, actor: Actor, id: string, now: Date): Promise<ApiTokenSummary> {
  const em = db.em.fork();
  const row = isUuid(id) ? await em.findOne(ApiToken, { id }) : null;
  if (!row || (!actor.isAdmin && row.user.id !== actor.id)) throw DomainError.notFound('The token');
  if (!row.revokedAt) {
    row.revokedAt = now;
    await em.flush();
  }
  return toSummary(row);
}

/** The caller's tokens (or, for an administrator, another user's), newest first. */
export async function listApiTokens(db: Pick<Database, 'em'>, actor: Actor, options: ListApiTokensOptions = {}): Promise<ApiTokenSummary[]> {
  const userId = options.userId ?? actor.id;
  if (userId !== actor.id && !actor.isAdmin) throw DomainError.forbidden("Only administrators can list another user's tokens.");
  if (!isUuid(userId)) return [];
  const kinds: ApiTokenKind[] = options.includeSessions ? ['personal', 'service', 'session'] : ['personal', 'service'];
  const rows = await db.em.fork().find(ApiToken, { user: userId, kind: { $in: kinds } }, { orderBy: { createdAt: 'desc', id: 'asc' } });
  return rows.map(toSummary);
}

function toSummary(row: ApiToken): ApiTokenSummary {
  return {
    id: row.id,
    userId: row.user.id,
    name: row.name,
    kind: row.kind,
    prefix: row.prefix,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt ?? null,
    lastUsedAt: row.lastUsedAt ?? null,
    revokedAt: row.revokedAt ?? null,
  };
}

function nameErrors(name: string): LocalizedFieldError[] {
  if (name.length >= 1 && name.length <= MAX_TOKEN_NAME_LENGTH) return [];
  return [
    {
      path: 'name',
      message: {
        en: `A token needs a name of 1 to ${MAX_TOKEN_NAME_LENGTH} characters that says what uses it (for example "CI pipeline").`,
        'zh-CN': `令牌需要一个 1 到 ${MAX_TOKEN_NAME_LENGTH} 个字符的名称，说明其用途（例如“CI 流水线”）。`,
      },
    },
  ];
}

function lifetimeErrors(days: number | null | undefined): LocalizedFieldError[] {
  if (days == null || (Number.isInteger(days) && days >= 1 && days <= MAX_TOKEN_DAYS)) return [];
  return [
    {
      path: 'expiresInDays',
      message: {
        en: `A token lives a whole number of days from 1 to ${MAX_TOKEN_DAYS}; leave it out for a token that does not expire.`,
        'zh-CN': `令牌有效期须为 1 到 ${MAX_TOKEN_DAYS} 之间的整数天；不填则永不过期。`,
      },
    },
  ];
}

function ownerErrors(owner: User | null, forOther: boolean): LocalizedFieldError[] {
  if (!forOther) return [];
  if (!owner?.active) {
    return [{ path: 'userId', message: { en: 'No active user has this id.', 'zh-CN': '没有此 ID 的有效用户。' } }];
  }
  if (owner.passwordHash != null) {
    return [
      {
        path: 'userId',
        message: {
          en: 'Tokens for another user are for service accounts (users without a password); a person creates their own tokens.',
          'zh-CN': '只能为服务账户（没有密码的用户）创建令牌；个人用户须自行创建令牌。',
        },
      },
    ];
  }
  return [];
}
