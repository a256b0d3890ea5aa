// The form builder: the list of fields (add, choose, reorder, remove — by buttons, the keyboard
// or dragging), the editor of the chosen field, and the live preview beside them.
import { useId, useState, type DragEvent } from 'react';
import { useLanguage, useMessages } from '../shell/i18n';
import { Card, ItemButtons, ProblemNote, useProblemsAt } from './controls';
import { FieldEditor, changeType } from './field-editor';
import { FormPreviewPanel } from './form-preview';
import { blankLabel, FIELD_TYPES, move, removeAt, replaceAt, uniqueKey, type FieldDef, type FieldType, type ProcedureDef } from './definition';
import { designerMessages } from './messages';

export function FormBuilder({ definition, onChange, selected, onSelect }: { definition: ProcedureDef; onChange(fields: FieldDef[]): void; selected: number; onSelect(index: number): void }) {
  const t = useMessages(designerMessages);
  const { pick } = useLanguage();
  const fields = definition.form.fields;
  const [type, setType] = useState<FieldType>('text');
  const [dragged, setDragged] = useState<number | null>(null);
  const typeId = useId();
  const current = fields[selected];

  const add = () => {
    const key = uniqueKey(type === 'section' ? 'section' : 'field', fields.map((f) => f.key));
    const field = changeType({ key, type: 'text', label: blankLabel() }, type);
    const at = selected >= 0 && selected < fields.length ? selected + 1 : fields.length;
    onChange([...fields.slice(0, at), field, ...fields.slice(at)]);
    onSelect(at);
  };
  const reorder = (from: number, to: number) => {
    onChange(move(fields, from, to));
    if (selected === from) onSelect(to);
  };
  const drop = (event: DragEvent, to: number) => {
    event.preventDefault();
    if (dragged !== null && dragged !== to) reorder(dragged, to);
    setDragged(null);
  };

  return (
    <div className="dz-formbuilder">
      <section className="dz-fieldlist" aria-labelledby={`${typeId}-title`}>
        <h3 id={`${typeId}-title`}>{t.form.fields}</h3>
        <ProblemNote at="/form" exact />
        <ProblemNote at="/form/fields" exact />
        {fields.length === 0 && <p className="muted">{t.form.noFields}</p>}
        <ol className="dz-fieldlist__items">
          {fields.map((f, i) => (
            <FieldListItem
              key={i}
              index={i}
              field={f}
              name={pick(f.label) || f.key}
              selected={i === selected}
              onSelect={() => onSelect(i)}
              onUp={i > 0 ? () => reorder(i, i - 1) : undefined}
              onDown={i < fields.length - 1 ? () => reorder(i, i + 1) : undefined}
              onRemove={() => {
                onChange(removeAt(fields, i));
                onSelect(Math.min(selected, fields.length - 2));
              }}
              onDragStart={() => setDragged(i)}
              onDrop={(e) => drop(e, i)}
            />
          ))}
        </ol>
        <div className="dz-addfield">
          <label htmlFor={typeId}>{t.form.type}</label>
          <select id={typeId} value={type} onChange={(e) => setType(e.target.value as FieldType)}>
            {FIELD_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t.types[ty]}
              </option>
            ))}
          </select>
          <button type="button" className="button" onClick={add}>
            {t.form.addField}
          </button>
        </div>
      </section>
      <div className="dz-fieldeditor">
        {current ? (
          <Card title={`${t.form.editField}: ${pick(current.label) || current.key}`} invalid={false}>
            <FieldEditor field={current} pointer={`/form/fields/${selected}`} onChange={(f) => onChange(replaceAt(fields, selected, f))} />
          </Card>
        ) : (
          <p className="muted dz-empty">{fields.length ? t.form.selectField : t.form.noFields}</p>
        )}
      </div>
      <FormPreviewPanel definition={definition} />
    </div>
  );
}

function FieldListItem(props: {
  index: number;
  field: FieldDef;
  name: string;
  selected: boolean;
  onSelect(): void;
  onUp?: () => void;
  onDown?: () => void;
  onRemove(): void;
  onDragStart(): void;
  onDrop(event: DragEvent): void;
}) {
  const t = useMessages(designerMessages);
  const problems = useProblemsAt(`/form/fields/${props.index}`);
  const { field } = props;
  const conditional = field.visibleWhen !== undefined || field.requiredWhen !== undefined;
  return (
    <li
      className={`dz-fielditem${props.selected ? ' dz-fielditem--selected' : ''}${problems.length ? ' dz-fielditem--invalid' : ''}${field.type === 'section' ? ' dz-fielditem--section' : ''}`}
      draggable
      onDragStart={props.onDragStart}
      onDragOver={(e) => e.preventDefault()}
      onDrop={props.onDrop}
    >
      <button type="button" className="dz-fielditem__main" aria-pressed={props.selected} onClick={props.onSelect}>
        <span className="dz-fielditem__name">
          {props.name}
          {field.required && <span aria-hidden="true" className="dz-required"> *</span>}
        </span>
        <span className="dz-fielditem__meta">
          <span className="dz-badge">{t.types[field.type] ?? field.type}</span>
          {conditional && <span className="dz-badge dz-badge--cond">{t.form.shownWhen}</span>}
          {problems.length > 0 && <span className="dz-badge dz-badge--error">{problems.length} ⚠</span>}
        </span>
      </button>
      <span className="dz-fielditem__buttons">
        <ItemButtons name={props.name} onUp={props.onUp} onDown={props.onDown} onRemove={props.onRemove} />
      </span>
    </li>
  );
}
