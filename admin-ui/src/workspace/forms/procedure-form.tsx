// A procedure's generated form (rjsf over the JSON Schema the server validates with). What it
// shows, requires, computes and lets the user change is the server's answer for the draft
// (`formState`), asked again as the user types; labels are in the chosen language, and the
// server's field errors show on the fields they concern.
import Form from '@rjsf/core';
import type { RJSFValidationError, TranslatableString } from '@rjsf/utils';
import { englishStringTranslator } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, type FieldError } from '../../api/graphql';
import { useLanguage, useMessages } from '../../shell/i18n';
import { workspaceMessages } from '../messages';
import type { DefinitionField, ProcedureDetail } from '../queries';
import { canonical, editableDraft, formView, withAnswer } from './form-model';
import { toErrorSchema } from './server-errors';
import { useFormState } from './use-form-state';
import { localizeErrors } from './validation-messages';
import { ArrayFieldItemTemplate, buttonTemplates, ObjectFieldTemplate, type FormContext } from './templates';
import { widgets } from './widgets';
import '../workspace.css';

export interface ProcedureFormProps {
  readonly procedure: Pick<ProcedureDetail, 'key' | 'form' | 'definition'>;
  /** The record being edited; a new record of the procedure when absent. */
  readonly recordId?: string;
  readonly initialData?: Record<string, unknown>;
  readonly submitLabel: string;
  /** Sends what the user may change (on a stored record: what they changed); throws ApiError to show the server's refusal. */
  onSubmit(data: Record<string, unknown>): Promise<void>;
  readonly children?: ReactNode;
}

/**
 * Only a field's own `default` may fill it in: rjsf would otherwise take a select's first option
 * (its `const`) as a default, and choose for the user.
 */
const defaultFormState = { constAsDefaults: 'never' } as const;

const chinese: Partial<Record<string, string>> = {
  'Add Item': '添加一行',
  'Add': '添加',
  'Remove': '删除',
  'Move up': '上移',
  'Move down': '下移',
  'Copy': '复制',
  'Yes': '是',
  'No': '否',
  'Item': '行',
  'Errors': '错误',
  'No items yet. Use the button below to add some.': '暂无内容，请用下方按钮添加。',
};

/** What differs from the record as loaded: a stored record's update sends only what the user changed. */
function changedOnly(draft: Record<string, unknown>, initial: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(draft).filter(([key, value]) => canonical(value) !== canonical(initial[key])));
}

export function ProcedureForm(props: ProcedureFormProps) {
  const t = useMessages(workspaceMessages);
  const language = useLanguage();
  const [data, setData] = useState<Record<string, unknown>>(props.initialData ?? {});
  // The record as it was when editing began: what the user changed is measured against it.
  const [loaded] = useState(props.initialData);
  const [editable, setEditable] = useState<ReadonlySet<string>>(() => new Set());
  const [serverErrors, setServerErrors] = useState<readonly FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fields: readonly DefinitionField[] = props.procedure.definition.form.fields;
  const creating = props.recordId === undefined;
  const draft = useMemo(() => editableDraft(data, editable, loaded), [data, editable, loaded]);
  const { state, error } = useFormState(props.procedure.key, props.recordId, draft);

  // Each answer brings what the server computed and which fields are the user's to change now.
  useEffect(() => {
    if (!state) return;
    const next = new Set(state.fields.filter((f) => f.editable && !f.path.includes('.')).map((f) => f.path));
    setEditable((previous) => (canonical([...previous].sort()) === canonical([...next].sort()) ? previous : next));
    setData((current) => withAnswer(current, state, fields));
  }, [state, fields]);

  const view = useMemo(
    () => (state ? formView({ jsonSchema: props.procedure.form.jsonSchema, uiSchema: props.procedure.form.uiSchema, fields, state, creating }, language.pick) : undefined),
    [props.procedure, fields, state, creating, language.pick],
  );
  const extraErrors = useMemo(() => toErrorSchema(serverErrors, language.pick), [serverErrors, language.pick]);
  const labelOf = (path: string) => language.pick(fields.find((f) => f.key === path.split('.')[0])?.label) || path;

  const submit = async (formData: Record<string, unknown>) => {
    if (!view) return;
    setBusy(true);
    setFailure(null);
    try {
      const sent = editableDraft(formData, view.editable, loaded);
      // Editing sends only what the user changed: what others changed meanwhile is not overwritten.
      await props.onSubmit(loaded ? changedOnly(sent, loaded) : sent);
      setServerErrors([]);
    } catch (e) {
      if (e instanceof ApiError && e.fieldErrors().length > 0) {
        setServerErrors(e.fieldErrors());
        setFailure(t.form.refused);
      } else if (e instanceof ApiError && e.reasons().length > 0) {
        setFailure(e.reasons().map((r) => language.pick(r.message)).join(' '));
      } else {
        setFailure(e instanceof Error ? e.message : String(e));
      }
    } finally {
      setBusy(false);
    }
  };

  if (!view) {
    return error ? (
      <p role="alert" className="ws-alert ws-alert--error">
        {error.message}
      </p>
    ) : (
      <p className="muted" aria-busy="true">
        {t.loading}
      </p>
    );
  }

  return (
    <div className="ws-form">
      {failure && (
        <div role="alert" className="ws-alert ws-alert--error">
          <p>{failure}</p>
          {serverErrors.length > 0 && (
            <ul>
              {serverErrors.map((e) => (
                <li key={e.path}>
                  <strong>{labelOf(e.path)}</strong>: {language.pick(e.message)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <Form
        schema={view.schema}
        uiSchema={view.uiSchema}
        formData={data}
        validator={validator}
        widgets={widgets}
        templates={{ ObjectFieldTemplate, ArrayFieldItemTemplate, ButtonTemplates: buttonTemplates }}
        formContext={{ view, procedure: props.procedure.key, recordId: props.recordId } satisfies FormContext}
        experimental_defaultFormStateBehavior={defaultFormState}
        extraErrors={extraErrors}
        showErrorList={false}
        noHtml5Validate
        focusOnFirstError
        transformErrors={(errors: RJSFValidationError[]) => localizeErrors(errors, language.language)}
        translateString={(s: TranslatableString, params?: string[]) =>
          language.language === 'zh-CN' && chinese[s] ? chinese[s] : englishStringTranslator(s, params)
        }
        onChange={(event) => {
          const next = (event.formData ?? {}) as Record<string, unknown>;
          if (JSON.stringify(next) === JSON.stringify(data)) return;
          setData(next);
          if (serverErrors.length > 0) setServerErrors([]);
        }}
        onSubmit={(event) => void submit((event.formData ?? {}) as Record<string, unknown>)}
      >
        <div className="row ws-form__buttons">
          <button type="submit" className="button" disabled={busy}>
            {props.submitLabel}
          </button>
          {props.children}
        </div>
      </Form>
    </div>
  );
}
