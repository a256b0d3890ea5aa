// Rules: when they are evaluated (actions, events), their condition, and their outcomes from the
// fixed vocabulary (block, requireApproval, setField, assign, setDue, notify).
import { useLanguage, useMessages } from '../shell/i18n';
import { ConditionEditor } from './condition-builder';
import { Card, ChoiceList, ItemButtons, LabelInputs, ProblemNote, SelectInput, TextInput, useProblemsAt } from './controls';
import { move, OUTCOME_TYPES, removeAt, replaceAt, RULE_EVENTS, uniqueKey, withProp, type OutcomeDef, type OutcomeType, type ProcedureDef, type RuleDef } from './definition';
import { DurationInput } from './flow-editor';
import { designerMessages } from './messages';
import { WhoEditor, useUserFields } from './who-editor';

export function RulesEditor({ definition, onChange }: { definition: ProcedureDef; onChange(def: ProcedureDef): void }) {
  const t = useMessages(designerMessages);
  const rules = definition.rules ?? [];
  const setRules = (next: RuleDef[]) => onChange(withProp(definition, 'rules', next));
  const firstField = definition.form.fields.find((f) => f.type !== 'section');
  return (
    <section aria-labelledby="dz-rules-title">
      <div className="dz-section-head">
        <h3 id="dz-rules-title">{t.rules.title}</h3>
        <button
          type="button"
          className="button button--quiet"
          onClick={() =>
            setRules([
              ...rules,
              {
                key: uniqueKey('rule', rules.map((r) => r.key), '-'),
                when: { all: [{ fact: 'data', path: `$.${firstField?.key ?? ''}`, operator: 'isEmpty', value: true }] },
                then: { type: 'block', message: { en: '', 'zh-CN': '' } },
              },
            ])
          }
        >
          + {t.rules.add}
        </button>
      </div>
      <ProblemNote at="/rules" exact />
      {rules.length === 0 && <p className="muted">{t.rules.none}</p>}
      {rules.map((r, i) => (
        <RuleCard key={i} index={i} rule={r} definition={definition} onChange={(next) => setRules(replaceAt(rules, i, next))} onUp={i > 0 ? () => setRules(move(rules, i, i - 1)) : undefined} onRemove={() => setRules(removeAt(rules, i))} />
      ))}
    </section>
  );
}

function outcomesOf(then: OutcomeDef | OutcomeDef[]): OutcomeDef[] {
  return Array.isArray(then) ? then : [then];
}

function RuleCard({ index, rule, definition, onChange, onUp, onRemove }: { index: number; rule: RuleDef; definition: ProcedureDef; onChange(rule: RuleDef): void; onUp?: () => void; onRemove(): void }) {
  const t = useMessages(designerMessages);
  const { pick } = useLanguage();
  const pointer = `/rules/${index}`;
  const problems = useProblemsAt(pointer);
  const outcomes = outcomesOf(rule.then);
  const setOutcomes = (next: OutcomeDef[]) => onChange({ ...rule, then: next.length === 1 ? next[0]! : next });
  const setOn = (key: 'actions' | 'events', value: string[]) => {
    const on = withProp(rule.on ?? {}, key, value);
    onChange(withProp(rule, 'on', Object.keys(on).length ? on : undefined));
  };
  const actionKeys = [...new Set(definition.actions.map((a) => a.key))];
  const name = pick(rule.description) || rule.key;
  return (
    <Card id={`dz-rule-${index}`} invalid={problems.length > 0} title={<>{name} <code className="dz-key">{rule.key}</code></>} actions={<ItemButtons name={name} onUp={onUp} onRemove={onRemove} />}>
      <ProblemNote at={pointer} except={['when', 'then']} />
      <TextInput label={t.common.key} mono value={rule.key} onChange={(v) => onChange({ ...rule, key: v })} />
      <LabelInputs legend={t.common.description} value={rule.description} optional onChange={(v) => onChange(withProp(rule, 'description', v))} />
      <div className="dz-grid2">
        <ChoiceList legend={t.rules.onActions} choices={actionKeys.map((k) => ({ value: k, label: pick(definition.actions.find((a) => a.key === k)?.label) || k }))} value={rule.on?.actions ?? []} onChange={(v) => setOn('actions', v)} />
        <ChoiceList legend={t.rules.onEvents} choices={RULE_EVENTS.map((e) => ({ value: e, label: t.rules.events[e] ?? e }))} value={rule.on?.events ?? []} onChange={(v) => setOn('events', v)} />
      </div>
      <ConditionEditor legend={t.rules.when} value={rule.when} onChange={(v) => onChange({ ...rule, when: v ?? { all: [] } })} />
      <ProblemNote at={`${pointer}/when`} />
      <fieldset className="dz-fieldset">
        <legend>{t.rules.then}</legend>
        {outcomes.map((o, i) => (
          <OutcomeEditor key={i} outcome={o} definition={definition} pointer={Array.isArray(rule.then) ? `${pointer}/then/${i}` : `${pointer}/then`} onChange={(next) => setOutcomes(replaceAt(outcomes, i, next))} onRemove={outcomes.length > 1 ? () => setOutcomes(removeAt(outcomes, i)) : undefined} />
        ))}
        <button type="button" className="dz-link-button" onClick={() => setOutcomes([...outcomes, { type: 'notify', to: { creator: true }, message: { en: '', 'zh-CN': '' } }])}>
          + {t.rules.addOutcome}
        </button>
      </fieldset>
    </Card>
  );
}

