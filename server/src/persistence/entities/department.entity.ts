import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { LocalizedText } from './localized-text.js';
import { User } from './user.entity.js';

/** A department of the organisation file; its key (e.g. `finance`) is what definitions refer to. */
export const Department = defineEntity({
  name: 'Department',
  tableName: 'departments',
  properties: (p) => ({
    key: p.text().primary(),
    label: p.json<LocalizedText>(),
    // Mapped to the key, not the entity: the organisation file and its readers name parents by key.
    parent: () => p.manyToOne(Department).mapToPk().nullable().fieldName('parent_key'),
    manager: () => p.manyToOne(User).ref().nullable(),
    position: p.integer(),
  }),
});

export type Department = InferEntity<typeof Department>;
