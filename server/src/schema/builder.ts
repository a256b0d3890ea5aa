import SchemaBuilder from '@pothos/core';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { RequestContext } from '../api/context.js';

export interface SchemaTypes {
  Context: RequestContext;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    DateTime: { Input: Date; Output: Date };
  };
}

export type Builder = PothosSchemaTypes.SchemaBuilder<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>>;

/** A fresh builder per schema build: building is pure and never shares state between builds. */
export function createBuilder(): Builder {
  const builder = new SchemaBuilder<SchemaTypes>({});
  builder.addScalarType('JSON', JSONResolver);
  builder.addScalarType('DateTime', DateTimeResolver);
  builder.queryType({});
  builder.mutationType({});
  return builder;
}
