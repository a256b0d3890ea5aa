import type { ObjectRef } from '@pothos/core';
import type { UserSummary } from '../api/context.js';
import type { DeliveredEvent } from '../services/event-feed.service.js';
import type { RecordView } from '../services/record-query.service.js';
import { actorOf } from './auth.js';
import type { Builder, SchemaTypes } from './builder.js';
import { loadUser } from './users.js';

type Ref<T> = ObjectRef<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>, T>;

/** Subscriptions: record events as they commit, over SSE (`accept: text/event-stream`). */
export function addSubscriptions(builder: Builder, { User, Record }: { User: Ref<UserSummary>; Record: Ref<RecordView> }) {
  const RecordEvent = builder.objectRef<DeliveredEvent>('RecordEvent').implement({
    description: "One entry of a record's history, delivered when its command commits.",
    fields: (t) => ({
      recordId: t.id({ resolve: (e) => e.recordId }),
      procedure: t.string({ resolve: (e) => e.procedure }),
      seq: t.int({ resolve: (e) => e.entry.seq }),
      type: t.string({ resolve: (e) => e.entry.type }),
      at: t.field({ type: 'DateTime', resolve: (e) => e.entry.at }),
      fromStage: t.string({ nullable: true, resolve: (e) => e.entry.fromStage }),
      toStage: t.string({ nullable: true, resolve: (e) => e.entry.toStage }),
      changes: t.field({ type: 'JSON', nullable: true, description: '{ field: { from, to } }, without fields you may not read.', resolve: (e) => e.entry.changes }),
      comment: t.string({ nullable: true, resolve: (e) => e.entry.comment }),
      actor: t.field({ type: User, nullable: true, resolve: (e, _, ctx) => loadUser(ctx, e.entry.actor) }),
      record: t.field({ type: Record, nullable: true, description: 'The record as you may see it now, which may be after this event.', resolve: (e) => e.view }),
    }),
  });

  builder.subscriptionType({
    fields: (t) => ({
      recordEvents: t.field({
        type: RecordEvent,
        description:
          'Events of the records you may read, from now on: of one record (NOT_FOUND if you may not read it), of one procedure, or of all. ' +
          'Each event is checked against your access when it happens.',
        args: { recordId: t.arg.id(), procedure: t.arg.string() },
        subscribe: (_, args, ctx) =>
          ctx.events.subscribe(actorOf(ctx), {
            ...(args.recordId != null ? { recordId: String(args.recordId) } : {}),
            ...(args.procedure != null ? { procedure: args.procedure } : {}),
          }),
        resolve: (event) => event,
      }),
    }),
  });
}
