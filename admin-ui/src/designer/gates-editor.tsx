// Approval gates: levels decided one after another, each with its approvers, quorum and an
// optional condition; where a rejection sends the record; which changes reopen the gate.
import { useId } from 'react';
import { useLanguage, useMessages } from '../shell/i18n';
import { ConditionEditor } from './condition-builder';
import { Card, Checkbox, ChoiceList, ItemButtons, LabelInputs, NumberInput, ProblemNote, SelectInput, TextInput, useProblemsAt } from './controls';
import { blankLabel, move, removeAt, replaceAt, uniqueKey, withProp, type GateDef, type LevelDef, type ProcedureDef, type Quorum } from './definition';
import { designerMessages } from './messages';
import { WhoEditor, useUserFields } from './who-editor';

export function GatesEditor({ definition, onChange }: { definition: ProcedureDef; onChange(def: ProcedureDef): void }) {
  const t = useMessages(designerMessages);
  const { pick } = useLanguage();
  const gates = definition.gates ?? [];
  const setGates = (next: GateDef[]) => onChange(withProp(definition, 'gates', next));
  return (
    <section aria-labelledby="dz-gates-title">
      <div className="dz-section-head">
        <h3 id="dz-gates-title">{t.gates.title}</h3>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => setGates([...gates, { key: uniqueKey('approval', gates.map((g) => g.key), '-'), label: blankLabel(), levels: [{ approvers: { departmentManager: true } }] }])}
        >
          + {t.gates.add}
        </button>
      </div>
      <ProblemNote at="/gates" exact />
      {gates.length === 0 && <p className="muted">{t.gates.none}</p>}
      {gates.map((g, i) => (
        <GateCard
          key={i}
          index={i}
          gate={g}
          definition={definition}
          name={pick(g.label) || g.key}
          onChange={(next) => setGates(replaceAt(gates, i, next))}
          onUp={i > 0 ? () => setGates(move(gates, i, i - 1)) : undefined}
          onRemove={() => setGates(removeAt(gates, i))}
        />
      ))}
    </section>
  );
}

function GateCard({ index, gate, definition, name, onChange, onUp, onRemove }: { index: number; gate: GateDef; definition: ProcedureDef; name: string; onChange(gate: GateDef): void; onUp?: () => void; onRemove(): void }) {
  const t = useMessages(designerMessages);
  const { pick } = useLanguage();
  const pointer = `/gates/${index}`;
  const problems = useProblemsAt(pointer);
  const set = (key: string, value: unknown) => onChange(withProp(gate, key, value));
  const requiredBy = definition.actions.filter((a) => (a.requires ?? []).includes(gate.key)).map((a) => pick(a.label) || a.key);
  const tables = definition.form.fields.filter((f) => f.type === 'table');
  const valueFields = definition.form.fields.filter((f) => f.type !== 'section');
  const userFields = useUserFields(gate.rows);
  return (
    <Card id={`dz-gate-${index}`} invalid={problems.length > 0} title={<>{name} <code className="dz-key">{gate.key}</code></>} actions={<ItemButtons name={name} onUp={onUp} onRemove={onRemove} />}>
      <ProblemNote at={pointer} except={['label', 'levels']} />
      <p className="muted dz-small">{requiredBy.length ? `${t.gates.requiredBy}: ${requiredBy.join(', ')}` : t.gates.notRequired}</p>
      <TextInput label={t.common.key} mono value={gate.key} onChange={(v) => set('key', v)} name="gate-key" />
      <LabelInputs legend={t.common.label} value={gate.label} onChange={(v) => set('label', v)} name="gate-label" />
      <ProblemNote at={`${pointer}/label`} />
      <fieldset className="dz-fieldset">
        <legend>{t.gates.levels}</legend>
        <ProblemNote at={`${pointer}/levels`} exact />
        {gate.levels.map((level, i) => (
          <LevelEditor
            key={i}
            index={i}
            level={level}
            pointer={`${pointer}/levels/${i}`}
            userFields={userFields}
            onChange={(l) => onChange({ ...gate, levels: replaceAt(gate.levels, i, l) })}
            onUp={i > 0 ? () => onChange({ ...gate, levels: move(gate.levels, i, i - 1) }) : undefined}
            onRemove={() => onChange({ ...gate, levels: removeAt(gate.levels, i) })}
          />
        ))}
        <button type="button" className="dz-link-button" onClick={() => onChange({ ...gate, levels: [...gate.levels, { approvers: { roles: ['manager'] } }] })}>
          + {t.gates.addLevel}
        </button>
      </fieldset>
      <div className="dz-grid2">
        <SelectInput label={t.gates.onReject} value={gate.onReject?.stage} blank={t.gates.onRejectNone} options={definition.stages.map((s) => ({ value: s.key, label: pick(s.label) || s.key }))} onChange={(v) => set('onReject', v ? { stage: v } : undefined)} />
        <SelectInput label={t.gates.rows} value={gate.rows} blank={t.gates.rowsNone} options={tables.map((f) => ({ value: f.key, label: pick(f.label) || f.key }))} onChange={(v) => set('rows', v || undefined)} />
      </div>
      <Checkbox label={t.gates.selfApproval} checked={gate.selfApproval === true} onChange={(on) => set('selfApproval', on)} />
      <ChoiceList folded legend={t.gates.reopenOn} choices={valueFields.map((f) => ({ value: f.key, label: pick(f.label) || f.key }))} value={gate.reopenOn ?? []} onChange={(v) => set('reopenOn', v)} />
    </Card>
  );
}

