// Records of one procedure: filter by stage, text and one data field; sort by a column; page with
// cursors. The choices live in the address, so a filtered list can be bookmarked and shared.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useLanguage, useMessages } from '../shell/i18n';
import { Due, LoadProblem, Pager, useCursorPages } from './common';
import { ValueText } from './forms/value-text';
import { workspaceMessages } from './messages';
import { PROCEDURE, PROCEDURES, RECORDS, type Connection, type DefinitionField, type ProcedureDetail, type ProcedureSummary, type RecordSummary } from './queries';
import { shortId } from './record-title';
import { useQuery } from './use-query';
import './workspace.css';

const PAGE_SIZE = 20;
const COLUMN_TYPES = new Set(['text', 'number', 'integer', 'money', 'date', 'datetime', 'select', 'boolean', 'department']);
const NUMERIC = new Set(['number', 'integer', 'money']);
const OPERATORS: Record<string, string[]> = {
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'],
  date: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'],
  text: ['contains', 'eq', 'ne'],
  select: ['eq', 'ne'],
};

function operatorsOf(field: DefinitionField | undefined): string[] {
  if (!field) return [];
  if (NUMERIC.has(field.type)) return OPERATORS.number!;
  if (field.type === 'date' || field.type === 'datetime') return OPERATORS.date!;
  if (field.type === 'text' || field.type === 'textarea') return OPERATORS.text!;
  return OPERATORS.select!;
}

/** The `where` argument of `records` for one field condition. */
function whereOf(field: DefinitionField | undefined, operator: string, raw: string): Record<string, unknown> | undefined {
  if (!field || raw.trim() === '') return undefined;
  let value: unknown = raw.trim();
  if (field.type === 'number' || field.type === 'integer') value = Number(raw);
  if (field.type === 'boolean') value = raw === 'true';
  return { [field.key]: { [operator]: value } };
}

