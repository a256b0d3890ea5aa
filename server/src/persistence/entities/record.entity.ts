import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Department } from './department.entity.js';
import { ProcedureVersion } from './procedure-version.entity.js';
import { User } from './user.entity.js';

/**
 * One run of a procedure (DESIGN.md "Record"); named ProcedureRecord in code so that it does not
 * shadow TypeScript's `Record`. `version` is the optimistic lock: a flush of a stale copy throws
 * MikroORM's OptimisticLockError. `procedureKey` repeats the pinned version's key so that lists by
 * procedure and stage need no join.
 */
export const ProcedureRecord = defineEntity({
  name: 'ProcedureRecord',
  tableName: 'records',
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    procedureKey: p.text(),
    procedureVersion: () => p.manyToOne(ProcedureVersion).ref(),
    stage: p.text(),
    data: p.json<Record<string, unknown>>(),
    version: p.integer().version(),
    createdBy: () => p.manyToOne(User).ref(),
    department: () => p.manyToOne(Department).mapToPk().fieldName('department_key'),
    assignee: () => p.manyToOne(User).ref().nullable().index('records_assignee_index'),
    dueAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()).defaultRaw('now()'),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()).defaultRaw('now()'),
    closedAt: p.datetime().nullable(),
    // The engine's gate rounds (engine.types.ts GateStates): small, always read with the record.
    gates: p.json<Record<string, unknown>>().default('{}'),
  }),
  indexes: [
    { name: 'records_procedure_key_stage_index', properties: ['procedureKey', 'stage'] },
    {
      name: 'records_data_index',
      expression: 'create index "records_data_index" on "records" using gin ("data" jsonb_path_ops)',
    },
    // Keyset pages of the read path (Migration20261128010000_read_indexes).
    { name: 'records_procedure_created_index', properties: ['procedureKey', 'createdAt', 'id'] },
    { name: 'records_created_index', properties: ['createdAt', 'id'] },
    { name: 'records_open_due_index', expression: 'create index "records_open_due_index" on "records" ("due_at", "id") where "closed_at" is null' },
  ],
});

export type ProcedureRecord = InferEntity<typeof ProcedureRecord>;
