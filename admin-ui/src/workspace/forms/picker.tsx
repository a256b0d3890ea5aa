// A searchable picker: the WAI-ARIA combobox pattern (a text input with a listbox popup, list
// autocomplete with automatic selection of the first match). The input carries the widget's id,
// so rjsf's label names it; it shows the chosen option's label, never the id the field holds.
// Keys: typing searches; Down and Up move through the matches (Down, or Alt+Down, opens them);
// Enter picks the highlighted one (and, while the list is open, never submits the form); Escape
// closes the list. Leaving the field without picking keeps what was chosen, unless the text was
// erased: that empties the field.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useMessages } from '../../shell/i18n';
import { workspaceMessages } from '../messages';
import { shortId } from '../record-title';
import type { PickerOption, PickerSource } from './picker-sources';
import './picker.css';

export interface PickerProps {
  readonly id: string;
  /** The field's label: names the list of matches. */
  readonly label: string;
  readonly value: string | undefined;
  readonly source: PickerSource;
  readonly placeholder: string;
  readonly required?: boolean;
  readonly disabled?: boolean;
  readonly readonly?: boolean;
  readonly autofocus?: boolean;
  readonly describedBy: string;
  onChange(value: string | undefined): void;
  onBlur(value: string | undefined): void;
  onFocus(value: string | undefined): void;
}

/** How long typing pauses before the server is asked. */
const SEARCH_DELAY_MS = 200;

