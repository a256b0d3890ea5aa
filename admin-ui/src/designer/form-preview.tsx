// The live preview of the form: the server compiles the unsaved form (previewForm, the same
// compiler as a published form) and react-jsonschema-form renders that JSON Schema.
import Form from '@rjsf/core';
import { englishStringTranslator, TranslatableString, type FieldProps, type RegistryFieldsType, type RegistryWidgetsType, type RJSFSchema, type UiSchema, type WidgetProps } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useEffect, useMemo, useState } from 'react';
import type { Label } from '../api/graphql';
import { useLanguage, useMessages } from '../shell/i18n';
import { useDesign } from './design-context';
import type { ProcedureDef } from './definition';
import { previewForm, type FormPreview } from './designer-api';
import { designerMessages } from './messages';

type Json = Record<string, unknown>;

/** Titles, descriptions and option names in the chosen language (the server's schema carries English). */
export function localiseForm(schema: Json, ui: Json, pick: (label: Label | undefined) => string): { schema: Json; ui: Json } {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const nextProps: Record<string, Json> = {};
  const nextUi: Json = { ...ui };
  for (const [key, prop] of Object.entries(properties)) {
    const fieldUi = (ui[key] ?? {}) as Json;
    const options = (fieldUi['ui:options'] ?? {}) as { label?: Label; help?: Label; labels?: Record<string, Label>; accept?: unknown };
    let next: Json = { ...prop };
    if (options.label) next.title = pick(options.label);
    if (options.help) next.description = pick(options.help);
    const nameOptions = (p: Json): Json => (Array.isArray(p.oneOf) ? { ...p, oneOf: (p.oneOf as Json[]).map((o) => ({ ...o, title: options.labels?.[String(o.const)] ? pick(options.labels[String(o.const)]) : o.title })) } : p);
    next = nameOptions(next);
    const items = next.items as Json | undefined;
    const childUi: Json = { ...fieldUi, 'ui:options': {} };
    if (next.type === 'array' && items) {
      if (items.properties && !isFile(items)) {
        const inner = localiseForm(items, (fieldUi.items ?? {}) as Json, pick);
        next.items = inner.schema;
        childUi.items = inner.ui;
      } else next.items = nameOptions(items);
    }
    if (isFile(next) || (items && isFile(items))) childUi['ui:field'] = 'filePreview';
    nextProps[key] = next;
    nextUi[key] = childUi;
  }
  delete nextUi['ui:options'];
  return { schema: { ...schema, properties: nextProps }, ui: nextUi };
}

function isFile(schema: Json): boolean {
  const props = schema.properties as Json | undefined;
  return !!props && 'contentType' in props && 'size' in props;
}

function UserWidget(props: WidgetProps) {
  const t = useMessages(designerMessages);
  return <input id={props.id} className="form-control" disabled={props.disabled || props.readonly} placeholder={t.form.userPlaceholder} value={(props.value as string) ?? ''} onChange={(e) => props.onChange(e.target.value || undefined)} />;
}

function DepartmentWidget(props: WidgetProps) {
  const { organisation } = useDesign();
  const t = useMessages(designerMessages);
  return (
    <select id={props.id} className="form-control" disabled={props.disabled || props.readonly} value={(props.value as string) ?? ''} onChange={(e) => props.onChange(e.target.value || undefined)}>
      <option value="">{t.common.select}</option>
      {organisation.departments.map((d) => (
        <option key={d.key} value={d.key}>
          {d.label}
        </option>
      ))}
    </select>
  );
}

function FilePreviewField(props: FieldProps) {
  return (
    <div className="form-group field">
      <label className="control-label" htmlFor={props.fieldPathId.$id}>
        {props.schema.title ?? props.name}
      </label>
      <input id={props.fieldPathId.$id} type="file" disabled />
    </div>
  );
}

/** rjsf's own words (buttons, empty lists) in Chinese; English is its default. */
const chinese: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: '项',
  [TranslatableString.EmptyArray]: '暂无内容，请用下面的按钮添加。',
  [TranslatableString.YesLabel]: '是',
  [TranslatableString.NoLabel]: '否',
  [TranslatableString.AddButton]: '添加',
  [TranslatableString.AddItemButton]: '添加一项',
  [TranslatableString.CopyButton]: '复制',
  [TranslatableString.MoveDownButton]: '下移',
  [TranslatableString.MoveUpButton]: '上移',
  [TranslatableString.RemoveButton]: '删除',
};

function translateChinese(key: TranslatableString, params?: string[]): string {
  return chinese[key] ?? englishStringTranslator(key, params);
}

const widgets: RegistryWidgetsType = { user: UserWidget, department: DepartmentWidget };
const fields: RegistryFieldsType = { filePreview: FilePreviewField };

export function FormPreviewPanel({ definition }: { definition: ProcedureDef }) {
  const t = useMessages(designerMessages);
  const { pick, language } = useLanguage();
  const [preview, setPreview] = useState<FormPreview | null>(null);
  const [formData, setFormData] = useState<unknown>({});
  const [failed, setFailed] = useState<string | null>(null);
  // The preview depends on the form (and the gate keys its conditions may name) only.
  const input = useMemo(() => JSON.stringify({ key: definition.key, department: definition.department, form: definition.form, gates: (definition.gates ?? []).map((g) => ({ key: g.key })) }), [definition.key, definition.department, definition.form, definition.gates]);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      previewForm(JSON.parse(input) as ProcedureDef, controller.signal).then(
        (p) => {
          setPreview(p);
          setFailed(null);
        },
        (e: unknown) => {
          if (!controller.signal.aborted) setFailed(e instanceof Error ? e.message : String(e));
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [input]);

  const localised = useMemo(() => {
    if (!preview?.jsonSchema || !preview.uiSchema) return null;
    const { schema, ui } = localiseForm(preview.jsonSchema, preview.uiSchema, pick);
    return { schema: schema as RJSFSchema, ui: { ...ui, 'ui:submitButtonOptions': { norender: true } } as UiSchema };
  }, [preview, pick]);

  const empty = definition.form.fields.length === 0;
  return (
    <section className="dz-preview" aria-labelledby="dz-preview-title" lang={language}>
      <h3 id="dz-preview-title">{t.form.preview}</h3>
      <p className="muted dz-small">{t.form.previewNote}</p>
      {failed && <p className="error">{failed}</p>}
      {empty ? (
        <p className="muted">{t.form.previewEmpty}</p>
      ) : preview && !preview.ok ? (
        <div className="dz-problem">
          <strong>{t.form.previewProblems}</strong>
          <ul>
            {preview.problems.map((p) => (
              <li key={`${p.path}:${p.message}`}>
                <code>{p.path}</code> {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : localised ? (
        <div className="dz-preview__form" data-testid="form-preview">
          <Form schema={localised.schema} uiSchema={localised.ui} validator={validator} widgets={widgets} fields={fields} formData={formData} onChange={(e) => setFormData(e.formData)} showErrorList={false} liveValidate={false} noHtml5Validate translateString={language === 'zh-CN' ? translateChinese : undefined} />
        </div>
      ) : (
        <p className="muted">{t.loading}</p>
      )}
    </section>
  );
}
