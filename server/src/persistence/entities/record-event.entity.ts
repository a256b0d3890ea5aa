import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ProcedureRecord } from './record.entity.js';
import { User } from './user.entity.js';

/** What changed in one field: `{ [field]: { from, to } }`. */
export type FieldChanges = Readonly<Record<string, { readonly from: unknown; readonly to: unknown }>>;

/**
 * One entry of a record's history. Append-only: the trigger `record_events_append_only` refuses
 * UPDATE and DELETE, so the history is what happened even if application code is wrong.
 * `seq` numbers a record's events from 1; (record, seq) is unique.
 * `type` is open-ended (created, updated, transitioned, approval-decided, commented, …).
 */
export const RecordEvent = defineEntity({
  name: 'RecordEvent',
  tableName: 'record_events',
  properties: (p) => ({
    // A bigint read as a JS number: 2^53 events is beyond any deployment, and numbers sort and
    // compare without surprises.
    id: p.bigint('number').primary().autoincrement(),
    record: () => p.manyToOne(ProcedureRecord).ref(),
    seq: p.integer(),
    type: p.text(),
    at: p.datetime().onCreate(() => new Date()).defaultRaw('now()'),
    // Deleting a user must not rewrite history (set null would be an UPDATE the trigger refuses).
    actor: () => p.manyToOne(User).ref().nullable().deleteRule('no action'),
    fromStage: p.text().nullable(),
    toStage: p.text().nullable(),
    changes: p.json<FieldChanges>().nullable(),
    comment: p.text().nullable(),
    data: p.json<Readonly<Record<string, unknown>>>().nullable(),
  }),
  uniques: [{ name: 'record_events_record_id_seq_unique', properties: ['record', 'seq'] }],
});

export type RecordEvent = InferEntity<typeof RecordEvent>;
