import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ProcedureRecord } from './record.entity.js';
import { User } from './user.entity.js';

export const Comment = defineEntity({
  name: 'Comment',
  tableName: 'comments',
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    record: () => p.manyToOne(ProcedureRecord).ref(),
    author: () => p.manyToOne(User).ref(),
    body: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()).defaultRaw('now()'),
  }),
});

export type Comment = InferEntity<typeof Comment>;
