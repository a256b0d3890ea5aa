import { authorize } from '../authz/authorize.js';
import type { Registry } from '../definitions/registry.js';
import { publishDraft, saveDraft, validateDefinition, type DefinitionProblem } from '../services/procedure-publish.service.js';
import { actorOf } from './auth.js';
import type { ObjectRef } from '@pothos/core';
import type { Builder, SchemaTypes } from './builder.js';
import type { ProcedureView } from './procedure.fields.js';

/**
 * Editing definitions through the API: validate, save a draft, publish. A publish swaps the
 * schema for the next request, without a restart; `buildSchema` is passed in to check, before
 * anything is stored, that the new set builds.
 */
export function addDefinitionEditing(builder: Builder, refs: { Procedure: ObjectRef<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>, ProcedureView> }, buildSchema: (registry: Registry) => unknown) {
  const Problem = builder.objectRef<DefinitionProblem>('Problem').implement({
    fields: (t) => ({
      path: t.exposeString('path', { description: 'A JSON pointer into the definition.' }),
      message: t.exposeString('message'),
    }),
  });
  const ValidationReport = builder.objectRef<{ ok: boolean; problems: DefinitionProblem[] }>('ValidationReport').implement({
    fields: (t) => ({ ok: t.exposeBoolean('ok'), problems: t.field({ type: [Problem], resolve: (r) => r.problems }) }),
  });

  builder.mutationFields((t) => ({
    validateProcedure: t.field({
      type: ValidationReport,
      args: { definition: t.arg({ type: 'JSON', required: true }) },
      resolve: (_, args, ctx) => {
        authorize(actorOf(ctx), 'definitions.edit');
        const problems = validateDefinition(ctx.registry, args.definition, buildSchema);
        return { ok: problems.length === 0, problems };
      },
    }),
    saveProcedure: t.field({
      type: refs.Procedure,
      description: 'Stores the definition as the procedure\'s draft; INVALID_DEFINITION with the problems when it is not valid.',
      args: { definition: t.arg({ type: 'JSON', required: true }) },
      resolve: async (_, args, ctx) => saveDraft(ctx.db, ctx.registry, actorOf(ctx), args.definition, buildSchema),
    }),
    publishProcedure: t.field({
      type: refs.Procedure,
      description: 'Publishes the draft as the next version; the schema changes from the next request on.',
      args: { key: t.arg.string({ required: true }) },
      resolve: async (_, args, ctx) => {
        const published = await publishDraft(ctx.db, actorOf(ctx), args.key, buildSchema);
        await ctx.reload();
        return published;
      },
    }),
  }));
}
