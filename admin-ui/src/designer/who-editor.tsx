// Editor of a "who" entry list (start, action `by`, approvers, responsible …): each entry's
// conditions must all hold, and any entry of the list will do.
import { useLanguage, useMessages } from '../shell/i18n';
import { Checkbox, ChoiceList, SelectInput, TextInput } from './controls';
import { useDesign } from './design-context';
import { removeAt, replaceAt, whoEntries, whoOf, withProp, type Who, type WhoEntry } from './definition';
import { designerMessages } from './messages';

type Flag = 'anyone' | 'creator' | 'assignee' | 'departmentManager';

export function WhoEditor(props: { legend: string; value: Who | undefined; onChange(value: Who | undefined): void; startOnly?: boolean; userFields?: readonly { value: string; label: string }[] }) {
  const t = useMessages(designerMessages);
  const entries = whoEntries(props.value);
  const shown = entries.length > 0 ? entries : [{}];
  const set = (index: number, entry: WhoEntry) => props.onChange(whoOf(replaceAt(shown, index, entry)));
  return (
    <fieldset className="dz-fieldset dz-who">
      <legend>{props.legend}</legend>
      {shown.map((entry, i) => (
        <div key={i} className="dz-who__entry">
          {shown.length > 1 && (
            <div className="dz-who__head">
              <span className="dz-pill">{i === 0 ? t.who.entry(1) : `${t.who.or} · ${t.who.entry(i + 1)}`}</span>
              <button type="button" className="dz-link-button" onClick={() => props.onChange(whoOf(removeAt(shown, i)))}>
                {t.common.remove}
              </button>
            </div>
          )}
          <WhoEntryEditor entry={entry} onChange={(e) => set(i, e)} startOnly={props.startOnly} userFields={props.userFields} />
        </div>
      ))}
      <button type="button" className="dz-link-button" onClick={() => props.onChange([...shown, { roles: [] }])}>
        + {t.who.addEntry}
      </button>
    </fieldset>
  );
}

function WhoEntryEditor({ entry, onChange, startOnly, userFields }: { entry: WhoEntry; onChange(entry: WhoEntry): void; startOnly?: boolean; userFields?: readonly { value: string; label: string }[] }) {
  const t = useMessages(designerMessages);
  const { organisation } = useDesign();
  const flags: Flag[] = startOnly ? ['anyone'] : ['anyone', 'creator', 'assignee', 'departmentManager'];
  const userFieldChoices = userFields ?? [];
  return (
    <div className="dz-who__fields">
      <div className="dz-choices">
        {flags.map((flag) => (
          <Checkbox key={flag} label={t.who[flag]} checked={entry[flag] === true} onChange={(on) => onChange(withProp(entry, flag, on ? true : undefined))} />
        ))}
      </div>
      <ChoiceList folded legend={t.who.roles} choices={organisation.roles.map((r) => ({ value: r.key, label: r.label }))} value={entry.roles ?? []} onChange={(v) => onChange(withProp(entry, 'roles', v))} />
      <ChoiceList folded legend={t.who.departments} choices={organisation.departments.map((d) => ({ value: d.key, label: d.label }))} value={entry.departments ?? []} onChange={(v) => onChange(withProp(entry, 'departments', v))} />
      <div className="dz-grid2">
        <TextInput
          label={t.who.users}
          help={t.who.usersHelp}
          value={(entry.users ?? []).join(', ')}
          onChange={(v) => onChange(withProp(entry, 'users', v.split(',').map((u) => u.trim()).filter(Boolean)))}
        />
        {!startOnly && userFieldChoices.length > 0 && (
          <SelectInput label={t.who.userField} value={entry.userField} blank={t.common.none} options={userFieldChoices} onChange={(v) => onChange(withProp(entry, 'userField', v || undefined))} />
        )}
      </div>
    </div>
  );
}

/** The user fields of the form, for `userField` (and `table.column` for per-row gates). */
export function useUserFields(rowsOf?: string): { value: string; label: string }[] {
  const { definition } = useDesign();
  const { pick } = useLanguage();
  const fields = definition.form.fields;
  const own = fields.filter((f) => f.type === 'user').map((f) => ({ value: f.key, label: pick(f.label) || f.key }));
  if (!rowsOf) return own;
  const table = fields.find((f) => f.key === rowsOf);
  const columns = (table?.columns ?? []).filter((c) => c.type === 'user').map((c) => ({ value: `${rowsOf}.${c.key}`, label: `${pick(table?.label)} › ${pick(c.label) || c.key}` }));
  return [...own, ...columns];
}