export function RecordsPage() {
  const t = useMessages(workspaceMessages);
  const [params, setParams] = useSearchParams();
  const procedureKey = params.get('procedure') ?? '';
  const stage = params.get('stage') ?? '';
  const search = params.get('search') ?? '';
  const fieldKey = params.get('field') ?? '';
  const operator = params.get('op') ?? '';
  const value = params.get('value') ?? '';
  const orderBy = params.get('sort') ?? 'updatedAt desc';
  const pages = useCursorPages();

  const procedures = useQuery<{ procedures: ProcedureSummary[] }>(PROCEDURES, undefined);
  const procedure = useQuery<{ procedure: ProcedureDetail | null }>(PROCEDURE, { key: procedureKey }, procedureKey === '');
  const detail = procedureKey ? procedure.data?.procedure ?? undefined : undefined;
  const fields = (detail?.definition.form.fields ?? []).filter((f) => COLUMN_TYPES.has(f.type) && !f.readers);
  const filterField = fields.find((f) => f.key === fieldKey);
  const where = whereOf(filterField, operator || operatorsOf(filterField)[0] || 'eq', value);
  const records = useQuery<{ records: Connection<RecordSummary> }>(
    RECORDS,
    { procedure: procedureKey || undefined, stage: stage || undefined, search: search || undefined, where, orderBy, first: PAGE_SIZE, after: pages.after },
    procedureKey !== '' && !detail,
  );

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    pages.reset();
    setParams(next, { replace: true });
  };

  return (
    <section aria-labelledby="records-title" className="ws-page">
      <header className="ws-page__header">
        <h1 id="records-title">{t.records.title}</h1>
        {records.data && <p className="ws-count">{t.records.count(records.data.records.totalCount)}</p>}
      </header>
      <div className="card ws-filters">
        <label className="field">
          <span>{t.records.procedure}</span>
          <select value={procedureKey} onChange={(e) => update({ procedure: e.target.value, stage: undefined, field: undefined, op: undefined, value: undefined, sort: undefined })}>
            <option value="">{t.records.chooseProcedure}</option>
            {procedures.data?.procedures.map((p) => (
              <option key={p.key} value={p.key}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        {detail && (
          <label className="field">
            <span>{t.records.stage}</span>
            <select value={stage} onChange={(e) => update({ stage: e.target.value })}>
              <option value="">{t.records.anyStage}</option>
              {detail.stages.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <SearchBox initial={search} onSearch={(text) => update({ search: text })} />
        {detail && (
          <FieldFilter
            key={`${procedureKey}|${fieldKey}|${operator}|${value}`}
            fields={fields}
            fieldKey={fieldKey}
            operator={operator}
            value={value}
            onApply={(f, o, v) => update({ field: f, op: o, value: v })}
          />
        )}
        {(stage || search || fieldKey) && (
          <button type="button" className="button button--quiet ws-filters__clear" onClick={() => update({ stage: undefined, search: undefined, field: undefined, op: undefined, value: undefined })}>
            {t.records.clear}
          </button>
        )}
      </div>
      {!records.data ? (
        <LoadProblem error={records.error ?? procedure.error} retry={() => void records.reload()} />
      ) : records.data.records.nodes.length === 0 ? (
        <p className="ws-empty">{t.records.none}</p>
      ) : (
        <>
          <RecordsTable
            records={records.data.records.nodes}
            columns={fields.slice(0, 3)}
            orderBy={orderBy}
            procedures={new Map(procedures.data?.procedures.map((p) => [p.key, p.label]))}
            onSort={(sort) => update({ sort })}
          />
          <Pager
            index={pages.index}
            pageSize={PAGE_SIZE}
            shown={records.data.records.nodes.length}
            total={records.data.records.totalCount}
            hasNext={records.data.records.pageInfo.hasNextPage}
            onPrevious={pages.previous}
            onNext={() => pages.next(records.data!.records.pageInfo.endCursor)}
          />
        </>
      )}
    </section>
  );
}

function SearchBox({ initial, onSearch }: { initial: string; onSearch(text: string): void }) {
  const t = useMessages(workspaceMessages);
  const [text, setText] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };
  return (
    <form role="search" onSubmit={submit} className="ws-filters__search">
      <label className="field">
        <span>{t.records.search}</span>
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit" className="button button--quiet">
        {t.records.search}
      </button>
    </form>
  );
}

function FieldFilter(props: { fields: readonly DefinitionField[]; fieldKey: string; operator: string; value: string; onApply(field: string, operator: string, value: string): void }) {
  const t = useMessages(workspaceMessages);
  const { pick } = useLanguage();
  const [fieldKey, setFieldKey] = useState(props.fieldKey);
  const field = props.fields.find((f) => f.key === fieldKey);
  const operators = operatorsOf(field);
  const [operator, setOperator] = useState(props.operator);
  const [value, setValue] = useState(props.value);
  const op = operators.includes(operator) ? operator : (operators[0] ?? '');
  return (
    <form
      className="ws-filters__field"
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply(fieldKey, op, value);
      }}
    >
      <label className="field">
        <span>{t.records.filterField}</span>
        <select value={fieldKey} onChange={(e) => setFieldKey(e.target.value)}>
          <option value="">{t.records.noField}</option>
          {props.fields.map((f) => (
            <option key={f.key} value={f.key}>
              {pick(f.label)}
            </option>
          ))}
        </select>
      </label>
      {field && (
        <>
          <label className="field">
            <span>{t.records.operator}</span>
            <select value={op} onChange={(e) => setOperator(e.target.value)}>
              {operators.map((o) => (
                <option key={o} value={o}>
                  {t.records.operators[o]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t.records.value}</span>
            {field.options ? (
              <select value={value} onChange={(e) => setValue(e.target.value)}>
                <option value="" />
                {field.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {pick(o.label)}
                  </option>
                ))}
              </select>
            ) : field.type === 'boolean' ? (
              <select value={value} onChange={(e) => setValue(e.target.value)}>
                <option value="" />
                <option value="true">{t.yes}</option>
                <option value="false">{t.no}</option>
              </select>
            ) : (
              <input
                value={value}
                type={field.type === 'date' ? 'date' : 'text'}
                inputMode={NUMERIC.has(field.type) ? 'decimal' : undefined}
                onChange={(e) => setValue(e.target.value)}
              />
            )}
          </label>
        </>
      )}
      <button type="submit" className="button button--quiet">
        {t.records.apply}
      </button>
    </form>
  );
}

function RecordsTable(props: { records: readonly RecordSummary[]; columns: readonly DefinitionField[]; orderBy: string; procedures: ReadonlyMap<string, string>; onSort(sort: string): void }) {
  const t = useMessages(workspaceMessages);
  const { pick, formatDateTime } = useLanguage();
  const [sortKey, direction] = props.orderBy.split(' ') as [string, string | undefined];
  const header = (key: string, label: string, numeric = false) => {
    const active = sortKey === key;
    const dir = active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none';
    return (
      <th scope="col" aria-sort={dir} className={numeric ? 'ws-num' : undefined}>
        <button type="button" className="ws-sort" aria-label={t.records.sortBy(label)} onClick={() => props.onSort(`${key} ${active && direction !== 'asc' ? 'asc' : 'desc'}`)}>
          {label}
          <span aria-hidden="true" className="ws-sort__arrow">
            {active ? (direction === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };
  return (
    <div className="ws-table-wrap">
      <table className="ws-table ws-records">
        <thead>
          <tr>
            <th scope="col">{t.records.record}</th>
            {header('stage', t.records.stage)}
            {props.columns.map((c) => header(`data.${c.key}`, pick(c.label), NUMERIC.has(c.type)))}
            {header('updatedAt', t.records.updated)}
            {header('dueAt', t.records.due)}
          </tr>
        </thead>
        <tbody>
          {props.records.map((r) => (
            <tr key={r.id}>
              <td data-label={t.records.record}>
                <Link className="link" to={`/records/${r.id}`}>
                  {r.title}
                </Link>
                <div className="muted ws-small">
                  {props.columns.length === 0 && `${props.procedures.get(r.procedure) ?? r.procedure} · `}
                  {shortId(r.id)}
                </div>
              </td>
              <td data-label={t.records.stage}>
                <span className="ws-stage">{r.stage.label}</span>
              </td>
              {props.columns.map((c) => (
                <td key={c.key} data-label={pick(c.label)} className={NUMERIC.has(c.type) ? 'ws-num' : undefined}>
                  <ValueText field={c} value={r.data[c.key]} />
                </td>
              ))}
              <td data-label={t.records.updated}>{formatDateTime(r.updatedAt)}</td>
              <td data-label={t.records.due}>
                <Due dueAt={r.dueAt} overdue={r.overdue} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
