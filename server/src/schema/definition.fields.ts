import { authorize } from '../authz/authorize.js';
import type { Registry } from '../definitions/registry.js';
import { previewForm, type FormPreview } from '../services/procedure-drafts.service.js';
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

  const FormPreviewRef = builder.objectRef<FormPreview>('FormPreview').implement({
    description: "The form of an unsaved definition, compiled as a published one would be (the designer's live preview).",
    fields: (t) => ({
      ok: t.boolean({ resolve: (p) => p.form !== null }),
      jsonSchema: t.field({ type: 'JSON', nullable: true, resolve: (p) => p.form?.jsonSchema ?? null }),
      uiSchema: t.field({ type: 'JSON', nullable: true, resolve: (p) => p.form?.uiSchema ?? null }),
      problems: t.field({ type: [Problem], description: 'Problems of the form; the schemas are null while there are any.', resolve: (p) => [...p.problems] }),
    }),
  });

  builder.queryFields((t) => ({
    previewForm: t.field({
      type: FormPreviewRef,
      description: "For administrators: the JSON Schema and UI schema of a definition's form, checked but not stored.",
      args: { definition: t.arg({ type: 'JSON', required: true }) },
      resolve: (_, args, ctx) => previewForm(ctx.registry, actorOf(ctx), args.definition),
    }),
  }));

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
