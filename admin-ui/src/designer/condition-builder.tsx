// The condition builder: tests (fact, field, operator, value) in nested all / any / none groups,
// written as json-rules-engine conditions in the format of the definitions
// (`{ all: [{ fact: data, path: $.kind, operator: equal, value: other }] }`).
import { useId } from 'react';
import { useLanguage, useMessages } from '../shell/i18n';
import { useDesign } from './design-context';
import { fieldPaths, removeAt, replaceAt, type Condition, type FieldDef } from './definition';
import { designerMessages, operatorLabels } from './messages';

const FACTS = ['data', 'previous', 'changes', 'actor', 'record', 'approvals', 'percentChange', 'links', 'now'] as const;
const ACTOR_PATHS = ['id', 'username', 'roles', 'department', 'isAdmin'];
const RECORD_PATHS = ['id', 'procedure', 'stage', 'createdBy', 'department', 'assignee', 'createdAt', 'updatedAt', 'dueAt'];
const GATE_STATES = ['none', 'pending', 'approved', 'rejected', 'cancelled'];
const OPERATORS = ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn', 'contains', 'doesNotContain', 'before', 'after', 'onOrBefore', 'onOrAfter', 'withinNextDays', 'withinLastDays', 'isEmpty', 'isNotEmpty', 'matches'];
const VALUELESS = new Set(['isEmpty', 'isNotEmpty']);
const LIST_VALUED = new Set(['in', 'notIn']);
const ROW_DECORATORS = ['someFact', 'everyFact'] as const;

type Mode = 'all' | 'any' | 'none';

interface Group {
  mode: Mode;
  items: Condition[];
}

function isGroup(c: Condition): boolean {
  return c.all !== undefined || c.any !== undefined || c.not !== undefined;
}

/** Any condition seen as a group: a single test or a `not` of one becomes a group of one. */
function groupOf(c: Condition): Group {
  if (c.all) return { mode: 'all', items: c.all };
  if (c.any) return { mode: 'any', items: c.any };
  if (c.not) {
    const inner = c.not;
    if (inner.any) return { mode: 'none', items: inner.any };
    return { mode: 'none', items: [inner] };
  }
  return { mode: 'all', items: [c] };
}

function conditionOf(group: Group): Condition {
  if (group.mode === 'all') return { all: group.items };
  if (group.mode === 'any') return { any: group.items };
  return { not: { any: group.items } };
}

export function ConditionEditor(props: { legend: string; value: Condition | undefined; onChange(value: Condition | undefined): void; fields?: readonly FieldDef[] }) {
  const t = useMessages(designerMessages);
  const { definition } = useDesign();
  const fields = props.fields ?? definition.form.fields;
  return (
    <fieldset className="dz-fieldset dz-condition">
      <legend>{props.legend}</legend>
      {props.value === undefined ? (
        <div className="row">
          <span className="muted">{t.form.conditionNone}</span>
          <button type="button" className="dz-link-button" onClick={() => props.onChange({ all: [newTest(fields)] })}>
            + {t.form.addCondition}
          </button>
        </div>
      ) : (
        <GroupEditor group={groupOf(props.value)} fields={fields} depth={0} onChange={(g) => props.onChange(g && g.items.length > 0 ? conditionOf(g) : undefined)} />
      )}
    </fieldset>
  );
}

function newTest(fields: readonly FieldDef[]): Condition {
  const first = fieldPaths(fields)[0];
  return { fact: 'data', path: first?.path ?? '$.', operator: 'equal', value: '' };
}

