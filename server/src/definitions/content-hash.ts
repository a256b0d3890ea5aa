import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

/** A hash of a definition's content, independent of key order and formatting. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(stringify(value) ?? 'null').digest('hex');
}
