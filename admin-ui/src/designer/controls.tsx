// Small labelled inputs the designer's editors share, and the validation problems shown next to
// the element they concern (a JSON pointer into the definition).
import { createContext, useContext, useId, type ReactNode } from 'react';
import { useMessages } from '../shell/i18n';
import type { Label } from './definition';
import type { Problem } from './designer-api';
import { designerMessages } from './messages';

export const ProblemsContext = createContext<readonly Problem[]>([]);

/** Problems at `pointer` or inside it. */
export function useProblemsAt(pointer: string): Problem[] {
  const problems = useContext(ProblemsContext);
  return problems.filter((p) => p.path === pointer || p.path.startsWith(`${pointer}/`));
}

/** The problems of one element, read out when they appear. */
export function ProblemNote({ at, exact, except }: { at: string; exact?: boolean; except?: readonly string[] }) {
  const t = useMessages(designerMessages);
  const all = useProblemsAt(at);
  const shownElsewhere = (path: string) => (except ?? []).some((e) => path === `${at}/${e}` || path.startsWith(`${at}/${e}/`));
  const problems = exact ? all.filter((p) => p.path === at) : all.filter((p) => !shownElsewhere(p.path));
  if (problems.length === 0) return null;
  return (
    <div className="dz-problem" role="alert">
      <strong>{t.problems.here}</strong>
      <ul>
        {problems.map((p) => (
          <li key={`${p.path}:${p.message}`} data-path={p.path}>
            {p.path !== at && <code>{p.path.slice(at.length + 1)}</code>} {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TextInput(props: { label: string; value: string | undefined; onChange(value: string): void; help?: string; placeholder?: string; lang?: string; mono?: boolean; required?: boolean; name?: string }) {
  const id = useId();
  return (
    <div className="dz-input">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        className={props.mono ? 'dz-mono' : undefined}
        value={props.value ?? ''}
        lang={props.lang}
        placeholder={props.placeholder}
        required={props.required}
        aria-describedby={props.help ? `${id}-help` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.help && (
        <small id={`${id}-help`} className="muted">
          {props.help}
        </small>
      )}
    </div>
  );
}

/** A number input; an empty box is `undefined`. */
export function NumberInput(props: { label: string; value: number | string | undefined; onChange(value: number | undefined): void; step?: string; min?: number }) {
  const id = useId();
  return (
    <div className="dz-input dz-input--narrow">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        step={props.step ?? 'any'}
        min={props.min}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    </div>
  );
}

export function SelectInput(props: { label: string; value: string | undefined; options: readonly { value: string; label: string }[]; onChange(value: string): void; blank?: string; name?: string }) {
  const id = useId();
  return (
    <div className="dz-input">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value)}>
        {props.blank !== undefined && <option value="">{props.blank}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Checkbox(props: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label className="dz-check">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <span>{props.label}</span>
    </label>
  );
}

/** A set of keys chosen with checkboxes, folded into a summary that lists the choice. */
export function ChoiceList(props: { legend: string; choices: readonly { value: string; label: string }[]; value: readonly string[]; onChange(value: string[]): void; folded?: boolean }) {
  const t = useMessages(designerMessages);
  const chosen = props.choices.filter((c) => props.value.includes(c.value)).map((c) => c.label);
  const unknown = props.value.filter((v) => !props.choices.some((c) => c.value === v));
  const toggle = (value: string, on: boolean) => props.onChange(on ? [...props.value, value] : props.value.filter((v) => v !== value));
  const boxes = (
    <div className="dz-choices">
      {props.choices.map((c) => (
        <Checkbox key={c.value} label={c.label} checked={props.value.includes(c.value)} onChange={(on) => toggle(c.value, on)} />
      ))}
      {unknown.map((v) => (
        <Checkbox key={v} label={v} checked onChange={(on) => toggle(v, on)} />
      ))}
    </div>
  );
  if (!props.folded) {
    return (
      <fieldset className="dz-fieldset">
        <legend>{props.legend}</legend>
        {props.choices.length === 0 ? <span className="muted">{t.common.none}</span> : boxes}
      </fieldset>
    );
  }
  return (
    <details className="dz-fold">
      <summary>
        {props.legend}: <span className="muted">{[...chosen, ...unknown].join(', ') || t.who.summaryNone}</span>
      </summary>
      <fieldset className="dz-fieldset dz-fieldset--bare">
        <legend className="dz-sr-only">{props.legend}</legend>
        {boxes}
      </fieldset>
    </details>
  );
}

/** A bilingual text: one input per language, both required by the format. */
export function LabelInputs(props: { legend: string; value: Label | undefined; onChange(value: Label | undefined): void; optional?: boolean; name?: string }) {
  const t = useMessages(designerMessages);
  const value = props.value ?? {};
  const set = (lang: string, text: string) => {
    const next = { ...value, [lang]: text };
    if (props.optional && Object.values(next).every((v) => v === '')) props.onChange(undefined);
    else props.onChange(next);
  };
  return (
    <fieldset className="dz-fieldset dz-label">
      <legend>{props.legend}</legend>
      <div className="dz-grid2">
        <TextInput label={t.common.labelEn} value={value.en} lang="en" onChange={(v) => set('en', v)} name={props.name ? `${props.name}-en` : undefined} />
        <TextInput label={t.common.labelZh} value={value['zh-CN']} lang="zh-CN" onChange={(v) => set('zh-CN', v)} name={props.name ? `${props.name}-zh` : undefined} />
      </div>
    </fieldset>
  );
}

export function Card({ title, actions, children, className, id, invalid }: { title: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; id?: string; invalid?: boolean }) {
  const headingId = useId();
  return (
    <section className={`dz-card${invalid ? ' dz-card--invalid' : ''}${className ? ` ${className}` : ''}`} aria-labelledby={headingId} id={id} tabIndex={-1}>
      <header className="dz-card__head">
        <h3 id={headingId}>{title}</h3>
        {actions && <div className="dz-card__actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/** Up / down / remove buttons for an item of a list, named after the item for screen readers. */
export function ItemButtons({ name, onUp, onDown, onRemove }: { name: string; onUp?: () => void; onDown?: () => void; onRemove(): void }) {
  const t = useMessages(designerMessages);
  return (
    <>
      {onUp && (
        <button type="button" className="dz-icon" onClick={onUp} aria-label={`${t.common.moveUp}: ${name}`} title={t.common.moveUp}>
          ↑
        </button>
      )}
      {onDown && (
        <button type="button" className="dz-icon" onClick={onDown} aria-label={`${t.common.moveDown}: ${name}`} title={t.common.moveDown}>
          ↓
        </button>
      )}
      <button type="button" className="dz-icon dz-icon--danger" onClick={onRemove} aria-label={`${t.common.remove}: ${name}`} title={t.common.remove}>
        ✕
      </button>
    </>
  );
}
