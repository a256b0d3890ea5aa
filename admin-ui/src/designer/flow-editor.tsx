// Stages and actions: the diagram, then an editor card for each stage and each action.
import { useId, useState } from 'react';
import { useLanguage, useMessages } from '../shell/i18n';
import { ConditionEditor } from './condition-builder';
import { Card, Checkbox, ChoiceList, ItemButtons, LabelInputs, NumberInput, ProblemNote, SelectInput, TextInput, useProblemsAt } from './controls';
import { blankLabel, fromList, move, removeAt, replaceAt, uniqueKey, withProp, type ActionDef, type Duration, type ProcedureDef, type StageDef } from './definition';
import { FlowDiagram } from './flow-diagram';
import { designerMessages } from './messages';
import { WhoEditor, useUserFields } from './who-editor';

export function FlowEditor({ definition, onChange }: { definition: ProcedureDef; onChange(def: ProcedureDef): void }) {
  const t = useMessages(designerMessages);
  const { pick } = useLanguage();
  const { stages, actions } = definition;
  const setStages = (next: StageDef[]) => onChange({ ...definition, stages: next });
  const setActions = (next: ActionDef[]) => onChange({ ...definition, actions: next });
  const focus = (id: string) => setTimeout(() => {
    const element = document.getElementById(id);
    element?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    element?.focus({ preventScroll: true });
  }, 30);
  const addAction = (from: string, to: string) => {
    const target = stages.find((s) => s.key === to);
    const key = uniqueKey(to ? `to-${to}` : 'action', actions.map((a) => a.key), '-');
    const label = target ? { en: designerMessages.en.flow.newActionLabel(target.label.en ?? to), 'zh-CN': designerMessages['zh-CN'].flow.newActionLabel(target.label['zh-CN'] ?? to) } : blankLabel();
    const action: ActionDef = { key, label, from, by: { creator: true } };
    if (to) action.to = to;
    setActions([...actions, action]);
    focus(`dz-action-${actions.length}`);
  };

  return (
    <div className="dz-flow">
      <section aria-labelledby="dz-diagram-title" className="dz-panel">
        <h3 id="dz-diagram-title">{t.flow.diagram}</h3>
        <p className="muted dz-small">{t.flow.diagramHelp}</p>
        <FlowDiagram definition={definition} onConnect={addAction} onSelectStage={(i) => focus(`dz-stage-${i}`)} onSelectAction={(i) => focus(`dz-action-${i}`)} />
        <ConnectForm definition={definition} onAdd={addAction} />
      </section>
      <div className="dz-columns">
        <section aria-labelledby="dz-stages-title">
          <div className="dz-section-head">
            <h3 id="dz-stages-title">{t.flow.stages}</h3>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                const key = uniqueKey('stage', stages.map((s) => s.key), '-');
                setStages([...stages, { key, label: blankLabel(), ...(stages.length === 0 ? { initial: true as const } : {}) }]);
                focus(`dz-stage-${stages.length}`);
              }}
            >
              + {t.flow.addStage}
            </button>
          </div>
          <ProblemNote at="/stages" exact />
          {stages.length === 0 && <p className="muted">{t.flow.noStages}</p>}
          {stages.map((s, i) => (
            <StageCard
              key={i}
              index={i}
              stage={s}
              onChange={(next) => onChange(renameStage({ ...definition, stages: replaceAt(stages, i, next) }, s.key, next.key))}
              onUp={i > 0 ? () => setStages(move(stages, i, i - 1)) : undefined}
              onDown={i < stages.length - 1 ? () => setStages(move(stages, i, i + 1)) : undefined}
              onRemove={() => setStages(removeAt(stages, i))}
            />
          ))}
        </section>
        <section aria-labelledby="dz-actions-title">
          <div className="dz-section-head">
            <h3 id="dz-actions-title">{t.flow.actions}</h3>
            <button type="button" className="button button--quiet" onClick={() => addAction(stages[0]?.key ?? '', '')}>
              + {t.flow.addAction}
            </button>
          </div>
          <ProblemNote at="/actions" exact />
          {actions.length === 0 && <p className="muted">{t.flow.noActions}</p>}
          {actions.map((a, i) => (
            <ActionCard
              key={i}
              index={i}
              action={a}
              definition={definition}
              name={pick(a.label) || a.key}
              onChange={(next) => setActions(replaceAt(actions, i, next))}
              onUp={i > 0 ? () => setActions(move(actions, i, i - 1)) : undefined}
              onDown={i < actions.length - 1 ? () => setActions(move(actions, i, i + 1)) : undefined}
              onRemove={() => setActions(removeAt(actions, i))}
            />
          ))}
        </section>
      </div>
    </div>
  );
}

