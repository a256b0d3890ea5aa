import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { User } from './user.entity.js';

export const procedureVersionStatuses = ['draft', 'published'] as const;
export type ProcedureVersionStatus = (typeof procedureVersionStatuses)[number];

/**
 * One version of a procedure definition. A key has at most one draft (a partial unique index)
 * and any number of published versions, which the database refuses to change or delete
 * (trigger `procedure_versions_published_immutable`): records pin the version they started on.
 * `department` is a plain key because a definition may be imported before its organisation.
 */
export const ProcedureVersion = defineEntity({
  name: 'ProcedureVersion',
  tableName: 'procedure_versions',
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    procedureKey: p.text(),
    version: p.integer(),
    status: p.enum([...procedureVersionStatuses]),
    department: p.text(),
    definition: p.json<Readonly<Record<string, unknown>>>(),
    source: p.text().nullable(),
    contentHash: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()).defaultRaw('now()'),
    publishedAt: p.datetime().nullable(),
    createdBy: () => p.manyToOne(User).ref().nullable(),
  }),
  uniques: [{ name: 'procedure_versions_procedure_key_version_unique', properties: ['procedureKey', 'version'] }],
  indexes: [
    {
      name: 'procedure_versions_one_draft_per_key',
      expression: `create unique index "procedure_versions_one_draft_per_key" on "procedure_versions" ("procedure_key") where "status" = 'draft'`,
    },
  ],
});

export type ProcedureVersion = InferEntity<typeof ProcedureVersion>;
