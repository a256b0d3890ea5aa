// /admin/organisation: the departments as a tree with their managers, and the roles. Everyone may
// read it; administrators appoint or clear a department's manager (the server checks that too).
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { gql } from '../api/graphql';
import { useLanguage, useMessages } from '../shell/i18n';
import { useUser } from '../shell/session';
import { formErrorsOf } from './form-errors';
import { LoadState } from './load-state';
import { adminMessages } from './messages';
import { loadOrganisation, loadUsers, type DepartmentRow, type RoleRow, type UserRow } from './organisation-api';
import { useLoad } from './use-load';
import './admin.css';

export function OrganisationPage() {
  const t = useMessages(adminMessages);
  const { isAdmin } = useUser();
  const load = useCallback(
    async (signal: AbortSignal) => {
      const [organisation, users] = await Promise.all([loadOrganisation(signal), isAdmin ? loadUsers(signal) : Promise.resolve(null)]);
      return { ...organisation, users };
    },
    [isAdmin],
  );
  const { loaded, reload } = useLoad(load);
  return (
    <section className="admin-page" aria-labelledby="organisation-title">
      <h1 id="organisation-title">{t.organisation.title}</h1>
      <p className="admin-intro muted">{t.organisation.intro}</p>
      {loaded.state === 'ready' ? <OrganisationView {...loaded.data} reload={reload} /> : <LoadState loaded={loaded} reload={reload} />}
    </section>
  );
}

interface OrganisationViewProps {
  readonly departments: readonly DepartmentRow[];
  readonly roles: readonly RoleRow[];
  /** Present for administrators: the people who may be appointed. */
  readonly users: readonly UserRow[] | null;
  reload(): void;
}

function OrganisationView({ departments, roles, users, reload }: OrganisationViewProps) {
  const t = useMessages(adminMessages);
  const { pick } = useLanguage();
  const [notice, setNotice] = useState<string | null>(null);
  const children = useMemo(() => {
    const keys = new Set(departments.map((d) => d.key));
    const byParent = new Map<string | null, DepartmentRow[]>();
    for (const d of departments) {
      const parent = d.parent && keys.has(d.parent) ? d.parent : null;
      byParent.set(parent, [...(byParent.get(parent) ?? []), d]);
    }
    return byParent;
  }, [departments]);
  const candidates = useMemo(() => (users ?? []).filter((u) => u.active).sort((a, b) => a.displayName.localeCompare(b.displayName)), [users]);

  const renderLevel = (parent: string | null, depth: number) => (
    <ul className={depth === 0 ? 'admin-tree' : 'admin-tree__children'}>
      {(children.get(parent) ?? []).map((d) => (
        <li key={d.key} className="admin-tree__item">
          <div className="admin-department card">
            <div className="admin-department__name">
              <h3>{pick(d.label)}</h3>
              <span className="admin-mono muted">{d.key}</span>
            </div>
            {users ? (
              <ManagerForm
                department={d}
                candidates={candidates}
                onSaved={(message) => {
                  setNotice(message);
                  reload();
                }}
              />
            ) : (
              <p className="admin-department__manager">
                <span className="muted">{t.organisation.manager}: </span>
                {d.manager ? d.manager.displayName : <span className="muted">{t.organisation.noManager}</span>}
              </p>
            )}
          </div>
          {children.has(d.key) && renderLevel(d.key, depth + 1)}
        </li>
      ))}
    </ul>
  );

  return (
    <>
      <p role="status" className="admin-status">
        {notice}
      </p>
      <section aria-labelledby="departments-title" className="admin-section">
        <h2 id="departments-title">{t.organisation.departments}</h2>
        {renderLevel(null, 0)}
      </section>
      <section aria-labelledby="roles-title" className="admin-section">
        <h2 id="roles-title">{t.organisation.roles}</h2>
        <table className="admin-table admin-table--stack">
          <thead>
            <tr>
              <th scope="col">{t.organisation.roleLabel}</th>
              <th scope="col">{t.organisation.roleKey}</th>
              <th scope="col">{t.organisation.roleDescription}</th>
            </tr>
          </thead>
          <tbody>
            {roles.map((r) => (
              <tr key={r.key}>
                <th scope="row" data-label={t.organisation.roleLabel}>
                  {pick(r.label)}
                </th>
                <td data-label={t.organisation.roleKey} className="admin-mono">
                  {r.key}
                </td>
                <td data-label={t.organisation.roleDescription}>{r.description ? pick(r.description) : <span className="muted">{t.common.none}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

interface ManagerFormProps {
  readonly department: DepartmentRow;
  readonly candidates: readonly UserRow[];
  onSaved(message: string): void;
}

function ManagerForm({ department, candidates, onSaved }: ManagerFormProps) {
  const t = useMessages(adminMessages);
  const { pick } = useLanguage();
  const [manager, setManager] = useState(department.manager?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = pick(department.label);
  const id = `manager-${department.key}`;
  const unchanged = manager === (department.manager?.id ?? '');
  // The current manager stays choosable even when inactive, so that the select shows the truth.
  const options = department.manager && !candidates.some((u) => u.id === department.manager!.id) ? [department.manager, ...candidates] : candidates;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const data = await gql<{ setDepartmentManager: { manager: { displayName: string } | null } }>(
        'mutation SetManager($department: String!, $user: ID) { setDepartmentManager(department: $department, user: $user) { key manager { displayName } } }',
        { department: department.key, user: manager || null },
      );
      const appointed = data.setDepartmentManager.manager;
      onSaved(appointed ? t.organisation.managerSet(name, appointed.displayName) : t.organisation.managerCleared(name));
    } catch (e) {
      const errors = formErrorsOf(e, pick);
      setError(errors.fields.userId ?? errors.general ?? Object.values(errors.fields).join(' '));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="admin-manager" onSubmit={submit}>
      <label htmlFor={id}>
        {t.organisation.manager}
        <span className="admin-visually-hidden"> — {name}</span>
      </label>
      <div className="admin-manager__controls">
        <select id={id} value={manager} onChange={(e) => setManager(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
          <option value="">{t.organisation.noManager}</option>
          {options.map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName} ({u.username})
            </option>
          ))}
        </select>
        <button type="submit" className={`button button--small${unchanged ? ' button--quiet' : ''}`} disabled={busy} aria-label={`${t.organisation.setManager}: ${name}`}>
          {t.organisation.setManager}
        </button>
      </div>
      {error && (
        <p className="admin-field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
