import { createHash, randomBytes } from 'node:crypto';
import type { ApiTokenKind } from '../persistence/entities/api-token.entity.js';

/**
 * Bearer tokens: `pdo_` + a letter for the kind + `_` + 32 random bytes in base64url. The
 * readable prefix tells a person (and a secret scanner) what a leaked string is; the random part
 * carries 256 bits, so it cannot be guessed.
 */
export const tokenPrefixes: Readonly<Record<ApiTokenKind, string>> = {
  session: 'pdo_s_',
  personal: 'pdo_p_',
  service: 'pdo_v_',
};

/** How many leading characters are stored in clear, to tell tokens apart in a list. */
export const DISPLAY_PREFIX_LENGTH = 10;

const TOKEN_PATTERN = /^pdo_[spv]_[A-Za-z0-9_-]{43}$/;

export interface IssuedToken {
  /** The token itself: shown once to its owner, never stored. */
  readonly token: string;
  readonly tokenHash: string;
  readonly prefix: string;
}

export function issueToken(kind: ApiTokenKind): IssuedToken {
  const token = tokenPrefixes[kind] + randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token), prefix: token.slice(0, DISPLAY_PREFIX_LENGTH) };
}

/**
 * SHA-256, hex. A fast hash is enough here, unlike for passwords: a token has 256 bits of
 * entropy, so nobody can brute-force it from its hash however fast the hash is, and a fast,
 * deterministic hash lets us find the token by a unique index instead of comparing candidates.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether a string has the shape of a Procedo token; a cheap check before any query. */
export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