function GroupEditor({ group, fields, depth, onChange }: { group: Group; fields: readonly FieldDef[]; depth: number; onChange(group: Group | undefined): void }) {
  const t = useMessages(designerMessages);
  const modeId = useId();
  const setItem = (i: number, item: Condition | undefined) => onChange({ ...group, items: item ? replaceAt(group.items, i, item) : removeAt(group.items, i) });
  return (
    <div className={`dz-group dz-group--${depth % 2 ? 'odd' : 'even'}`} role="group" aria-labelledby={modeId}>
      <div className="dz-group__head">
        <label id={modeId} className="dz-sr-only" htmlFor={`${modeId}-select`}>
          {t.condition.group}
        </label>
        <select id={`${modeId}-select`} aria-label={t.condition.group} value={group.mode} onChange={(e) => onChange({ ...group, mode: e.target.value as Mode })}>
          <option value="all">{t.condition.all}</option>
          <option value="any">{t.condition.any}</option>
          <option value="none">{t.condition.none}</option>
        </select>
        <button type="button" className="dz-link-button dz-link-button--danger" onClick={() => onChange(undefined)}>
          {t.condition.removeGroup}
        </button>
      </div>
      {group.items.length === 0 && <p className="muted">{t.condition.empty}</p>}
      <ol className="dz-group__items">
        {group.items.map((item, i) =>
          isGroup(item) ? (
            <li key={i}>
              <GroupEditor group={groupOf(item)} fields={fields} depth={depth + 1} onChange={(g) => setItem(i, g && g.items.length > 0 ? conditionOf(g) : undefined)} />
            </li>
          ) : (
            <li key={i}>
              <TestEditor test={item} fields={fields} onChange={(c) => setItem(i, c)} />
            </li>
          ),
        )}
      </ol>
      <div className="row">
        <button type="button" className="dz-link-button" onClick={() => onChange({ ...group, items: [...group.items, newTest(fields)] })}>
          + {t.condition.addTest}
        </button>
        <button type="button" className="dz-link-button" onClick={() => onChange({ ...group, items: [...group.items, { any: [newTest(fields)] }] })}>
          + {t.condition.addGroup}
        </button>
      </div>
    </div>
  );
}

function splitOperator(operator: string): { decorator: string | undefined; base: string } {
  const parts = operator.split(':');
  const base = parts.pop() ?? 'equal';
  return { decorator: parts.find((p) => (ROW_DECORATORS as readonly string[]).includes(p)), base };
}

