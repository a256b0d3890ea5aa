import SchemaBuilder from '@pothos/core';
import type { GraphQLSchema } from 'graphql';
import type { RequestContext } from '../api/context.js';
import { pickLabel } from '../api/locale.js';
import type { DepartmentDef, RoleDef } from '../definitions/definition.types.js';
import type { Registry } from '../definitions/registry.js';

/**
 * Pure: the GraphQL schema for a registry. Called again (never patched) when definitions
 * change, and swapped in whole by `app.reload`.
 */
export function buildSchema(_registry: Registry): GraphQLSchema {
  const builder = new SchemaBuilder<{ Context: RequestContext }>({});


  const Department = builder.objectRef<DepartmentDef>('Department').implement({
    description: 'A department of the organisation file.',
    fields: (t) => ({
      key: t.exposeString('key'),
      label: t.string({
        args: { locale: t.arg.string() },
        resolve: (dept, args, ctx) => pickLabel(dept.label, args.locale ?? ctx.locale),
      }),
      parent: t.string({ nullable: true, resolve: (dept) => dept.parent ?? null }),
    }),
  });

  const Role = builder.objectRef<RoleDef>('Role').implement({
    description: 'A role of the organisation file.',
    fields: (t) => ({
      key: t.exposeString('key'),
      label: t.string({
        args: { locale: t.arg.string() },
        resolve: (role, args, ctx) => pickLabel(role.label, args.locale ?? ctx.locale),
      }),
      description: t.string({
        nullable: true,
        args: { locale: t.arg.string() },
        resolve: (role, args, ctx) => (role.description ? pickLabel(role.description, args.locale ?? ctx.locale) : null),
      }),
    }),
  });

  builder.queryType({
    fields: (t) => ({
      departments: t.field({ type: [Department], resolve: (_, __, ctx) => ctx.registry.organisation.departments }),
      roles: t.field({ type: [Role], resolve: (_, __, ctx) => ctx.registry.organisation.roles }),
    }),
  });

  return builder.toSchema({ sortSchema: false });
}
