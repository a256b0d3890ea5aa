import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../../server/src/persistence/entities/user.entity.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function createUser(username: string): Promise<User> {
  const em = db.em.fork();
  const user = em.create(User, { username, displayName: username });
  await em.flush();
  return user;
}

describe('usernames', () => {
  it('are stored lower-case, on create and on rename', async () => {
    const erin = await createUser('Erin.Wu');
    expect((await db.em.fork().findOneOrFail(User, erin.id)).username).toBe('erin.wu');

    const em = db.em.fork();
    const renamed = await em.findOneOrFail(User, erin.id);
    renamed.username = 'Erin.Li';
    await em.flush();
    expect((await db.em.fork().findOneOrFail(User, erin.id)).username).toBe('erin.li');
  });

  it('are unique whatever their case', async () => {
    await createUser('frank');

    const again = createUser('FRANK');
    await expect(again).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    await expect(again).rejects.toThrow(/users_username_lower_unique/);
    expect(await db.em.fork().count(User, { username: 'frank' })).toBe(1);
  });

  it('are unique whatever their case even for a raw insert that skips the ORM', async () => {
    await createUser('grace');
    await expect(
      db.em.getConnection().execute(`insert into users (id, username, display_name) values (gen_random_uuid(), 'GrAcE', 'Grace')`),
    ).rejects.toThrow(/users_username_lower_unique/);
  });
});
