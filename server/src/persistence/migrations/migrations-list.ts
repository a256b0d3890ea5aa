import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127000000_initial } from './Migration20261127000000_initial.js';
import { Migration20261127010000_engine } from './Migration20261127010000_engine.js';
import { Migration20261128010000_read_indexes } from './Migration20261128010000_read_indexes.js';

/**
 * Every migration in the order it runs, named explicitly so that nothing is found by globbing
 * files at run time. A new migration is appended here.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261127000000_initial', class: Migration20261127000000_initial },
  { name: 'Migration20261127010000_engine', class: Migration20261127010000_engine },
  { name: 'Migration20261128010000_read_indexes', class: Migration20261128010000_read_indexes },
];
