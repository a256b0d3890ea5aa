import SchemaBuilder from '@pothos/core';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { RequestContext } from '../api/context.js';
import { DateScalar, MoneyScalar } from './scalars.js';

export interface SchemaTypes {
  Context: RequestContext;
  /** Fields are non-null unless marked `nullable`, as the contract writes them (`[Department!]!`). */
  DefaultFieldNullability: false;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    DateTime: { Input: Date; Output: Date | string };
    Money: { Input: string; Output: string };
    Date: { Input: string; Output: string };
  };
}

export type Builder = PothosSchemaTypes.SchemaBuilder<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>>;

/** A fresh builder per schema build: building is pure and never shares state between builds. */
export function createBuilder(): Builder {
  const builder = new SchemaBuilder<SchemaTypes>({ defaultFieldNullability: false });
  builder.addScalarType('JSON', JSONResolver);
  builder.addScalarType('DateTime', DateTimeResolver);
  builder.addScalarType('Money', MoneyScalar);
  builder.addScalarType('Date', DateScalar);
  builder.queryType({});
  builder.mutationType({});
  return builder;
}
