import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are hashed with argon2id (@node-rs/argon2's default algorithm) and its default
 * cost, which OWASP lists as a safe minimum; the parameters are stored in the hash itself.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/** 18 random bytes, base64url: 24 characters that survive copying from a terminal. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
