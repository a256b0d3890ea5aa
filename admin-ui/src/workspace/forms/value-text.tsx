// One field value as a reader sees it: money and dates in the user's language, options by their
// label, people by their name, links to the records they name.
import { useEffect, useState, type ReactNode } from 'react';
import { gql } from '../../api/graphql';
import { Link } from 'react-router';
import { useLanguage, useMessages } from '../../shell/i18n';
import { workspaceMessages } from '../messages';
import type { DefinitionField } from '../queries';
import { shortId } from '../record-title';
import { personById } from './picker-sources';

export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

export function ValueText({ field, value, departments }: { field: DefinitionField | undefined; value: unknown; departments?: ReadonlyMap<string, string> }): ReactNode {
  const language = useLanguage();
  const t = useMessages(workspaceMessages);
  if (isEmptyValue(value)) return <span className="muted">—</span>;
  const option = (v: unknown) => language.pick(field?.options?.find((o) => o.value === v)?.label) || String(v);
  switch (field?.type) {
    case 'money':
      return <span className="ws-number">{language.formatMoney(value as string, field.currency ?? 'CNY')}</span>;
    case 'number':
      return <span className="ws-number">{typeof value === 'number' ? new Intl.NumberFormat(language.language).format(value) : String(value)}</span>;
    case 'integer':
      // Whole numbers are years, months and counts here: no thousands separators.
      return <span className="ws-number">{String(value)}</span>;
    case 'date':
      return language.formatDate(String(value));
    case 'datetime':
      return language.formatDateTime(String(value));
    case 'boolean':
      return value ? t.yes : t.no;
    case 'select':
      return option(value);
    case 'multiselect':
      return Array.isArray(value) ? value.map(option).join(language.language === 'zh-CN' ? '、' : ', ') : option(value);
    case 'department':
      return departments?.get(String(value)) ?? String(value);
    case 'user':
      return <PersonName id={String(value)} />;
    case 'link': {
      const ids = Array.isArray(value) ? (value as string[]) : [String(value)];
      return (
        <>
          {ids.map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              <LinkedRecord id={id} />
            </span>
          ))}
        </>
      );
    }
    case 'file': {
      const files = (Array.isArray(value) ? value : [value]) as { name?: string }[];
      return files.map((f) => f?.name ?? '').join(', ');
    }
    case 'table':
      return <RowsTable field={field} rows={value as Record<string, unknown>[]} departments={departments} />;
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** A linked record by its title when the user may read it, else by its number. */
function LinkedRecord({ id }: { id: string }) {
  const language = useLanguage();
  const [title, setTitle] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    gql<{ record: { id: string; title: string; createdAt: string } | null }>(LINKED, { id }).then(
      (r) => live && r.record && setTitle(`${r.record.title} (${shortId(id)} · ${language.formatDate(r.record.createdAt)})`),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id, language]);
  return (
    <Link className="link" to={`/records/${id}`}>
      {title ?? shortId(id)}
    </Link>
  );
}

/** A person by their name, once `people` has named them; by their number when it cannot (they left). */
function PersonName({ id }: { id: string }) {
  const { language } = useLanguage();
  const t = useMessages(workspaceMessages);
  const [name, setName] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    personById(id, language).then(
      (person) => live && setName(person?.label ?? null),
      () => live && setName(null),
    );
    return () => {
      live = false;
    };
  }, [id, language]);
  if (name === undefined) return <span aria-busy="true">{shortId(id)}</span>;
  return <>{name ?? t.picker.unknown(shortId(id))}</>;
}

const LINKED = 'query LinkedRecord($id: ID!) { record(id: $id) { id title createdAt } }';

function RowsTable({ field, rows, departments }: { field: DefinitionField; rows: Record<string, unknown>[]; departments?: ReadonlyMap<string, string> }) {
  const { pick } = useLanguage();
  const columns = field.columns ?? [];
  return (
    <div className="ws-table-wrap">
      <table className="ws-table ws-table--compact">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.type === 'money' || c.type === 'number' || c.type === 'integer' ? 'ws-num' : undefined}>
                {pick(c.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c.key} className={c.type === 'money' || c.type === 'number' || c.type === 'integer' ? 'ws-num' : undefined}>
                  <ValueText field={c} value={row?.[c.key]} departments={departments} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The record's data, field by field in form order, grouped by section. */
export function DataView({ fields, data, departments }: { fields: readonly DefinitionField[]; data: Record<string, unknown>; departments?: ReadonlyMap<string, string> }) {
  const { pick } = useLanguage();
  const groups: { key: string; title?: string; fields: DefinitionField[] }[] = [{ key: '', fields: [] }];
  for (const field of fields) {
    if (field.type === 'section') groups.push({ key: field.key, title: pick(field.label), fields: [] });
    else if (data[field.key] !== undefined) groups.at(-1)!.fields.push(field);
  }
  return (
    <div className="ws-data">
      {groups
        .filter((g) => g.fields.length > 0)
        .map((g) => (
          <section key={g.key} className="ws-data__group" aria-label={g.title}>
            {g.title && <h3 className="ws-data__title">{g.title}</h3>}
            <dl className="ws-dl">
              {g.fields.map((f) => (
                <div key={f.key} className={f.type === 'table' || f.type === 'textarea' ? 'ws-dl__row ws-dl__row--wide' : 'ws-dl__row'}>
                  <dt>{pick(f.label)}</dt>
                  <dd>
                    <ValueText field={f} value={data[f.key]} departments={departments} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
    </div>
  );
}
