import type { ObjectRef } from '@pothos/core';
import type { Label } from '../definitions/definition.types.js';
import { linkCandidates, type RecordSummary } from '../services/link-candidates.service.js';
import { actorOf, localized } from './auth.js';
import type { Builder, SchemaTypes } from './builder.js';

type StageRef = ObjectRef<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>, { key: string; label: Label }>;

/** `linkCandidates`: the records a link field lets the caller pick, for the form's record picker. */
export function addLinkCandidates(builder: Builder, { RecordStage }: { RecordStage: StageRef }) {
  const Summary = builder.objectRef<RecordSummary>('RecordSummary').implement({
    description: 'A record as a picker offers it.',
    fields: (t) => ({
      id: t.exposeID('id'),
      title: t.string({
        description: 'Its first free text, else the procedure label and its short number.',
        args: { locale: t.arg.string() },
        resolve: (s, args, ctx) => localized(s.title, args.locale, ctx)!,
      }),
      procedure: t.exposeString('procedure'),
      stage: t.field({ type: RecordStage, resolve: (s) => s.stage }),
    }),
  });

  builder.queryFields((t) => ({
    linkCandidates: t.field({
      type: [Summary],
      description:
        "The records you may pick for the link field `field` of `procedure` (`table.column` for a link column): of the field's procedure and stages, readable by you, and of the department its `pick` names. Most recent first; `first` defaults to 20, at most 100.",
      args: {
        procedure: t.arg.string({ required: true }),
        field: t.arg.string({ required: true }),
        search: t.arg.string(),
        first: t.arg.int(),
        record: t.arg.id({ description: 'The record being edited, when it exists: `pick: { department: record }` names its department (a new record has yours).' }),
      },
      resolve: async (_, args, ctx) => {
        const actor = actorOf(ctx);
        const record = args.record == null ? undefined : (await ctx.queries.get(actor, String(args.record))).state;
        return linkCandidates({ db: ctx.db, catalog: ctx.catalog }, actor, {
          procedure: args.procedure,
          field: args.field,
          search: args.search ?? undefined,
          first: args.first ?? undefined,
          record,
        });
      },
    }),
  }));
}
