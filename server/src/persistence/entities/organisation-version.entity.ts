import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * One imported state of the organisation file. `content` is the whole normalised organisation,
 * so that any past state can be shown or compared without the YAML; `contentHash` lets an import
 * of an unchanged file be skipped.
 */
export const OrganisationVersion = defineEntity({
  name: 'OrganisationVersion',
  tableName: 'organisation_versions',
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    version: p.integer().unique(),
    contentHash: p.text(),
    content: p.json<Readonly<Record<string, unknown>>>(),
    source: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()).defaultRaw('now()'),
  }),
});

export type OrganisationVersion = InferEntity<typeof OrganisationVersion>;