/** A stage's new key, followed by the actions and gates that name it. */
function renameStage(def: ProcedureDef, from: string, to: string): ProcedureDef {
  // Another stage still holding the old key keeps its references.
  if (from === to || !from || def.stages.some((s) => s.key === from)) return def;
  const rename = (key: string) => (key === from ? to : key);
  return {
    ...def,
    actions: def.actions.map((a) => ({ ...a, from: Array.isArray(a.from) ? a.from.map(rename) : rename(a.from), ...(a.to ? { to: rename(a.to) } : {}) })),
    ...(def.gates ? { gates: def.gates.map((g) => (g.onReject ? { ...g, onReject: { stage: rename(g.onReject.stage) } } : g)) } : {}),
  };
}

/** Adding an action without a mouse: choose the two stages. */
function ConnectForm({ definition, onAdd }: { definition: ProcedureDef; onAdd(from: string, to: string): void }) {
  const t = useMessages(designerMessages);
  const { pick } = useLanguage();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const choices = definition.stages.map((s) => ({ value: s.key, label: pick(s.label) || s.key }));
  return (
    <form
      className="dz-connect"
      aria-label={t.flow.connect}
      onSubmit={(e) => {
        e.preventDefault();
        if (from && to) onAdd(from, to);
      }}
    >
      <SelectInput label={t.flow.from} value={from} blank={t.common.select} options={choices.filter((c) => !definition.stages.find((s) => s.key === c.value)?.final)} onChange={setFrom} name="connect-from" />
      <SelectInput label={t.flow.to} value={to} blank={t.common.select} options={choices} onChange={setTo} name="connect-to" />
      <button type="submit" className="button button--quiet" disabled={!from || !to}>
        {t.flow.addAction}
      </button>
      <small className="muted">{t.flow.connectHelp}</small>
    </form>
  );
}

function DurationInput({ value, onChange, legend }: { value: Duration | undefined; onChange(value: Duration | undefined): void; legend: string }) {
  const t = useMessages(designerMessages);
  const id = useId();
  const kind = value === undefined ? 'none' : typeof value === 'string' ? 'iso' : 'working';
  return (
    <fieldset className="dz-fieldset dz-duration">
      <legend>{legend}</legend>
      <div className="dz-grid2">
        <div className="dz-input">
          <label htmlFor={id}>{t.flow.dueKind}</label>
          <select id={id} value={kind} onChange={(e) => onChange(e.target.value === 'none' ? undefined : e.target.value === 'iso' ? 'P3D' : { workingDays: 3 })}>
            <option value="none">{t.flow.dueNone}</option>
            <option value="iso">{t.flow.dueIso}</option>
            <option value="working">{t.flow.dueWorking}</option>
          </select>
        </div>
        {typeof value === 'string' && <TextInput label={t.flow.dueIso} mono help={t.flow.dueIsoHelp} value={value} onChange={(v) => onChange(v)} />}
        {typeof value === 'object' && <NumberInput label={t.flow.dueWorking} step="1" min={1} value={value.workingDays} onChange={(v) => onChange({ workingDays: v ?? 1 })} />}
      </div>
    </fieldset>
  );
}

export { DurationInput };

