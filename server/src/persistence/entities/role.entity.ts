import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { LocalizedText } from './localized-text.js';

/** A role of the organisation file; users hold roles by key (`User.roles`). */
export const Role = defineEntity({
  name: 'Role',
  tableName: 'roles',
  properties: (p) => ({
    key: p.text().primary(),
    label: p.json<LocalizedText>(),
    description: p.json<LocalizedText>().nullable(),
    position: p.integer(),
  }),
});

export type Role = InferEntity<typeof Role>;
