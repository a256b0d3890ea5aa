// A procedure's generated form (rjsf over the JSON Schema the server validates with), with its
// conditional fields, widgets and labels in the chosen language, and the server's field errors
// shown on the fields they concern.
import Form from '@rjsf/core';
import type { RJSFValidationError, TranslatableString } from '@rjsf/utils';
import { englishStringTranslator } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useMemo, useState, type ReactNode } from 'react';
import { ApiError, type FieldError } from '../../api/graphql';
import { useLanguage, useMessages } from '../../shell/i18n';
import { workspaceMessages } from '../messages';
import type { DefinitionField, ProcedureDetail } from '../queries';
import type { Facts } from './conditions';
import { formView, sendable } from './form-model';
import { toErrorSchema } from './server-errors';
import { localizeErrors } from './validation-messages';
import { ArrayFieldItemTemplate, buttonTemplates, ObjectFieldTemplate, type FormContext } from './templates';
import { widgets } from './widgets';
import '../workspace.css';

export interface ProcedureFormProps {
  readonly procedure: Pick<ProcedureDetail, 'form' | 'definition'>;
  readonly initialData?: Record<string, unknown>;
  /** Fields the user may write now; every field when undefined (a new record). */
  readonly writable?: ReadonlySet<string>;
  readonly facts: Facts;
  readonly submitLabel: string;
  /** Sends what changed; throws ApiError to show the server's refusal. */
  onSubmit(data: Record<string, unknown>): Promise<void>;
  readonly children?: ReactNode;
}

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

/** JSON with object keys sorted: the server's jsonb keeps its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** What differs from the record as loaded; a field the user emptied is sent as null, which clears it. */
function changedOnly(data: Record<string, unknown>, initial: Record<string, unknown>, clearable: (key: string) => boolean): Record<string, unknown> {
  const changed = Object.entries(data).filter(([key, value]) => canonical(value) !== canonical(initial[key]));
  const cleared = Object.keys(initial).filter((key) => !(key in data) && clearable(key));
  return Object.fromEntries([...changed, ...cleared.map((key) => [key, null] as const)]);
}

export function ProcedureForm(props: ProcedureFormProps) {
  const t = useMessages(workspaceMessages);
  const language = useLanguage();
  const [data, setData] = useState<Record<string, unknown>>(props.initialData ?? {});
  // The record as it was when editing began: what the user changed is measured against it.
  const [loaded] = useState(props.initialData);
  const [serverErrors, setServerErrors] = useState<readonly FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fields: readonly DefinitionField[] = props.procedure.definition.form.fields;
  const view = useMemo(
    () =>
      formView(
        { jsonSchema: props.procedure.form.jsonSchema, uiSchema: props.procedure.form.uiSchema, fields, data, facts: props.facts, writable: props.writable, hideComputed: props.writable === undefined },
        language.pick,
      ),
    [props.procedure, fields, data, props.facts, props.writable, language.pick],
  );
  const extraErrors = useMemo(() => toErrorSchema(serverErrors, language.pick), [serverErrors, language.pick]);
  const labelOf = (path: string) => language.pick(fields.find((f) => f.key === path.split('.')[0])?.label) || path;

  const submit = async (formData: Record<string, unknown>) => {
    setBusy(true);
    setFailure(null);
    try {
      const data = sendable(formData, view, fields, props.writable);
      // Editing sends only what the user changed: what others changed meanwhile is not overwritten.
      const initial = loaded;
      const computed = new Set(fields.filter((f) => f.computed || f.rollup).map((f) => f.key));
      const clearable = (key: string) => view.visible.has(key) && !computed.has(key) && (!props.writable || props.writable.has(key));
      await props.onSubmit(initial ? changedOnly(data, initial, clearable) : data);
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
        formContext={{ view } satisfies FormContext}
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
