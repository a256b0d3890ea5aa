// Widgets for the field types JSON Schema alone does not describe: money (exact decimal text with
// its currency), a link to another record, a user and a department. Each is a labelled control
// (rjsf gives the label `for` the widget's id); links and users are searchable pickers.
import { getDefaultRegistry } from '@rjsf/core';
import type { WidgetProps } from '@rjsf/utils';
import { useEffect, useMemo, useState } from 'react';
import { gql } from '../../api/graphql';
import { useLanguage, useMessages } from '../../shell/i18n';
import { workspaceMessages } from '../messages';
import { DEPARTMENTS, type DepartmentRef } from '../queries';
import { MultiPicker, Picker } from './picker';
import { peopleSource, recordSource, type FieldPlace, type PickerSource } from './picker-sources';
import type { FormContext } from './templates';

function describedBy(id: string): string {
  return `${id}__error ${id}__description ${id}__help`;
}

export function MoneyWidget(props: WidgetProps) {
  const { id, value, required, disabled, readonly, autofocus, onChange, onBlur, onFocus, options } = props;
  const currency = typeof options.currency === 'string' ? options.currency : '';
  return (
    <div className="ws-money">
      <input
        id={id}
        name={id}
        className="form-control"
        inputMode="decimal"
        autoComplete="off"
        value={value ?? ''}
        required={required}
        disabled={disabled}
        readOnly={readonly}
        autoFocus={autofocus}
        aria-describedby={describedBy(id)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        onBlur={(e) => onBlur(id, e.target.value)}
        onFocus={(e) => onFocus(id, e.target.value)}
      />
      {currency && (
        <span className="ws-money__currency" aria-hidden="true">
          {currency}
        </span>
      )}
    </div>
  );
}

function useOptions(load: () => Promise<{ value: string; label: string }[]>, key: string) {
  const [options, setOptions] = useState<{ value: string; label: string }[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    load().then(
      (o) => live && setOptions(o),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
    // `key` names what `load` depends on.
  }, [key]);
  return { options, failed };
}

function SelectOf(props: WidgetProps & { choices: { value: string; label: string }[] | null; loading: string }) {
  const { id, value, required, disabled, readonly, onChange, onBlur, onFocus, choices, loading } = props;
  const t = useMessages(workspaceMessages);
  const known = choices ?? [];
  const current = typeof value === 'string' && value !== '' && !known.some((c) => c.value === value) ? [{ value, label: value }] : [];
  return (
    <select
      id={id}
      name={id}
      className="form-control"
      value={value ?? ''}
      required={required}
      disabled={disabled || readonly}
      aria-describedby={describedBy(id)}
      aria-busy={choices === null}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
    >
      <option value="">{choices === null ? loading : t.form.choose}</option>
      {[...current, ...known].map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

/**
 * A select of the definition's options that starts empty, on a "Choose…" entry, required or
 * not: the user picks the option, the form never picks one for them. Options are told apart by
 * their index, as rjsf's own select does, so that a value of any type survives the round trip.
 */
export function OptionSelectWidget(props: WidgetProps) {
  const { id, value, required, disabled, readonly, autofocus, onChange, onBlur, onFocus, options, multiple } = props;
  const t = useMessages(workspaceMessages);
  const choices = options.enumOptions ?? [];
  const indexOf = (v: unknown) => String(choices.findIndex((c) => c.value === v));
  const picked = (select: HTMLSelectElement) =>
    multiple ? [...select.selectedOptions].flatMap((o) => (o.value === '' ? [] : [choices[Number(o.value)]?.value])) : select.value === '' ? undefined : choices[Number(select.value)]?.value;
  return (
    <select
      id={id}
      name={id}
      className="form-control"
      multiple={multiple}
      value={multiple ? (Array.isArray(value) ? value.map(indexOf) : []) : value === undefined || indexOf(value) === '-1' ? '' : indexOf(value)}
      required={required}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      aria-describedby={describedBy(id)}
      onChange={(e) => onChange(picked(e.target))}
      onBlur={(e) => onBlur(id, picked(e.target))}
      onFocus={(e) => onFocus(id, picked(e.target))}
    >
      {!multiple && <option value="">{t.form.choose}</option>}
      {choices.map((c, i) => (
        <option key={i} value={String(i)} disabled={Array.isArray(options.enumDisabled) && options.enumDisabled.includes(c.value)}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

/**
 * Where a picker sits (the form's procedure and record, the field's path), from the form's
 * context and the field's `ui:options.path` (forms/form-model.ts).
 */
function usePlace(props: WidgetProps): FieldPlace {
  const { language } = useLanguage();
  const context = props.registry.formContext as FormContext;
  return { procedure: context.procedure, recordId: context.recordId, field: String(props.options.path ?? props.name), language };
}

function PickerWidget(props: WidgetProps & { source: PickerSource; placeholder: string }) {
  const { id, value, label, required, disabled, readonly, autofocus, onChange, onBlur, onFocus, source, placeholder } = props;
  const common = {
    id,
    label,
    source,
    placeholder,
    required,
    disabled,
    readonly,
    autofocus,
    describedBy: describedBy(id),
    onChange,
    onBlur: (v: unknown) => onBlur(id, v),
    onFocus: (v: unknown) => onFocus(id, v),
  };
  if (props.multiple) {
    const values = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    return <MultiPicker {...common} value={values} />;
  }
  return <Picker {...common} value={typeof value === 'string' && value !== '' ? value : undefined} />;
}

/** A record (or, for a `multiple` link, records) of the linked procedure the user may pick for this field (`linkCandidates`), found by typing. */
export function LinkWidget(props: WidgetProps) {
  const t = useMessages(workspaceMessages);
  const place = usePlace(props);
  const source = useMemo(() => recordSource(place), [place.procedure, place.field, place.recordId, place.language]);
  return <PickerWidget {...props} source={source} placeholder={t.picker.record} />;
}

export function DepartmentWidget(props: WidgetProps) {
  const t = useMessages(workspaceMessages);
  const { language } = useLanguage();
  const { options } = useOptions(async () => {
    const data = await gql<{ departments: DepartmentRef[] }>(DEPARTMENTS);
    return data.departments.map((d) => ({ value: d.key, label: d.label }));
  }, language);
  return <SelectOf {...props} choices={options} loading={t.loading} />;
}

/** A colleague the field admits (`people` for the field: its roles and departments), found by typing part of their name. */
export function UserWidget(props: WidgetProps) {
  const t = useMessages(workspaceMessages);
  const place = usePlace(props);
  const source = useMemo(() => peopleSource(place), [place.procedure, place.field, place.recordId, place.language]);
  return <PickerWidget {...props} source={source} placeholder={t.picker.person} />;
}

const RjsfCheckboxes = getDefaultRegistry().widgets.CheckboxesWidget!;

/** rjsf's checkboxes (a multiselect) as a group named by the field's label, which a screen reader says before the boxes. */
export function CheckboxesWidget(props: WidgetProps) {
  return (
    <div role="group" aria-label={props.label}>
      <RjsfCheckboxes {...props} />
    </div>
  );
}

export const widgets = { SelectWidget: OptionSelectWidget, CheckboxesWidget, money: MoneyWidget, link: LinkWidget, department: DepartmentWidget, user: UserWidget };