function StageCard({ index, stage, onChange, onUp, onDown, onRemove }: { index: number; stage: StageDef; onChange(stage: StageDef): void; onUp?: () => void; onDown?: () => void; onRemove(): void }) {
  const t = useMessages(designerMessages);
  const { pick } = useLanguage();
  const pointer = `/stages/${index}`;
  const problems = useProblemsAt(pointer);
  const set = (key: string, value: unknown) => onChange(withProp(stage, key, value));
  const name = pick(stage.label) || stage.key;
  const userFields = useUserFields();
  return (
    <Card id={`dz-stage-${index}`} invalid={problems.length > 0} title={<>{name} <code className="dz-key">{stage.key}</code></>} actions={<ItemButtons name={name} onUp={onUp} onDown={onDown} onRemove={onRemove} />}>
      <ProblemNote at={pointer} except={['label', 'dueIn', 'responsible']} />
      <TextInput label={t.common.key} mono value={stage.key} onChange={(v) => set('key', v)} name="stage-key" />
      <LabelInputs legend={t.common.label} value={stage.label} onChange={(v) => set('label', v)} name="stage-label" />
      <ProblemNote at={`${pointer}/label`} />
      <div className="dz-choices">
        <Checkbox label={t.flow.initial} checked={stage.initial === true} onChange={(on) => set('initial', on ? true : undefined)} />
        <Checkbox label={t.flow.final} checked={stage.final === true} onChange={(on) => onChange(withProp(on ? withProp(stage, 'dueIn', undefined) : stage, 'final', on ? true : undefined))} />
      </div>
      {!stage.final && <DurationInput legend={t.flow.dueIn} value={stage.dueIn} onChange={(v) => set('dueIn', v)} />}
      <ProblemNote at={`${pointer}/dueIn`} />
      <details className="dz-fold" open={stage.responsible !== undefined}>
        <summary>{t.flow.responsible}</summary>
        <WhoEditor legend={t.flow.responsible} value={stage.responsible} userFields={userFields} onChange={(v) => set('responsible', v)} />
      </details>
      <ProblemNote at={`${pointer}/responsible`} />
    </Card>
  );
}

function ActionCard({ index, action, definition, name, onChange, onUp, onDown, onRemove }: { index: number; action: ActionDef; definition: ProcedureDef; name: string; onChange(action: ActionDef): void; onUp?: () => void; onDown?: () => void; onRemove(): void }) {
  const t = useMessages(designerMessages);
  const { pick } = useLanguage();
  const pointer = `/actions/${index}`;
  const problems = useProblemsAt(pointer);
  const set = (key: string, value: unknown) => onChange(withProp(action, key, value));
  const stageChoices = definition.stages.map((s) => ({ value: s.key, label: pick(s.label) || s.key }));
  const from = fromList(action.from);
  const userFields = useUserFields();
  const gates = definition.gates ?? [];
  return (
    <Card
      id={`dz-action-${index}`}
      className="dz-action"
      invalid={problems.length > 0}
      title={<>{name} <code className="dz-key">{action.key}</code></>}
      actions={<ItemButtons name={name} onUp={onUp} onDown={onDown} onRemove={onRemove} />}
    >
      <ProblemNote at={pointer} except={['label', 'by', 'when']} />
      <TextInput label={t.common.key} mono value={action.key} onChange={(v) => set('key', v)} name="action-key" />
      <LabelInputs legend={t.common.label} value={action.label} onChange={(v) => set('label', v)} name="action-label" />
      <ProblemNote at={`${pointer}/label`} />
      <div className="dz-grid2">
        <ChoiceList legend={t.flow.from} choices={stageChoices.filter((c) => !definition.stages.find((s) => s.key === c.value)?.final)} value={from} onChange={(v) => onChange({ ...action, from: v.length === 1 ? v[0]! : v })} />
        <SelectInput label={t.flow.to} value={action.to} blank={t.common.select} options={stageChoices} onChange={(v) => set('to', v || undefined)} name="action-to" />
      </div>
      <WhoEditor legend={t.flow.by} value={action.by} userFields={userFields} onChange={(v) => onChange({ ...action, by: v ?? {} })} />
      <ProblemNote at={`${pointer}/by`} />
      {gates.length > 0 && <ChoiceList legend={t.flow.requiresGates} choices={gates.map((g) => ({ value: g.key, label: pick(g.label) || g.key }))} value={action.requires ?? []} onChange={(v) => set('requires', v)} />}
      <SelectInput
        label={t.flow.comment}
        value={action.comment ?? ''}
        options={[
          { value: '', label: t.flow.commentNone },
          { value: 'optional', label: t.flow.commentOptional },
          { value: 'required', label: t.flow.commentRequired },
        ]}
        onChange={(v) => set('comment', v || undefined)}
      />
      <ConditionEditor legend={t.flow.guard} value={action.when} onChange={(v) => set('when', v)} />
      <ProblemNote at={`${pointer}/when`} />
    </Card>
  );
}
