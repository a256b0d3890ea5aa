import type { Action, Duration, Procedure, Stage } from '../definitions/definition.types.js';
import { can } from '../authz/can.js';
import { compileForm } from '../engine/form-schema.js';
import { loadDirectory } from '../services/directory.service.js';
import { listDrafts } from '../services/procedure-drafts.service.js';
import { ProcedureVersion } from '../persistence/entities/procedure-version.entity.js';
import { actorOf, localized } from './auth.js';
import type { Builder } from './builder.js';

/** A procedure as the API shows it: a published version's definition and its number. */
export interface ProcedureView {
  readonly procedure: Procedure;
  readonly version: number;
  /** 'published' when absent. */
  readonly status?: 'draft' | 'published';
}

/** Procedures, their forms, stages and actions. */
export function addProcedures(builder: Builder) {
  const Form = builder.objectRef<Procedure>('Form').implement({
    description: 'The form as JSON Schema (validated by the server with the same schema) and an rjsf UI schema.',
    fields: (t) => ({
      jsonSchema: t.field({ type: 'JSON', resolve: (p) => compileForm(p).jsonSchema }),
      uiSchema: t.field({ type: 'JSON', resolve: (p) => compileForm(p).uiSchema }),
    }),
  });

  const ProcedureStage = builder.objectRef<Stage>('ProcedureStage').implement({
    fields: (t) => ({
      key: t.exposeString('key'),
      label: t.string({ args: { locale: t.arg.string() }, resolve: (s, args, ctx) => localized(s.label, args.locale, ctx)! }),
      initial: t.exposeBoolean('initial'),
      final: t.exposeBoolean('final'),
      dueIn: t.field({
        type: 'JSON',
        nullable: true,
        description: "An ISO 8601 duration ('P3D') or { workingDays: N }.",
        resolve: (s) => (s.dueIn ?? null) as Duration | null,
      }),
    }),
  });

  const ProcedureAction = builder.objectRef<Action>('ProcedureAction').implement({
    fields: (t) => ({
      key: t.exposeString('key'),
      label: t.string({ args: { locale: t.arg.string() }, resolve: (a, args, ctx) => localized(a.label, args.locale, ctx)! }),
      from: t.stringList({ resolve: (a) => [...a.from] }),
      to: t.exposeString('to'),
      requires: t.stringList({ description: 'Approval gates that must be approved first.', resolve: (a) => [...a.requires] }),
    }),
  });

  const VersionInfo = builder.objectRef<{ version: number; status: string; publishedAt: Date | null; createdAt: Date }>('ProcedureVersionInfo').implement({
    fields: (t) => ({
      version: t.exposeInt('version'),
      status: t.exposeString('status'),
      publishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (v) => v.publishedAt }),
      createdAt: t.field({ type: 'DateTime', resolve: (v) => v.createdAt }),
    }),
  });

  const ProcedureRef = builder.objectRef<ProcedureView>('Procedure').implement({
    description: 'A published version of a procedure.',
    fields: (t) => ({
      key: t.string({ resolve: (v) => v.procedure.key }),
      version: t.exposeInt('version'),
      status: t.string({ description: "'draft' or 'published'", resolve: (v) => v.status ?? 'published' }),
      department: t.string({ resolve: (v) => v.procedure.department }),
      label: t.string({ args: { locale: t.arg.string() }, resolve: (v, args, ctx) => localized(v.procedure.label, args.locale, ctx)! }),
      description: t.string({ nullable: true, args: { locale: t.arg.string() }, resolve: (v, args, ctx) => localized(v.procedure.description, args.locale, ctx) }),
      form: t.field({ type: Form, resolve: (v) => v.procedure }),
      stages: t.field({ type: [ProcedureStage], resolve: (v) => [...v.procedure.stages] }),
      actions: t.field({ type: [ProcedureAction], resolve: (v) => [...v.procedure.actions] }),
      definition: t.field({ type: 'JSON', description: 'The whole definition, as `procedo export` writes it.', resolve: (v) => v.procedure.source }),
      canStart: t.boolean({
        description: 'May the caller start a record of it?',
        resolve: async (v, _, ctx) => {
          const directory = await loadDirectory(ctx.db.em.fork(), v.procedure, []);
          return can(actorOf(ctx), 'procedure.start', { procedure: v.procedure, directory }).allowed;
        },
      }),
      versions: t.field({
        type: [VersionInfo],
        resolve: async (v, _, ctx) => {
          const rows = await ctx.db.em.fork().find(ProcedureVersion, { procedureKey: v.procedure.key }, { orderBy: { version: 'desc' }, fields: ['version', 'status', 'publishedAt', 'createdAt'] });
          return rows.map((r) => ({ version: r.version, status: r.status, publishedAt: r.publishedAt ?? null, createdAt: r.createdAt }));
        },
      }),
    }),
  });

  builder.queryFields((t) => ({
    procedures: t.field({
      type: [ProcedureRef],
      description: 'The latest published version of each procedure.',
      args: { department: t.arg.string() },
      resolve: (_, args, ctx) => {
        actorOf(ctx);
        return [...ctx.registry.procedures.values()]
          .filter((p) => !args.department || p.department === args.department)
          .map((procedure) => ({ procedure, version: ctx.catalog.latest(procedure.key).version }));
      },
    }),
    procedureDrafts: t.field({
      type: [ProcedureRef],
      description: 'For administrators: the draft of each procedure (also of procedures never published), or of one key.',
      args: { key: t.arg.string() },
      resolve: (_, args, ctx) => listDrafts(ctx.db.em.fork(), actorOf(ctx), args.key),
    }),
    procedure: t.field({
      type: ProcedureRef,
      nullable: true,
      args: { key: t.arg.string({ required: true }), version: t.arg.int() },
      resolve: async (_, args, ctx) => {
        actorOf(ctx);
        if (!ctx.registry.procedures.has(args.key) && args.version == null) return null;
        const version = args.version ?? ctx.catalog.latest(args.key).version;
        return { procedure: await ctx.catalog.at(ctx.db.em.fork(), args.key, version), version };
      },
    }),
  }));

  return { Procedure: ProcedureRef };
}
