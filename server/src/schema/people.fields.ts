import type { ObjectRef } from '@pothos/core';
import type { DepartmentRow } from '../persistence/people.repository.js';
import { people, type Person } from '../services/people.service.js';
import { actorOf } from './auth.js';
import type { Builder, SchemaTypes } from './builder.js';

type DepartmentRef = ObjectRef<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>, DepartmentRow>;

/** `people`: the directory as pickers read it, for any signed-in user. */
export function addPeople(builder: Builder, { Department }: { Department: DepartmentRef }) {
  const PersonType = builder.objectRef<Person>('Person').implement({
    description: 'A colleague as a picker shows them: their name and department, nothing of their account.',
    fields: (t) => ({
      id: t.exposeID('id'),
      displayName: t.exposeString('displayName'),
      department: t.field({ type: Department, nullable: true, resolve: (p) => p.department }),
    }),
  });

  builder.queryFields((t) => ({
    people: t.field({
      type: [PersonType],
      description:
        'Active people whose username or display name contains `search` (any case), of `department`, holding one of `roles`, by display name. With `procedure` and `field` (a user field, or `table.column` for a user column), only those the field admits: its roles and departments, as a save checks them. `first` defaults to 20, at most 100.',
      args: {
        search: t.arg.string(),
        department: t.arg.string(),
        roles: t.arg.stringList(),
        first: t.arg.int(),
        procedure: t.arg.string({ description: 'With `field`: the procedure whose user field the person is picked for.' }),
        field: t.arg.string({ description: 'With `procedure`: the user field (or `table.column`) the person is picked for.' }),
        record: t.arg.id({ description: 'The record being edited, when it exists: the field is read from the version it is pinned to.' }),
        ids: t.arg.idList({ description: 'These people only (at most 100): how a form names the people it holds.' }),
      },
      resolve: async (_, args, ctx) => {
        const actor = actorOf(ctx);
        const record = args.record == null ? undefined : (await ctx.queries.get(actor, String(args.record))).state;
        return people({ db: ctx.db, catalog: ctx.catalog }, actor, {
          search: args.search ?? undefined,
          department: args.department ?? undefined,
          roles: args.roles ?? undefined,
          ids: args.ids?.map(String),
          first: args.first ?? undefined,
          procedure: args.procedure ?? undefined,
          field: args.field ?? undefined,
          record,
        });
      },
    }),
  }));
}