type QuorumKind = 'any' | 'all' | 'count' | 'percent';

function quorumKind(q: Quorum | undefined): QuorumKind {
  if (q === undefined || q === 'any') return 'any';
  if (q === 'all') return 'all';
  return 'count' in q ? 'count' : 'percent';
}

function LevelEditor({ index, level, pointer, userFields, onChange, onUp, onRemove }: { index: number; level: LevelDef; pointer: string; userFields: { value: string; label: string }[]; onChange(level: LevelDef): void; onUp?: () => void; onRemove(): void }) {
  const t = useMessages(designerMessages);
  const id = useId();
  const kind = quorumKind(level.quorum);
  const setQuorum = (next: QuorumKind) => onChange(withProp(level, 'quorum', next === 'any' ? undefined : next === 'all' ? 'all' : next === 'count' ? { count: 2 } : { percent: 50 }));
  const title = `${t.gates.level(index + 1)}${level.key ? ` · ${level.key}` : ''}`;
  return (
    <div className="dz-level" role="group" aria-label={title}>
      <div className="dz-level__head">
        <strong>{title}</strong>
        <span>
          <ItemButtons name={title} onUp={onUp} onRemove={onRemove} />
        </span>
      </div>
      <ProblemNote at={pointer} except={['approvers', 'when']} />
      <div className="dz-grid2">
        <TextInput label={t.common.key} mono value={level.key} placeholder={`level-${index + 1}`} onChange={(v) => onChange(withProp(level, 'key', v))} />
        <div className="dz-input">
          <label htmlFor={id}>{t.gates.quorum}</label>
          <select id={id} value={kind} onChange={(e) => setQuorum(e.target.value as QuorumKind)}>
            <option value="any">{t.gates.quorumAny}</option>
            <option value="all">{t.gates.quorumAll}</option>
            <option value="count">{t.gates.quorumCount}</option>
            <option value="percent">{t.gates.quorumPercent}</option>
          </select>
        </div>
        {typeof level.quorum === 'object' && 'count' in level.quorum && <NumberInput label={t.gates.count} step="1" min={1} value={level.quorum.count} onChange={(v) => onChange({ ...level, quorum: { count: v ?? 1 } })} />}
        {typeof level.quorum === 'object' && 'percent' in level.quorum && <NumberInput label={t.gates.percent} min={1} value={level.quorum.percent} onChange={(v) => onChange({ ...level, quorum: { percent: v ?? 50 } })} />}
      </div>
      <WhoEditor legend={t.gates.approvers} value={level.approvers} userFields={userFields} onChange={(v) => onChange({ ...level, approvers: v ?? {} })} />
      <ProblemNote at={`${pointer}/approvers`} />
      <ConditionEditor legend={t.gates.when} value={level.when} onChange={(v) => onChange(withProp(level, 'when', v))} />
      <ProblemNote at={`${pointer}/when`} />
    </div>
  );
}