function blankOutcome(type: OutcomeType, definition: ProcedureDef): OutcomeDef {
  switch (type) {
    case 'block':
      return { type, message: { en: '', 'zh-CN': '' } };
    case 'requireApproval':
      return { type, gate: definition.gates?.[0]?.key ?? '' };
    case 'setField':
      return { type, field: definition.form.fields.find((f) => f.type !== 'section')?.key ?? '', value: '' };
    case 'assign':
      return { type, to: { creator: true } };
    case 'setDue':
      return { type, in: 'P3D' };
    case 'notify':
      return { type, to: { creator: true }, message: { en: '', 'zh-CN': '' } };
  }
}

function OutcomeEditor({ outcome, definition, pointer, onChange, onRemove }: { outcome: OutcomeDef; definition: ProcedureDef; pointer: string; onChange(o: OutcomeDef): void; onRemove?: () => void }) {
  const t = useMessages(designerMessages);
  const { pick } = useLanguage();
  const userFields = useUserFields();
  const fields = definition.form.fields.filter((f) => f.type !== 'section' && !f.computed);
  return (
    <div className="dz-level" role="group" aria-label={t.rules.outcomeTypes[outcome.type]}>
      <div className="dz-level__head">
        <SelectInput label={t.rules.outcome} value={outcome.type} options={OUTCOME_TYPES.map((o) => ({ value: o, label: t.rules.outcomeTypes[o] }))} onChange={(v) => onChange(blankOutcome(v as OutcomeType, definition))} />
        {onRemove && <ItemButtons name={t.rules.outcomeTypes[outcome.type]} onRemove={onRemove} />}
      </div>
      <ProblemNote at={pointer} />
      {(outcome.type === 'block' || outcome.type === 'notify') && <LabelInputs legend={t.rules.message} value={outcome.message} onChange={(v) => onChange(withProp(outcome, 'message', v))} />}
      {outcome.type === 'requireApproval' && (
        <SelectInput label={t.rules.gate} value={outcome.gate} blank={t.common.select} options={(definition.gates ?? []).map((g) => ({ value: g.key, label: pick(g.label) || g.key }))} onChange={(v) => onChange({ ...outcome, gate: v })} />
      )}
      {outcome.type === 'setField' && (
        <div className="dz-grid3">
          <SelectInput label={t.rules.field} value={outcome.field} options={fields.map((f) => ({ value: f.key, label: pick(f.label) || f.key }))} onChange={(v) => onChange({ ...outcome, field: v })} />
          <TextInput label={t.rules.value} value={outcome.value === undefined ? '' : String(outcome.value)} onChange={(v) => onChange(withProp(withProp(outcome, 'expression', undefined), 'value', v === '' ? '' : Number.isNaN(Number(v)) ? v : Number(v)))} />
          <TextInput label={t.rules.expression} mono value={outcome.expression} onChange={(v) => onChange(v ? { ...withProp(outcome, 'value', undefined), expression: v } : withProp(outcome, 'expression', undefined))} />
        </div>
      )}
      {(outcome.type === 'assign' || outcome.type === 'notify') && <WhoEditor legend={t.rules.to} value={outcome.to} userFields={userFields} onChange={(v) => onChange({ ...outcome, to: v ?? {} })} />}
      {outcome.type === 'setDue' && <DurationInput legend={t.rules.dueIn} value={outcome.in} onChange={(v) => onChange({ ...outcome, in: v ?? 'P3D' })} />}
    </div>
  );
}
