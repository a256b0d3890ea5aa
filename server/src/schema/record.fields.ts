import type { RequestContext, UserSummary } from '../api/context.js';
import type { Label } from '../definitions/definition.types.js';
import { isOverdue } from '../engine/durations.js';
import type { LocalizedReason } from '../errors/domain-errors.js';
import type { HistoryEntry, RecordPage, RecordView } from '../services/record-query.service.js';
import { recordTitle } from '../services/record-title.js';
import { actorOf, localized } from './auth.js';
import type { ObjectRef } from '@pothos/core';
import type { Builder, SchemaTypes } from './builder.js';
import { DomainError } from '../errors/domain-errors.js';
import { loadUser } from './users.js';

type ApprovalRow = Awaited<ReturnType<RequestContext['queries']['approvals']>>[number] & { view: RecordView };
type ActionRow = { key: string; label: Label; toStage: string; allowed: boolean; reasons: LocalizedReason[] };

/** Records: the generic queries and commands of the contract. */
export function addRecords(builder: Builder, { User }: { User: ObjectRef<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>, UserSummary> }) {
  const Reason = builder.objectRef<LocalizedReason>('Reason').implement({
    description: 'Why an action cannot be taken now.',
    fields: (t) => ({
      kind: t.exposeString('kind'),
      key: t.exposeString('key'),
      message: t.string({ args: { locale: t.arg.string() }, resolve: (r, args, ctx) => localized(r.message, args.locale, ctx)! }),
    }),
  });

  const RecordStage = builder.objectRef<{ key: string; label: Label }>('RecordStage').implement({
    fields: (t) => ({
      key: t.exposeString('key'),
      label: t.string({ args: { locale: t.arg.string() }, resolve: (s, args, ctx) => localized(s.label, args.locale, ctx)! }),
    }),
  });

  const RecordAction = builder.objectRef<ActionRow>('RecordAction').implement({
    fields: (t) => ({
      key: t.exposeString('key'),
      label: t.string({ args: { locale: t.arg.string() }, resolve: (a, args, ctx) => localized(a.label, args.locale, ctx)! }),
      toStage: t.exposeString('toStage'),
      allowed: t.exposeBoolean('allowed'),
      reasons: t.field({ type: [Reason], resolve: (a) => a.reasons }),
    }),
  });

  const Approval = builder.objectRef<ApprovalRow>('Approval').implement({
    description: 'One decision asked of one person in one level of an approval gate.',
    fields: (t) => ({
      id: t.exposeID('id'),
      gate: t.exposeString('gate'),
      gateLabel: t.string({ args: { locale: t.arg.string() }, resolve: (a, args, ctx) => localized(a.view.procedure.gates.find((g) => g.key === a.gate)?.label, args.locale, ctx) ?? a.gate }),
      level: t.exposeInt('level'),
      round: t.exposeInt('round'),
      rowIndex: t.int({ nullable: true, resolve: (a) => a.rowIndex }),
      state: t.string({ resolve: (a) => a.state.toUpperCase() }),
      approvers: t.field({ type: [User], resolve: async (a, _, ctx) => [await loadUser(ctx, a.approver)].filter((u): u is UserSummary => u !== null) }),
      decidedBy: t.field({ type: User, nullable: true, resolve: (a, _, ctx) => loadUser(ctx, a.decidedBy) }),
      decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.decidedAt }),
      comment: t.string({ nullable: true, resolve: (a) => a.comment }),
    }),
  });

  const History = builder.objectRef<HistoryEntry>('HistoryEntry').implement({
    fields: (t) => ({
      seq: t.exposeInt('seq'),
      type: t.exposeString('type'),
      at: t.field({ type: 'DateTime', resolve: (h) => h.at }),
      actor: t.field({ type: User, nullable: true, resolve: (h, _, ctx) => loadUser(ctx, h.actor) }),
      fromStage: t.string({ nullable: true, resolve: (h) => h.fromStage }),
      toStage: t.string({ nullable: true, resolve: (h) => h.toStage }),
      changes: t.field({ type: 'JSON', nullable: true, description: '{ field: { from, to } }, without fields you may not read.', resolve: (h) => h.changes }),
      comment: t.string({ nullable: true, resolve: (h) => h.comment }),
      data: t.field({ type: 'JSON', nullable: true, resolve: (h) => h.data }),
    }),
  });

  const Comment = builder.objectRef<{ id: string; author: string; body: string; createdAt: Date }>('Comment').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      author: t.field({ type: User, nullable: true, resolve: (c, _, ctx) => loadUser(ctx, c.author) }),
      body: t.exposeString('body'),
      createdAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
    }),
  });

  const RecordRef = builder.objectRef<RecordView>('Record').implement({
    description: 'One run of a procedure, as the caller may see it.',
    fields: (t) => ({
      id: t.id({ resolve: (v) => v.state.id }),
      procedure: t.string({ resolve: (v) => v.state.procedureKey }),
      procedureVersion: t.int({ resolve: (v) => v.state.procedureVersion }),
      stage: t.field({ type: RecordStage, resolve: (v) => v.procedure.stages.find((s) => s.key === v.state.stage)! }),
      data: t.field({ type: 'JSON', resolve: (v) => v.data }),
      title: t.string({
        description: 'A short name: the first text it holds that the caller may read, in form order; else the procedure and its number.',
        args: { locale: t.arg.string() },
        resolve: (v, args, ctx) => localized(recordTitle(v.procedure, v.state.id, v.data), args.locale, ctx)!,
      }),
      version: t.int({ resolve: (v) => v.state.version }),
      createdBy: t.field({ type: User, nullable: true, resolve: (v, _, ctx) => loadUser(ctx, v.state.createdBy) }),
      department: t.string({ resolve: (v) => v.state.department }),
      assignee: t.field({ type: User, nullable: true, resolve: (v, _, ctx) => loadUser(ctx, v.state.assignee) }),
      createdAt: t.field({ type: 'DateTime', resolve: (v) => v.state.createdAt }),
      updatedAt: t.field({ type: 'DateTime', resolve: (v) => v.state.updatedAt }),
      closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (v) => v.state.closedAt }),
      dueAt: t.field({ type: 'DateTime', nullable: true, resolve: (v) => v.state.dueAt }),
      overdue: t.boolean({ resolve: (v, _, ctx) => isOverdue(v.state, ctx.now()) }),
      actions: t.field({ type: [RecordAction], resolve: (v, _, ctx) => ctx.queries.actions(v) }),
      approvals: t.field({ type: [Approval], resolve: async (v, _, ctx) => (await ctx.queries.approvals(v)).map((a) => ({ ...a, view: v })) }),
      history: t.field({ type: [History], resolve: (v, _, ctx) => ctx.queries.history(v) }),
      comments: t.field({ type: [Comment], resolve: (v, _, ctx) => ctx.queries.comments(v) }),
    }),
  });

  const PageInfo = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('PageInfo').implement({
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage'),
      endCursor: t.string({ nullable: true, resolve: (p) => p.endCursor }),
    }),
  });
  const Edge = builder.objectRef<{ node: RecordView; cursor: string }>('RecordEdge').implement({
    fields: (t) => ({ node: t.field({ type: RecordRef, resolve: (e) => e.node }), cursor: t.exposeString('cursor') }),
  });
  const Connection = builder.objectRef<RecordPage>('RecordConnection').implement({
    fields: (t) => ({
      edges: t.field({ type: [Edge], resolve: (p) => p.views.map((node, i) => ({ node, cursor: p.cursors[i]! })) }),
      nodes: t.field({ type: [RecordRef], resolve: (p) => [...p.views] }),
      pageInfo: t.field({ type: PageInfo, resolve: (p) => ({ hasNextPage: p.hasNextPage, endCursor: p.cursors.at(-1) ?? null }) }),
      totalCount: t.int({ resolve: (p) => p.totalCount() }),
    }),
  });

  builder.queryFields((t) => ({
    record: t.field({
      type: RecordRef,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_, args, ctx) => ctx.queries.get(actorOf(ctx), String(args.id)),
    }),
    records: t.field({
      type: Connection,
      args: {
        procedure: t.arg.string(),
        stage: t.arg.string(),
        where: t.arg({ type: 'JSON', description: '{ field: value } or { field: { eq, ne, gt, gte, lt, lte, in, contains } }' }),
        search: t.arg.string(),
        orderBy: t.arg.string({ description: "'<createdAt|updatedAt|dueAt|stage|data.<field>> [asc|desc]'" }),
        first: t.arg.int(),
        after: t.arg.string(),
      },
      resolve: (_, args, ctx) =>
        ctx.queries.list(
          actorOf(ctx),
          {
            procedure: args.procedure ?? undefined,
            stage: args.stage ?? undefined,
            where: (args.where as Record<string, unknown> | null) ?? undefined,
            search: args.search ?? undefined,
            orderBy: args.orderBy ?? undefined,
          },
          args.first ?? undefined,
          args.after ?? undefined,
        ),
    }),
    myTasks: t.field({
      type: Connection,
      description: 'Open records where an action or an approval waits on the caller.',
      args: { first: t.arg.int(), after: t.arg.string() },
      resolve: (_, args, ctx) => ctx.queries.myTasks(actorOf(ctx), args.first ?? undefined, args.after ?? undefined),
    }),
  }));

  const ApprovalDecision = builder.enumType('ApprovalDecision', { values: ['APPROVE', 'REJECT'] as const });

  builder.mutationFields((t) => ({
    createRecord: t.field({
      type: RecordRef,
      args: { procedure: t.arg.string({ required: true }), data: t.arg({ type: 'JSON', required: true }), idempotencyKey: t.arg.string() },
      resolve: (_, args, ctx) =>
        ctx.records.execute(actorOf(ctx), { type: 'create', procedure: args.procedure, data: asData(args.data), idempotencyKey: args.idempotencyKey ?? undefined }),
    }),
    updateRecord: t.field({
      type: RecordRef,
      args: { id: t.arg.id({ required: true }), data: t.arg({ type: 'JSON', required: true }), expectedVersion: t.arg.int({ required: true }) },
      resolve: (_, args, ctx) =>
        ctx.records.execute(actorOf(ctx), { type: 'update', recordId: String(args.id), data: asData(args.data), expectedVersion: args.expectedVersion }),
    }),
    transition: t.field({
      type: RecordRef,
      args: {
        id: t.arg.id({ required: true }),
        action: t.arg.string({ required: true }),
        comment: t.arg.string(),
        data: t.arg({ type: 'JSON' }),
        expectedVersion: t.arg.int({ required: true }),
        idempotencyKey: t.arg.string(),
      },
      resolve: (_, args, ctx) =>
        ctx.records.execute(actorOf(ctx), {
          type: 'transition',
          recordId: String(args.id),
          action: args.action,
          comment: args.comment ?? undefined,
          data: args.data == null ? undefined : asData(args.data),
          expectedVersion: args.expectedVersion,
          idempotencyKey: args.idempotencyKey ?? undefined,
        }),
    }),
    decideApproval: t.field({
      type: Approval,
      args: { id: t.arg.id({ required: true }), decision: t.arg({ type: ApprovalDecision, required: true }), comment: t.arg.string() },
      resolve: async (_, args, ctx) => {
        const view = await ctx.records.execute(actorOf(ctx), { type: 'decide', approvalId: String(args.id), decision: args.decision, comment: args.comment ?? undefined });
        const approval = (await ctx.queries.approvals(view)).find((a) => a.id === String(args.id))!;
        return { ...approval, view };
      },
    }),
    addComment: t.field({
      type: Comment,
      args: { recordId: t.arg.id({ required: true }), body: t.arg.string({ required: true }) },
      resolve: async (_, args, ctx) => {
        const actor = actorOf(ctx);
        const created = await ctx.records.comment(actor.id, String(args.recordId), args.body);
        return { id: created.id, author: actor.id, body: args.body.trim(), createdAt: ctx.now() };
      },
    }),
  }));

  return { Record: RecordRef, RecordStage, PageInfo };
}

function asData(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw DomainError.badRequest('"data" must be a JSON object of field keys and values, e.g. { "title": "…" }.');
  }
  return value as Record<string, unknown>;
}
