// /designer — every procedure by department: its published version, its draft, its records; and
// the start of a new procedure.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useLanguage, useMessages } from '../shell/i18n';
import { loadProcedureList, type Choice, type ProcedureSummary } from './designer-api';
import './designer.css';
import { designerMessages } from './messages';
import { editorPath } from './paths';

const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function ListPage() {
  const t = useMessages(designerMessages);
  const { language } = useLanguage();
  const [data, setData] = useState<{ procedures: ProcedureSummary[]; departments: Choice[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    let live = true;
    loadProcedureList().then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [language]);

  return (
    <div className="dz dz-list">
      <header className="dz-list__head">
        <div>
          <h1>{t.title}</h1>
          <p className="tagline">{t.intro}</p>
        </div>
        <button type="button" className="button" onClick={() => setCreating(true)} aria-expanded={creating}>
          + {t.newProcedure}
        </button>
      </header>
      {creating && data && <CreateForm departments={data.departments} existing={data.procedures.map((p) => p.key)} onCancel={() => setCreating(false)} />}
      {error && (
        <p role="alert" className="error">
          {t.loadFailed}: {error}
        </p>
      )}
      {!data && !error && <p role="status">{t.loading}</p>}
      {data &&
        data.departments
          .filter((d) => data.procedures.some((p) => p.department === d.key))
          .map((d) => <DepartmentTable key={d.key} department={d} procedures={data.procedures.filter((p) => p.department === d.key)} />)}
    </div>
  );
}

function DepartmentTable({ department, procedures }: { department: Choice; procedures: ProcedureSummary[] }) {
  const t = useMessages(designerMessages);
  const id = useId();
  return (
    <section className="dz-panel dz-department" aria-labelledby={id}>
      <h2 id={id}>{department.label}</h2>
      <table className="dz-table">
        <thead>
          <tr>
            <th scope="col">{t.list.procedure}</th>
            <th scope="col">{t.list.key}</th>
            <th scope="col">{t.list.status}</th>
            <th scope="col" className="dz-num">
              {t.list.records}
            </th>
          </tr>
        </thead>
        <tbody>
          {procedures.map((p) => (
            <tr key={p.key}>
              <td>
                <Link className="link" to={editorPath(p.key)}>
                  {p.label}
                </Link>
              </td>
              <td>
                <code>{p.key}</code>
              </td>
              <td className="dz-statuses">
                {p.published !== null && <span className="dz-status dz-status--published">{t.list.published(p.published)}</span>}
                {p.draft !== null && <span className="dz-status dz-status--draft">{t.list.draft(p.draft)}</span>}
              </td>
              <td className="dz-num">{p.published === null ? t.list.none : p.records}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function CreateForm({ departments, existing, onCancel }: { departments: Choice[]; existing: string[]; onCancel(): void }) {
  const t = useMessages(designerMessages);
  const navigate = useNavigate();
  const id = useId();
  const [department, setDepartment] = useState(departments[0]?.key ?? '');
  const [name, setName] = useState('');
  const key = `${department}.${name}`;
  const exists = existing.includes(key);
  const valid = NAME_PATTERN.test(name) && !exists;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) navigate(`/designer/new?key=${encodeURIComponent(key)}`);
  };
  return (
    <form className="dz-panel dz-create" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.create.title}</h2>
      <div className="dz-grid3">
        <div className="dz-input">
          <label htmlFor={`${id}-department`}>{t.create.department}</label>
          <select id={`${id}-department`} value={department} onChange={(e) => setDepartment(e.target.value)}>
            {departments.map((d) => (
              <option key={d.key} value={d.key}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <div className="dz-input">
          <label htmlFor={`${id}-name`}>{t.create.name}</label>
          <input id={`${id}-name`} className="dz-mono" value={name} onChange={(e) => setName(e.target.value.trim())} aria-describedby={`${id}-help`} aria-invalid={name !== '' && !valid} autoFocus />
          <small id={`${id}-help`} className={exists ? 'error' : 'muted'}>
            {exists ? t.create.exists : t.create.nameHelp}
          </small>
        </div>
        <div className="row dz-create__buttons">
          <button type="submit" className="button" disabled={!valid}>
            {t.create.submit}
          </button>
          <button type="button" className="button button--quiet" onClick={onCancel}>
            {t.create.cancel}
          </button>
        </div>
      </div>
    </form>
  );
}
