import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Department } from './department.entity.js';

/**
 * A person or a service account. Usernames are stored lower-case and a unique index on
 * `lower(username)` keeps them unique whatever the case of a raw insert.
 */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    username: p.text(),
    // Service users authenticate with tokens only.
    passwordHash: p.text().nullable(),
    displayName: p.text(),
    department: () => p.manyToOne(Department).ref().nullable(),
    // Role keys rather than a join table: roles are few, read on every request, and come from
    // the organisation file, which is the source of truth for them.
    roles: p.array().columnType('text[]').defaultRaw(`'{}'`),
    isAdmin: p.boolean().default(false),
    active: p.boolean().default(true),
    locale: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()).defaultRaw('now()'),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()).defaultRaw('now()'),
  }),
  indexes: [{ name: 'users_username_lower_unique', expression: 'create unique index "users_username_lower_unique" on "users" (lower("username"))' }],
  hooks: {
    beforeCreate: [lowerCaseUsername],
    beforeUpdate: [lowerCaseUsername],
  },
});

function lowerCaseUsername({ entity }: { entity: { username: string } }): void {
  entity.username = entity.username.toLowerCase();
}

export type User = InferEntity<typeof User>;
