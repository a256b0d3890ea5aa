import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { login } from '../../../server/src/services/auth.service.js';
import { verifyPassword } from '../../../server/src/services/password.js';
import type * as Password from '../../../server/src/services/password.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { errorOf, insertUser, seedOrganisation } from './auth-organisation.js';

// Counts argon2 verifications while keeping the real ones.
vi.mock('../../../server/src/services/password.js', async (importOriginal) => {
  const real = await importOriginal<typeof Password>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedOrganisation(db);
  await insertUser(db, 'alice', { password: 'correct horse battery' });
  await insertUser(db, 'robot', {});
});
afterAll(async () => {
  await db?.drop();
});

describe('login without user enumeration', () => {
  it.each([
    ['an unknown user', 'nobody'],
    ['a service account without a password', 'robot'],
    ['a known user with a wrong password', 'alice'],
  ])('verifies one real argon2 hash for %s', async (_case, username) => {
    vi.mocked(verifyPassword).mockClear();
    const error = await errorOf(login(db, username, 'some password', new Date('2026-11-27T09:00:00Z')));
    expect(error.message).toBe('Wrong username or password.');
    expect(verifyPassword).toHaveBeenCalledTimes(1);
    const [hash] = vi.mocked(verifyPassword).mock.calls[0]!;
    expect(hash).toMatch(/^\$argon2id\$/);
  });
});
