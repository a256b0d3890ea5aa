// rjsf templates for the workspace's look: sections as fieldsets, table rows as cards with their
// buttons labelled in words (rjsf's default buttons are Bootstrap 3 icons, which this UI has not).
import { getTemplate, getUiOptions, TranslatableString, type ArrayFieldItemTemplateProps, type IconButtonProps, type ObjectFieldTemplateProps } from '@rjsf/utils';
import { useMessages } from '../../shell/i18n';
import { workspaceMessages } from '../messages';
import type { FormView } from './form-model';

export interface FormContext {
  readonly view: FormView;
  /** The procedure whose form this is, and the record being edited (none while creating): what pickers ask candidates for. */
  readonly procedure: string;
  readonly recordId?: string;
}

export function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const { view } = props.registry.formContext as FormContext;
  const byName = new Map(props.properties.map((p) => [p.name, p]));
  if (props.fieldPathId.path.length > 0 || view.sections.length === 0) {
    return (
      <div className={props.fieldPathId.path.length > 0 ? 'ws-object ws-object--row' : 'ws-object'}>
        {props.properties.map((p) => (
          <div key={p.name}>{p.content}</div>
        ))}
      </div>
    );
  }
  const inSection = new Set(view.sections.flatMap((s) => s.fields));
  const loose = props.properties.filter((p) => !inSection.has(p.name));
  return (
    <div className="ws-object">
      {loose.map((p) => (
        <div key={p.name}>{p.content}</div>
      ))}
      {view.sections
        .filter((s) => s.fields.some((name) => byName.has(name)))
        .map((section) => (
          <fieldset key={section.key} className="ws-section">
            <legend>{section.title}</legend>
            {section.help && <p className="muted ws-section__help">{section.help}</p>}
            {section.fields.map((name) => {
              const property = byName.get(name);
              return property ? <div key={name}>{property.content}</div> : null;
            })}
          </fieldset>
        ))}
    </div>
  );
}

export function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps) {
  const t = useMessages(workspaceMessages);
  const Buttons = getTemplate('ArrayFieldItemButtonsTemplate', props.registry, getUiOptions(props.uiSchema));
  return (
    <div className="ws-row-item" role="group" aria-label={t.form.row(props.index + 1)}>
      <div className="ws-row-item__fields">{props.children}</div>
      {props.hasToolbar && (
        <div className="ws-row-item__buttons">
          <Buttons {...props.buttonsProps} />
        </div>
      )}
    </div>
  );
}

function TextButton({ label, symbol, danger, ...props }: IconButtonProps & { label: string; symbol: string; danger?: boolean }) {
  const { iconType: _iconType, icon: _icon, uiSchema: _uiSchema, registry: _registry, className, title: _title, ...rest } = props;
  return (
    <button type="button" className={`ws-row-button${danger ? ' ws-row-button--danger' : ''} ${className ?? ''}`} aria-label={label} title={label} {...rest}>
      <span aria-hidden="true">{symbol}</span>
    </button>
  );
}

export function AddButton(props: IconButtonProps) {
  const t = useMessages(workspaceMessages);
  const { id, onClick, disabled } = props;
  return (
    <button type="button" id={id} className="button button--quiet ws-add-row" onClick={onClick} disabled={disabled}>
      + {t.form.addRow}
    </button>
  );
}

export const buttonTemplates = {
  AddButton,
  RemoveButton: (p: IconButtonProps) => <TextButton {...p} label={p.registry.translateString(TranslatableString.RemoveButton)} symbol="✕" danger />,
  MoveUpButton: (p: IconButtonProps) => <TextButton {...p} label={p.registry.translateString(TranslatableString.MoveUpButton)} symbol="↑" />,
  MoveDownButton: (p: IconButtonProps) => <TextButton {...p} label={p.registry.translateString(TranslatableString.MoveDownButton)} symbol="↓" />,
  CopyButton: (p: IconButtonProps) => <TextButton {...p} label={p.registry.translateString(TranslatableString.CopyButton)} symbol="⧉" />,
};