function TestEditor({ test, fields, onChange }: { test: Condition; fields: readonly FieldDef[]; onChange(test: Condition | undefined): void }) {
  const t = useMessages(designerMessages);
  const ops = useMessages(operatorLabels);
  const { pick } = useLanguage();
  const { definition } = useDesign();
  const id = useId();
  const fact = test.fact ?? 'data';
  const { decorator, base } = splitOperator(test.operator ?? 'equal');
  const paths = fieldPaths(fields);
  const field = paths.find((p) => p.path === test.path)?.field;
  const byRow = test.path?.includes('[*]') ?? false;

  const pathChoices: { value: string; label: string }[] | null =
    fact === 'data' || fact === 'previous' || fact === 'percentChange'
      ? paths.map((p) => ({ value: p.path, label: `${pick(p.label) || p.path}` }))
      : fact === 'actor'
        ? ACTOR_PATHS.map((p) => ({ value: `$.${p}`, label: p }))
        : fact === 'record'
          ? RECORD_PATHS.map((p) => ({ value: `$.${p}`, label: p }))
          : fact === 'approvals'
            ? (definition.gates ?? []).map((g) => ({ value: `$.${g.key}`, label: pick(g.label) || g.key }))
            : null;

  const set = (patch: Partial<Condition>) => {
    const next = { ...test, ...patch };
    if (next.path === undefined) delete next.path;
    onChange(next);
  };
  const setOperator = (nextDecorator: string | undefined, nextBase: string) => {
    const operator = nextDecorator ? `${nextDecorator}:${nextBase}` : nextBase;
    set({ operator, value: VALUELESS.has(nextBase) ? true : VALUELESS.has(base) ? '' : test.value });
  };
  const setPath = (path: string) => {
    const rowPath = path.includes('[*]');
    const nextDecorator = rowPath ? (decorator ?? 'someFact') : undefined;
    set({ path, operator: nextDecorator ? `${nextDecorator}:${base}` : base });
  };
  const setFact = (next: string) => {
    const patch: Partial<Condition> = { fact: next };
    if (next === 'changes' || next === 'now') patch.path = undefined;
    else if (next === 'links') patch.path = '$.';
    else patch.path = undefined;
    const choices = next === 'data' || next === 'previous' || next === 'percentChange' ? paths.map((p) => p.path) : next === 'actor' ? ACTOR_PATHS.map((p) => `$.${p}`) : next === 'record' ? RECORD_PATHS.map((p) => `$.${p}`) : next === 'approvals' ? (definition.gates ?? []).map((g) => `$.${g.key}`) : [];
    if (choices[0]) patch.path = choices[0];
    set({ ...patch, operator: base });
  };

  return (
    <div className="dz-test" role="group" aria-label={t.condition.addTest}>
      <div className="dz-input">
        <label htmlFor={`${id}-fact`}>{t.condition.fact}</label>
        <select id={`${id}-fact`} value={fact} onChange={(e) => setFact(e.target.value)}>
          {FACTS.map((f) => (
            <option key={f} value={f}>
              {t.condition.facts[f] ?? f}
            </option>
          ))}
        </select>
      </div>
      {pathChoices ? (
        <div className="dz-input">
          <label htmlFor={`${id}-path`}>{t.condition.field}</label>
          <select id={`${id}-path`} value={test.path ?? ''} onChange={(e) => setPath(e.target.value)}>
            {!pathChoices.some((c) => c.value === test.path) && <option value={test.path ?? ''}>{test.path ?? t.common.select}</option>}
            {pathChoices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      ) : fact === 'links' ? (
        <div className="dz-input">
          <label htmlFor={`${id}-path`}>{t.condition.path}</label>
          <input id={`${id}-path`} className="dz-mono" value={test.path ?? ''} onChange={(e) => set({ path: e.target.value })} />
        </div>
      ) : null}
      {byRow && (
        <div className="dz-input">
          <label htmlFor={`${id}-rows`}>{t.form.columns}</label>
          <select id={`${id}-rows`} value={decorator ?? 'someFact'} onChange={(e) => setOperator(e.target.value, base)}>
            <option value="someFact">{t.condition.any}</option>
            <option value="everyFact">{t.condition.all}</option>
          </select>
        </div>
      )}
      <div className="dz-input">
        <label htmlFor={`${id}-op`}>{t.condition.operator}</label>
        <select id={`${id}-op`} value={base} onChange={(e) => setOperator(decorator, e.target.value)}>
          {OPERATORS.map((o) => (
            <option key={o} value={o}>
              {ops[o] ?? o}
            </option>
          ))}
        </select>
      </div>
      {!VALUELESS.has(base) && <ValueInput id={`${id}-value`} test={test} field={fact === 'data' || fact === 'previous' ? field : undefined} base={base} onChange={(value) => set({ value })} />}
      <button type="button" className="dz-icon dz-icon--danger" aria-label={t.condition.remove} title={t.condition.remove} onClick={() => onChange(undefined)}>
        ✕
      </button>
    </div>
  );
}

/** A value that is another fact (`{ fact: data, path: $.requestedAmount }`) rather than a constant. */
function isFactReference(value: unknown): value is { fact: string; path?: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { fact?: unknown }).fact === 'string';
}

function ValueInput({ id, test, field, base, onChange }: { id: string; test: Condition; field: FieldDef | undefined; base: string; onChange(value: unknown): void }) {
  const t = useMessages(designerMessages);
  const { definition } = useDesign();
  const reference = isFactReference(test.value);
  return (
    <>
      <div className="dz-input dz-input--kind">
        <label htmlFor={`${id}-kind`}>{t.condition.compareWith}</label>
        <select id={`${id}-kind`} value={reference ? 'fact' : 'value'} onChange={(e) => onChange(e.target.value === 'fact' ? { fact: 'data', path: fieldPaths(definition.form.fields).at(0)?.path ?? '$.' } : '')}>
          <option value="value">{t.condition.aValue}</option>
          <option value="fact">{t.condition.aFact}</option>
        </select>
      </div>
      {reference ? <FactReferenceInput id={id} value={test.value as { fact: string; path?: string }} onChange={onChange} /> : <ConstantInput id={id} test={test} field={field} base={base} onChange={onChange} />}
    </>
  );
}

