import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { User } from './user.entity.js';

export const apiTokenKinds = ['personal', 'service', 'session'] as const;
export type ApiTokenKind = (typeof apiTokenKinds)[number];

/**
 * A bearer token. Only its hash is stored, so a database leak does not leak usable tokens;
 * `prefix` (its first 8 characters) lets a user tell their tokens apart.
 */
export const ApiToken = defineEntity({
  name: 'ApiToken',
  tableName: 'api_tokens',
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    user: () => p.manyToOne(User).ref(),
    name: p.text(),
    kind: p.enum([...apiTokenKinds]),
    tokenHash: p.text().unique().hidden(),
    prefix: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()).defaultRaw('now()'),
    expiresAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  }),
});

export type ApiToken = InferEntity<typeof ApiToken>;