export function Picker(props: PickerProps) {
  const t = useMessages(workspaceMessages);
  const { id, value, source } = props;
  const listId = `${id}__options`;
  const optionId = `${useId()}-option-`;
  const [chosen, remember] = useChosen(value, source);
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const { options, failed } = useMatches(open, text ?? '', source);
  const shownText = text ?? (chosen === undefined ? '' : chosen === null ? t.picker.unknown(shortId(value ?? '')) : chosen.label);

  // The first match is highlighted as the answer to what was typed: Enter picks it.
  useEffect(() => setActive(options && options.length > 0 && text ? 0 : -1), [options, text]);
  useEffect(() => {
    if (open && active >= 0) document.getElementById(`${optionId}${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active, optionId]);

  if (props.readonly || props.disabled) {
    return (
      <input
        id={id}
        name={id}
        className="form-control"
        value={value ? shownText : ''}
        readOnly
        disabled={props.disabled}
        aria-describedby={props.describedBy}
        aria-busy={value !== undefined && chosen === undefined}
      />
    );
  }

  const pick = (option: PickerOption) => {
    remember(option);
    props.onChange(option.value);
    setText(null);
    setOpen(false);
  };
  const close = () => {
    setOpen(false);
    // What was typed but not picked gives way to the choice.
    setText(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const count = options?.length ?? 0;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else if (!e.altKey && count > 0) setActive((a) => (a + 1) % count);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (open && count > 0) setActive((a) => (a <= 0 ? count - 1 : a - 1));
    } else if (e.key === 'Enter' && open) {
      // Never the form's submit while the list is open: Enter answers the list.
      e.preventDefault();
      const option = active >= 0 ? options?.[active] : undefined;
      if (option) pick(option);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      close();
    }
  };

  const status = !open ? '' : failed ? t.picker.failed : options === null ? t.loading : options.length === 0 ? t.picker.none : t.picker.count(options.length);
  return (
    <div className="ws-picker">
      <input
        id={id}
        name={id}
        className="form-control"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? `${optionId}${active}` : undefined}
        aria-describedby={`${props.describedBy} ${listId}__status`}
        aria-required={props.required}
        autoComplete="off"
        spellCheck={false}
        autoFocus={props.autofocus}
        placeholder={props.placeholder}
        value={shownText}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onClick={() => setOpen(true)}
        onFocus={() => props.onFocus(value)}
        onBlur={() => {
          const erased = text !== null && text.trim() === '';
          close();
          if (erased && value !== undefined) props.onChange(undefined);
          props.onBlur(erased ? undefined : value);
        }}
      />
      <ul id={listId} role="listbox" aria-label={t.picker.suggestions(props.label)} className="ws-picker__list" hidden={!open || !options || options.length === 0}>
        {(open ? (options ?? []) : []).map((option, i) => (
          <li
            key={option.value}
            id={`${optionId}${i}`}
            role="option"
            aria-selected={i === active}
            className={option.value === value ? 'ws-picker__option ws-picker__option--chosen' : 'ws-picker__option'}
            // Keeps the focus in the input, whose blur would close the list before the click.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(option)}
            onMouseEnter={() => setActive(i)}
          >
            {option.label}
            {option.detail && <span className="ws-picker__detail"> · {option.detail}</span>}
          </li>
        ))}
      </ul>
      <span id={`${listId}__status`} role="status" className={options?.length === 0 || failed ? 'ws-picker__status' : 'visually-hidden'}>
        {status}
      </span>
    </div>
  );
}

/**
 * The option the value stands for: undefined while it is looked up, null when it cannot be; and
 * a way to remember the option just picked, which needs no looking up.
 */
function useChosen(value: string | undefined, source: PickerSource): [PickerOption | null | undefined, (option: PickerOption) => void] {
  const [chosen, setChosen] = useState<{ value: string; option: PickerOption | null } | undefined>();
  useEffect(() => {
    if (!value || chosen?.value === value) return;
    let live = true;
    source.optionOf(value).then(
      (option) => live && setChosen({ value, option }),
      () => live && setChosen({ value, option: null }),
    );
    return () => {
      live = false;
    };
    // `source.key` names what `optionOf` depends on.
  }, [value, source.key]);
  const remember = (option: PickerOption) => setChosen({ value: option.value, option });
  return [value && chosen?.value === value ? chosen.option : undefined, remember];
}

/** The matches of the text while the list is open: null while they are asked. */
function useMatches(open: boolean, text: string, source: PickerSource): { options: PickerOption[] | null; failed: boolean } {
  const [answer, setAnswer] = useState<{ query: string; options: PickerOption[] | null; failed: boolean }>({ query: '', options: null, failed: false });
  const query = `${source.key}\n${text.trim()}`;
  const latest = useRef(source);
  latest.current = source;
  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      latest.current.search(text.trim(), controller.signal).then(
        (options) => setAnswer({ query, options, failed: false }),
        (error: unknown) => !controller.signal.aborted && setAnswer({ query, options: [], failed: Boolean(error) }),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `query` names the source and the text.
  }, [open, query]);
  return answer.query === query ? answer : { options: null, failed: false };
}

export interface MultiPickerProps extends Omit<PickerProps, 'value' | 'onChange' | 'onBlur' | 'onFocus'> {
  readonly value: readonly string[];
  onChange(value: string[]): void;
  onBlur(value: string[]): void;
  onFocus(value: string[]): void;
}

/** A field holding several choices (a `multiple` link): the chosen ones, each removable, and a picker that adds one. */
export function MultiPicker(props: MultiPickerProps) {
  const { value, source } = props;
  const fixed = props.readonly || props.disabled;
  return (
    <div className="ws-picker-multi">
      {value.length > 0 && (
        <ul className="ws-picker-multi__chosen">
          {value.map((v) => (
            <Chosen key={v} value={v} source={source} onRemove={fixed ? undefined : () => props.onChange(value.filter((x) => x !== v))} />
          ))}
        </ul>
      )}
      {!fixed && (
        <Picker
          {...props}
          value={undefined}
          required={props.required && value.length === 0}
          onChange={(added) => added !== undefined && !value.includes(added) && props.onChange([...value, added])}
          onBlur={() => props.onBlur([...value])}
          onFocus={() => props.onFocus([...value])}
        />
      )}
      {fixed && value.length === 0 && <input id={props.id} className="form-control" value="" readOnly aria-describedby={props.describedBy} />}
    </div>
  );
}

function Chosen({ value, source, onRemove }: { value: string; source: PickerSource; onRemove?: () => void }) {
  const t = useMessages(workspaceMessages);
  const [option] = useChosen(value, source);
  const name = option === undefined ? shortId(value) : option === null ? t.picker.unknown(shortId(value)) : option.label;
  return (
    <li className="ws-picker-multi__item">
      <span>
        {name}
        {option?.detail && <span className="ws-picker__detail"> · {option.detail}</span>}
      </span>
      {onRemove && (
        <button type="button" className="ws-row-button ws-row-button--danger" aria-label={t.picker.remove(name)} title={t.picker.remove(name)} onClick={onRemove}>
          <span aria-hidden="true">✕</span>
        </button>
      )}
    </li>
  );
}