function FactReferenceInput({ id, value, onChange }: { id: string; value: { fact: string; path?: string }; onChange(value: unknown): void }) {
  const t = useMessages(designerMessages);
  const { pick } = useLanguage();
  const { definition } = useDesign();
  const withFields = value.fact === 'data' || value.fact === 'previous';
  const paths = fieldPaths(definition.form.fields);
  return (
    <>
      <div className="dz-input">
        <label htmlFor={`${id}-vfact`}>{t.condition.fact}</label>
        <select id={`${id}-vfact`} value={value.fact} onChange={(e) => onChange(e.target.value === 'now' || e.target.value === 'changes' ? { fact: e.target.value } : { fact: e.target.value, path: value.path ?? '$.' })}>
          {FACTS.map((f) => (
            <option key={f} value={f}>
              {t.condition.facts[f] ?? f}
            </option>
          ))}
        </select>
      </div>
      {value.fact !== 'now' && value.fact !== 'changes' && (
        <div className="dz-input dz-input--grow">
          <label htmlFor={`${id}-vpath`}>{withFields ? t.condition.field : t.condition.path}</label>
          {withFields ? (
            <select id={`${id}-vpath`} value={value.path ?? ''} onChange={(e) => onChange({ ...value, path: e.target.value })}>
              {!paths.some((p) => p.path === value.path) && <option value={value.path ?? ''}>{value.path ?? t.common.select}</option>}
              {paths.map((p) => (
                <option key={p.path} value={p.path}>
                  {pick(p.label) || p.path}
                </option>
              ))}
            </select>
          ) : (
            <input id={`${id}-vpath`} className="dz-mono" value={value.path ?? ''} onChange={(e) => onChange({ ...value, path: e.target.value })} />
          )}
        </div>
      )}
    </>
  );
}

function ConstantInput({ id, test, field, base, onChange }: { id: string; test: Condition; field: FieldDef | undefined; base: string; onChange(value: unknown): void }) {
  const t = useMessages(designerMessages);
  const { pick } = useLanguage();
  const { definition } = useDesign();
  const label = <label htmlFor={id}>{t.condition.value}</label>;
  const value = test.value;
  let choices: { value: string; label: string }[] | null = null;
  if (field?.options) choices = field.options.map((o) => ({ value: o.value, label: pick(o.label) || o.value }));
  else if (test.fact === 'record' && test.path === '$.stage') choices = definition.stages.map((s) => ({ value: s.key, label: pick(s.label) || s.key }));
  else if (test.fact === 'approvals') choices = GATE_STATES.map((s) => ({ value: s, label: s }));
  else if (field?.type === 'boolean' || (test.fact === 'actor' && test.path === '$.isAdmin')) choices = [{ value: 'true', label: t.common.yes }, { value: 'false', label: t.common.no }];

  if (LIST_VALUED.has(base)) {
    const list = Array.isArray(value) ? value.map(String) : [];
    return (
      <div className="dz-input dz-input--grow">
        {label}
        <input id={id} value={list.join(', ')} placeholder="a, b" onChange={(e) => onChange(e.target.value.split(',').map((v) => v.trim()).filter(Boolean))} />
      </div>
    );
  }
  if (choices) {
    const current = value === undefined ? '' : String(value);
    return (
      <div className="dz-input">
        {label}
        <select id={id} value={current} onChange={(e) => onChange(e.target.value === 'true' && choices![0]!.value === 'true' ? true : e.target.value === 'false' && choices![1]?.value === 'false' ? false : e.target.value)}>
          <option value="">{t.common.select}</option>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
    );
  }
  const numeric = ['number', 'integer', 'money'].includes(field?.type ?? '') || test.fact === 'percentChange' || base === 'withinNextDays' || base === 'withinLastDays';
  return (
    <div className="dz-input dz-input--grow">
      {label}
      <input
        id={id}
        type={numeric ? 'number' : field?.type === 'date' ? 'date' : 'text'}
        step="any"
        value={value === undefined || value === null || typeof value === 'object' ? '' : String(value)}
        onChange={(e) => onChange(numeric && e.target.value !== '' ? Number(e.target.value) : e.target.value)}
      />
    </div>
  );
}
