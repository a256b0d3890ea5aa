// Widgets for the field types JSON Schema alone does not describe: money (exact decimal text with
// its currency), a link to another record, a user and a department. Each is a labelled control
// (rjsf gives the label `for` the widget's id).
import type { WidgetProps } from '@rjsf/utils';
import { useEffect, useState } from 'react';
import { gql } from '../../api/graphql';
import { useLanguage, useMessages } from '../../shell/i18n';
import { workspaceMessages } from '../messages';
import { DEPARTMENTS, RECORDS, USERS, type Connection, type DepartmentRef, type RecordSummary } from '../queries';
import { recordTitle } from '../record-title';

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

/** A record of the linked procedure, in the stages the field allows. */
export function LinkWidget(props: WidgetProps) {
  const t = useMessages(workspaceMessages);
  const language = useLanguage();
  const procedure = String(props.options.procedure ?? '');
  const stages = Array.isArray(props.options.stages) ? (props.options.stages as string[]) : [undefined];
  const { options } = useOptions(async () => {
    const pages = await Promise.all(
      stages.map((stage) => gql<{ records: Connection<RecordSummary> }>(RECORDS, { procedure, stage, first: 100, orderBy: 'updatedAt desc' })),
    );
    return pages.flatMap((p) => p.records.nodes).map((r) => ({ value: r.id, label: recordTitle(r, language) }));
  }, `${procedure}|${stages.join(',')}|${language.language}`);
  return <SelectOf {...props} choices={options} loading={t.loading} />;
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

/**
 * The user directory (`users`) is for administrators only; others type the user's id, which the
 * server checks (an active user), or pick themselves.
 */
export function UserWidget(props: WidgetProps) {
  const t = useMessages(workspaceMessages);
  const { options, failed } = useOptions(async () => {
    const data = await gql<{ users: { id: string; displayName: string; username: string; active: boolean }[] }>(USERS);
    return data.users.filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));
  }, 'users');
  if (!failed) return <SelectOf {...props} choices={options} loading={t.loading} />;
  const { id, value, required, disabled, readonly, onChange } = props;
  return (
    <input
      id={id}
      name={id}
      className="form-control"
      value={value ?? ''}
      required={required}
      disabled={disabled}
      readOnly={readonly}
      placeholder={t.form.userIdPlaceholder}
      aria-describedby={describedBy(id)}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    />
  );
}

export const widgets = { SelectWidget: OptionSelectWidget, money: MoneyWidget, link: LinkWidget, department: DepartmentWidget, user: UserWidget };
