import type { GraphQLSchema } from 'graphql';
import type { Registry } from '../definitions/registry.js';
import { createBuilder } from './builder.js';
import { addOrganisation } from './organisation.fields.js';
import { addProcedures } from './procedure.fields.js';
import { addRecords } from './record.fields.js';

/**
 * Pure: the GraphQL schema for a registry. Called again (never patched) when definitions
 * change, and swapped in whole by `app.reload`.
 */
export function buildSchema(_registry: Registry): GraphQLSchema {
  const builder = createBuilder();
  const { User } = addOrganisation(builder);
  addProcedures(builder);
  addRecords(builder, { User });
  return builder.toSchema({ sortSchema: false });
}
