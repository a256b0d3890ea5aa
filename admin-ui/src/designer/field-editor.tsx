// Editor of one form field (or table column): key, type, bilingual label, required, conditions,
// and the properties its type accepts (definitions/README.md, "Form fields").
import { useLanguage, useMessages } from '../shell/i18n';
import { ConditionEditor } from './condition-builder';
import { Checkbox, ChoiceList, ItemButtons, LabelInputs, NumberInput, ProblemNote, SelectInput, TextInput, Card } from './controls';
import { useDesign } from './design-context';
import { blankLabel, COLUMN_TYPES, FIELD_TYPES, move, removeAt, replaceAt, uniqueKey, withProp, type FieldDef, type FieldType, type OptionDef } from './definition';
import { designerMessages } from './messages';

/** Properties every type accepts; a change of type keeps only these. */
const COMMON = ['key', 'type', 'label', 'help', 'required', 'requiredWhen', 'visibleWhen', 'readers', 'computed'];

export function changeType(field: FieldDef, type: FieldType): FieldDef {
  const kept = Object.fromEntries(Object.entries(field).filter(([k]) => COMMON.includes(k))) as FieldDef;
  const next: FieldDef = { ...kept, type };
  if (type === 'select' || type === 'multiselect') next.options = [{ value: 'option-1', label: blankLabel() }];
  if (type === 'table') next.columns = [{ key: 'item', type: 'text', label: blankLabel() }];
  if (type === 'section') {
    delete next.required;
    delete next.requiredWhen;
    delete next.computed;
  }
  return next;
}

export function FieldEditor({ field, onChange, pointer, column }: { field: FieldDef; onChange(field: FieldDef): void; pointer: string; column?: boolean }) {
  const t = useMessages(designerMessages);
  const set = (key: string, value: unknown) => onChange(withProp(field, key, value));
  const types = column ? COLUMN_TYPES : FIELD_TYPES;
  return (
    <div className="dz-field-editor">
      <ProblemNote at={pointer} except={['label', 'options', 'columns', 'computed', 'visibleWhen', 'requiredWhen']} />
      <div className="dz-grid2">
        <TextInput label={t.common.key} value={field.key} mono onChange={(v) => set('key', v)} name="field-key" />
        <SelectInput label={t.form.type} value={field.type} options={types.map((ty) => ({ value: ty, label: t.types[ty] }))} onChange={(v) => onChange(changeType(field, v as FieldType))} name="field-type" />
      </div>
      <LabelInputs legend={t.common.label} value={field.label} onChange={(v) => set('label', v)} name="field-label" />
      <ProblemNote at={`${pointer}/label`} />
      {field.type !== 'section' && (
        <div className="dz-choices">
          <Checkbox label={t.form.required} checked={field.required === true} onChange={(on) => set('required', on)} />
        </div>
      )}
      <TypeProperties field={field} onChange={onChange} pointer={pointer} />
      <details className="dz-fold" open={field.help !== undefined || field.computed !== undefined}>
        <summary>{`${t.common.help} · ${t.form.computed}`}</summary>
        <LabelInputs legend={t.common.help} value={field.help} optional onChange={(v) => set('help', v)} />
        {field.type !== 'section' && <TextInput label={t.form.computed} help={t.form.computedHelp} mono value={field.computed} onChange={(v) => set('computed', v)} />}
        <ProblemNote at={`${pointer}/computed`} />
      </details>
      {!column && (
        <>
          <ConditionEditor legend={t.form.visibleWhen} value={field.visibleWhen} onChange={(v) => set('visibleWhen', v)} />
          <ProblemNote at={`${pointer}/visibleWhen`} />
          {field.type !== 'section' && (
            <>
              <ConditionEditor legend={t.form.requiredWhen} value={field.requiredWhen} onChange={(v) => set('requiredWhen', v)} />
              <ProblemNote at={`${pointer}/requiredWhen`} />
            </>
          )}
        </>
      )}
    </div>
  );
}

