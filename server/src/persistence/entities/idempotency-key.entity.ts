import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ProcedureRecord } from './record.entity.js';
import { User } from './user.entity.js';

/**
 * The first result of a command sent with an idempotency key, so that a retry returns it instead
 * of acting twice. Keys are scoped to the actor: two users cannot collide on, or read, each
 * other's keys.
 */
export const IdempotencyKey = defineEntity({
  name: 'IdempotencyKey',
  tableName: 'idempotency_keys',
  properties: (p) => ({
    actor: () => p.manyToOne(User).ref().primary(),
    key: p.text().primary(),
    command: p.text(),
    record: () => p.manyToOne(ProcedureRecord).ref().nullable(),
    result: p.json<unknown>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()).defaultRaw('now()'),
  }),
  primaryKeys: ['actor', 'key'],
});

export type IdempotencyKey = InferEntity<typeof IdempotencyKey>;
