import type { FormFieldState } from '../engine/form-state.js';
import { DomainError, type LocalizedFieldError } from '../errors/domain-errors.js';
import { answerFormState, type FormStateAnswer } from '../services/form-state.service.js';
import { actorOf, localized } from './auth.js';
import type { Builder } from './builder.js';

/** `formState`: what a procedure's form shows, requires and lets the caller change, for a draft. */
export function addFormState(builder: Builder) {
  const FieldError = builder.objectRef<LocalizedFieldError>('FieldError').implement({
    description: 'A problem with one value: the same path and message VALIDATION_FAILED reports.',
    fields: (t) => ({
      path: t.exposeString('path', { description: 'A dotted path into the data: `lines.0.amount`.' }),
      message: t.string({ args: { locale: t.arg.string() }, resolve: (e, args, ctx) => localized(e.message, args.locale, ctx)! }),
    }),
  });

  const FormFieldStateRef = builder.objectRef<FormFieldState>('FormFieldState').implement({
    description: 'One field, section or table column (`lines.amount`) of the form, as the server decides it for this draft.',
    fields: (t) => ({
      path: t.exposeString('path'),
      visible: t.exposeBoolean('visible'),
      required: t.exposeBoolean('required'),
      editable: t.exposeBoolean('editable', { description: 'The caller may change it now (stage, grants, computed or not, record closed or not).' }),
    }),
  });

  const FormState = builder.objectRef<FormStateAnswer>('FormState').implement({
    description: "A form's state for one draft, computed by the code the commands run. It describes; it refuses nothing.",
    fields: (t) => ({
      data: t.field({ type: 'JSON', description: 'The data as saving the draft would leave it: computed fields computed, hidden fields dropped.', resolve: (s) => s.data }),
      fields: t.field({ type: [FormFieldStateRef], description: 'Fields you may not read are left out.', resolve: (s) => [...s.fields] }),
      fieldErrors: t.field({ type: [FieldError], description: 'What saving the draft now would be refused for.', resolve: (s) => [...s.fieldErrors] }),
    }),
  });

  builder.queryFields((t) => ({
    formState: t.field({
      type: FormState,
      description:
        'The form of a new record of `procedure` (no `recordId`) or of the record `recordId`, with `data` — the whole draft — merged as updateRecord would merge it. Values you may not change are ignored, not refused.',
      args: { procedure: t.arg.string({ required: true }), recordId: t.arg.id(), data: t.arg({ type: 'JSON', required: true }) },
      resolve: (_, args, ctx) =>
        answerFormState({ db: ctx.db, catalog: ctx.catalog, now: ctx.now() }, actorOf(ctx).id, {
          procedure: args.procedure,
          recordId: args.recordId == null ? undefined : String(args.recordId),
          draft: draftOf(args.data),
        }),
    }),
  }));
}

function draftOf(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw DomainError.badRequest('"data" must be a JSON object of field keys and values (the form\'s draft), e.g. { "title": "…" }.');
  }
  return value as Record<string, unknown>;
}
