import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * An effect to run after the transaction that decided it has committed (notifications, events
 * for subscribers). Written in the same transaction as the change, so it is never lost nor sent
 * for a change that rolled back. Unprocessed messages are found through a partial index.
 */
export const OutboxMessage = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox_messages',
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(),
    topic: p.text(),
    payload: p.json<unknown>(),
    createdAt: p.datetime().onCreate(() => new Date()).defaultRaw('now()'),
    availableAt: p.datetime().onCreate(() => new Date()).defaultRaw('now()'),
    attempts: p.integer().default(0),
    processedAt: p.datetime().nullable(),
    lastError: p.text().nullable(),
  }),
  indexes: [
    {
      name: 'outbox_messages_pending_index',
      expression: 'create index "outbox_messages_pending_index" on "outbox_messages" ("available_at") where "processed_at" is null',
    },
  ],
});

export type OutboxMessage = InferEntity<typeof OutboxMessage>;
