import type { GraphQLSchema } from 'graphql';
import type { Registry } from '../definitions/registry.js';
import { createBuilder } from './builder.js';
import { addDefinitionEditing } from './definition.fields.js';
import { addFormState } from './form-state.fields.js';
import { addLinkCandidates } from './link-candidates.fields.js';
import { addOrganisation } from './organisation.fields.js';
import { addPeople } from './people.fields.js';
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
  assertNoNameClashes(registry, staticNames());
  return buildParts(registry, true);
}

let staticNamesCache: ReadonlySet<string> | undefined;

/**
 * Every type and root field name of the schema without procedures: read from the schema itself,
 * so that a new query or type can never be shadowed by a procedure's generated name.
 */
function staticNames(): ReadonlySet<string> {
  if (!staticNamesCache) {
    const schema = buildParts(undefined, false);
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) => (t ? Object.keys(t.getFields()) : []));
    staticNamesCache = new Set([...Object.keys(schema.getTypeMap()), ...roots]);
  }
  return staticNamesCache;
}

function buildParts(registry: Registry | undefined, typed: boolean): GraphQLSchema {
  const builder = createBuilder();
  const { User, Department } = addOrganisation(builder);
  addPeople(builder, { Department });
  const { Procedure } = addProcedures(builder);
  addDefinitionEditing(builder, { Procedure }, buildSchema);
  const records = addRecords(builder, { User });
  addLinkCandidates(builder, records);
  addFormState(builder);
  addSubscriptions(builder, { User, Record: records.Record });
  if (typed && registry) addTypedProcedures(builder, registry, { User, ...records } as never);
  return builder.toSchema({ sortSchema: false });
}
