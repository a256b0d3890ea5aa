import type { GraphQLSchema } from 'graphql';
import type { Registry } from '../definitions/registry.js';
import { createBuilder } from './builder.js';
import { addDefinitionEditing } from './definition.fields.js';
import { addFormState } from './form-state.fields.js';
import { addOrganisation } from './organisation.fields.js';
import { addProcedures } from './procedure.fields.js';
import { addRecords } from './record.fields.js';
import { addSubscriptions } from './subscription.fields.js';
import { addTypedProcedures, assertNoNameClashes } from './typed-procedures.js';

/** Registries are frozen: the schema of one is built once (a publish checks it, the reload serves it). */
const built = new WeakMap<Registry, GraphQLSchema>();

/**
 * Pure: the GraphQL schema for a registry. Called again (never patched) when definitions
 * change, and swapped in whole by `app.reload`.
 */
export function buildSchema(registry: Registry): GraphQLSchema {
  let schema = built.get(registry);
  if (!schema) built.set(registry, (schema = build(registry)));
  return schema;
}

function build(registry: Registry): GraphQLSchema {
  assertNoNameClashes(registry);
  const builder = createBuilder();
  const { User } = addOrganisation(builder);
  const { Procedure } = addProcedures(builder);
  addDefinitionEditing(builder, { Procedure }, buildSchema);
  const records = addRecords(builder, { User });
  addFormState(builder);
  addSubscriptions(builder, { User, Record: records.Record });
  addTypedProcedures(builder, registry, { User, ...records } as never);
  return builder.toSchema({ sortSchema: false });
}