function TypeProperties({ field, onChange, pointer }: { field: FieldDef; onChange(field: FieldDef): void; pointer: string }) {
  const t = useMessages(designerMessages);
  const { organisation } = useDesign();
  const set = (key: string, value: unknown) => onChange(withProp(field, key, value));
  const num = (key: string, label: string, step?: string) => <NumberInput label={label} step={step} value={field[key] as number | undefined} onChange={(v) => set(key, v)} />;
  const text = (key: string, label: string) => <TextInput label={label} value={field[key] as string | undefined} onChange={(v) => set(key, v)} />;
  switch (field.type) {
    case 'text':
    case 'textarea':
      return (
        <div className="dz-grid3">
          {num('minLength', t.form.minLength, '1')}
          {num('maxLength', t.form.maxLength, '1')}
          <TextInput label={t.form.pattern} mono value={field.pattern as string | undefined} onChange={(v) => set('pattern', v)} />
        </div>
      );
    case 'number':
    case 'integer':
      return <div className="dz-grid3">{num('min', t.form.min)}{num('max', t.form.max)}</div>;
    case 'money':
      return (
        <div className="dz-grid4">
          {num('min', t.form.min)}
          {num('max', t.form.max)}
          <TextInput label={t.form.currency} mono placeholder="CNY" value={field.currency as string | undefined} onChange={(v) => set('currency', v.toUpperCase())} />
          {num('scale', t.form.scale, '1')}
        </div>
      );
    case 'date':
    case 'datetime':
      return <div className="dz-grid2">{text('min', t.form.min)}{text('max', t.form.max)}</div>;
    case 'select':
    case 'multiselect':
      return (
        <>
          <OptionsEditor options={field.options ?? []} onChange={(o) => onChange({ ...field, options: o })} pointer={`${pointer}/options`} />
          {field.type === 'multiselect' && <div className="dz-grid2">{num('minItems', t.form.minItems, '1')}{num('maxItems', t.form.maxItems, '1')}</div>}
        </>
      );
    case 'user':
      return (
        <>
          <ChoiceList folded legend={t.who.roles} choices={organisation.roles.map((r) => ({ value: r.key, label: r.label }))} value={(field.roles as string[]) ?? []} onChange={(v) => set('roles', v)} />
          <ChoiceList folded legend={t.who.departments} choices={organisation.departments.map((d) => ({ value: d.key, label: d.label }))} value={(field.departments as string[]) ?? []} onChange={(v) => set('departments', v)} />
        </>
      );
    case 'link': {
      const target = organisation.procedures.find((p) => p.key === field.procedure);
      return (
        <>
          <SelectInput label={t.form.procedure} value={field.procedure as string | undefined} blank={t.common.select} options={organisation.procedures.map((p) => ({ value: p.key, label: `${p.label} (${p.key})` }))} onChange={(v) => onChange(withProp(withProp(field, 'stages', undefined), 'procedure', v))} />
          {target && <ChoiceList folded legend={t.form.stages} choices={target.stages.map((s) => ({ value: s, label: s }))} value={(field.stages as string[]) ?? []} onChange={(v) => set('stages', v)} />}
          <Checkbox label={t.form.multiple} checked={field.multiple === true} onChange={(on) => set('multiple', on)} />
        </>
      );
    }
    case 'file':
      return (
        <div className="dz-grid3">
          <TextInput label={t.form.accept} placeholder="application/pdf, image/*" value={((field.accept as string[]) ?? []).join(', ')} onChange={(v) => set('accept', v.split(',').map((a) => a.trim()).filter(Boolean))} />
          {num('maxSizeMb', t.form.maxSizeMb)}
          <Checkbox label={t.form.multiple} checked={field.multiple === true} onChange={(on) => set('multiple', on)} />
        </div>
      );
    case 'table':
      return (
        <>
          <ColumnsEditor columns={field.columns ?? []} onChange={(c) => onChange({ ...field, columns: c })} pointer={`${pointer}/columns`} />
          <div className="dz-grid2">{num('minRows', t.form.minRows, '1')}{num('maxRows', t.form.maxRows, '1')}</div>
        </>
      );
    default:
      return null;
  }
}

function OptionsEditor({ options, onChange, pointer }: { options: OptionDef[]; onChange(options: OptionDef[]): void; pointer: string }) {
  const t = useMessages(designerMessages);
  return (
    <fieldset className="dz-fieldset">
      <legend>{t.form.options}</legend>
      <ProblemNote at={pointer} exact />
      <ol className="dz-rows">
        {options.map((o, i) => (
          <li key={i} className="dz-option">
            <TextInput label={t.form.optionValue} mono value={o.value} onChange={(v) => onChange(replaceAt(options, i, { ...o, value: v }))} />
            <TextInput label={t.common.labelEn} lang="en" value={o.label.en} onChange={(v) => onChange(replaceAt(options, i, { ...o, label: { ...o.label, en: v } }))} />
            <TextInput label={t.common.labelZh} lang="zh-CN" value={o.label['zh-CN']} onChange={(v) => onChange(replaceAt(options, i, { ...o, label: { ...o.label, 'zh-CN': v } }))} />
            <div className="dz-option__buttons">
              <ItemButtons name={o.value} onUp={i > 0 ? () => onChange(move(options, i, i - 1)) : undefined} onRemove={() => onChange(removeAt(options, i))} />
            </div>
            <ProblemNote at={`${pointer}/${i}`} />
          </li>
        ))}
      </ol>
      <button type="button" className="dz-link-button" onClick={() => onChange([...options, { value: uniqueKey('option', options.map((o) => o.value), '-'), label: blankLabel() }])}>
        + {t.form.addOption}
      </button>
    </fieldset>
  );
}

function ColumnsEditor({ columns, onChange, pointer }: { columns: FieldDef[]; onChange(columns: FieldDef[]): void; pointer: string }) {
  const t = useMessages(designerMessages);
  const { pick } = useLanguage();
  return (
    <fieldset className="dz-fieldset">
      <legend>{t.form.columns}</legend>
      <ProblemNote at={pointer} exact />
      {columns.map((c, i) => (
        <Card
          key={i}
          className="dz-card--nested"
          title={`${t.form.column(i + 1)} · ${pick(c.label) || c.key}`}
          actions={<ItemButtons name={c.key} onUp={i > 0 ? () => onChange(move(columns, i, i - 1)) : undefined} onDown={i < columns.length - 1 ? () => onChange(move(columns, i, i + 1)) : undefined} onRemove={() => onChange(removeAt(columns, i))} />}
        >
          <FieldEditor column field={c} pointer={`${pointer}/${i}`} onChange={(f) => onChange(replaceAt(columns, i, f))} />
        </Card>
      ))}
      <button type="button" className="dz-link-button" onClick={() => onChange([...columns, { key: uniqueKey('column', columns.map((c) => c.key)), type: 'text', label: blankLabel() }])}>
        + {t.form.addColumn}
      </button>
    </fieldset>
  );
}
