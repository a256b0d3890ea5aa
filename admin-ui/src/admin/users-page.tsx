// /admin/users: every user with their department and roles, filtered by text and department;
// administrators create users and change them. The server refuses all of it to anyone else.
import { useCallback, useMemo, useRef, useState } from 'react';
import { useLanguage, useMessages } from '../shell/i18n';
import { AdminsOnly } from '../shell/layout';
import { LoadState } from './load-state';
import { adminMessages } from './messages';
import { loadOrganisation, loadUsers, type DepartmentRow, type RoleRow, type UserRow } from './organisation-api';
import { useLoad } from './use-load';
import { UserForm } from './user-form';
import './admin.css';

const NO_DEPARTMENT = '-';

export function UsersPage() {
  return (
    <AdminsOnly>
      <UsersAdmin />
    </AdminsOnly>
  );
}

function UsersAdmin() {
  const t = useMessages(adminMessages);
  const load = useCallback(async (signal: AbortSignal) => {
    const [organisation, users] = await Promise.all([loadOrganisation(signal), loadUsers(signal)]);
    return { ...organisation, users };
  }, []);
  const { loaded, reload } = useLoad(load);
  return (
    <section className="admin-page" aria-labelledby="users-title">
      <h1 id="users-title">{t.users.title}</h1>
      <p className="admin-intro muted">{t.users.intro}</p>
      {loaded.state === 'ready' ? <UsersView {...loaded.data} reload={reload} /> : <LoadState loaded={loaded} reload={reload} />}
    </section>
  );
}

interface UsersViewProps {
  readonly users: readonly UserRow[];
  readonly departments: readonly DepartmentRow[];
  readonly roles: readonly RoleRow[];
  reload(): void;
}

function UsersView({ users, departments, roles, reload }: UsersViewProps) {
  const t = useMessages(adminMessages);
  const { pick, language } = useLanguage();
  const [text, setText] = useState('');
  const [department, setDepartment] = useState('');
  const [editing, setEditing] = useState<UserRow | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);

  const departmentLabel = useMemo(() => new Map(departments.map((d) => [d.key, d.label])), [departments]);
  const roleLabel = useMemo(() => new Map(roles.map((r) => [r.key, r.label])), [roles]);
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return users.filter(
      (u) =>
        (!needle || u.username.includes(needle) || u.displayName.toLowerCase().includes(needle)) &&
        (!department || (department === NO_DEPARTMENT ? u.department === null : u.department === department)),
    );
  }, [users, text, department]);

  const saved = (user: UserRow) => {
    setNotice(editing === 'new' ? t.users.created(user.username) : t.users.updated(user.username));
    setEditing(null);
    reload();
    newButton.current?.focus();
  };

  return (
    <>
      <div className="admin-toolbar" role="search">
        <div className="field admin-field">
          <label htmlFor="users-filter">{t.users.filter}</label>
          <input id="users-filter" type="search" value={text} placeholder={t.users.filterPlaceholder} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field admin-field">
          <label htmlFor="users-department">{t.users.department}</label>
          <select id="users-department" value={department} onChange={(e) => setDepartment(e.target.value)}>
            <option value="">{t.users.allDepartments}</option>
            {departments.map((d) => (
              <option key={d.key} value={d.key}>
                {pick(d.label)}
              </option>
            ))}
            <option value={NO_DEPARTMENT}>{t.users.noDepartment}</option>
          </select>
        </div>
        <button type="button" ref={newButton} className="button admin-toolbar__action" onClick={() => setEditing('new')} disabled={editing === 'new'}>
          {t.users.newUser}
        </button>
      </div>
      <p role="status" className="admin-status">
        {notice}
      </p>
      {editing !== null && (
        <UserForm
          key={editing === 'new' ? 'new' : editing.id}
          user={editing === 'new' ? undefined : editing}
          departments={departments}
          roles={roles}
          onSaved={saved}
          onCancel={() => {
            setEditing(null);
            newButton.current?.focus();
          }}
        />
      )}
      <p className="muted admin-count">{t.users.count(shown.length, users.length)}</p>
      {shown.length === 0 ? (
        <p>{t.users.empty}</p>
      ) : (
        <table className="admin-table admin-table--stack">
          <thead>
            <tr>
              <th scope="col">{t.users.columns.username}</th>
              <th scope="col">{t.users.columns.name}</th>
              <th scope="col">{t.users.columns.department}</th>
              <th scope="col">{t.users.columns.roles}</th>
              <th scope="col">{t.users.columns.admin}</th>
              <th scope="col">{t.users.columns.active}</th>
              <th scope="col">
                <span className="admin-visually-hidden">{t.users.columns.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((u) => (
              <tr key={u.id} className={u.active ? undefined : 'admin-row--muted'}>
                <th scope="row" data-label={t.users.columns.username}>
                  <span>
                    <span className="admin-mono">{u.username}</span>
                    {u.serviceAccount && <span className="admin-badge">{t.users.serviceAccount}</span>}
                  </span>
                </th>
                <td data-label={t.users.columns.name}>{u.displayName}</td>
                <td data-label={t.users.columns.department}>{u.department ? pick(departmentLabel.get(u.department) ?? u.department) : t.common.none}</td>
                <td data-label={t.users.columns.roles}>{u.roles.length ? u.roles.map((r) => pick(roleLabel.get(r) ?? r)).join(language === 'zh-CN' ? '、' : ', ') : t.common.none}</td>
                <td data-label={t.users.columns.admin}>{u.isAdmin ? <span className="admin-badge admin-badge--accent">{t.users.admin}</span> : t.common.no}</td>
                <td data-label={t.users.columns.active}>{u.active ? t.common.yes : <span className="admin-badge admin-badge--warn">{t.users.inactive}</span>}</td>
                <td className="admin-table__actions">
                  <button type="button" className="button button--quiet button--small" onClick={() => setEditing(u)} aria-label={t.users.editUser(u.username)}>
                    {t.users.edit}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
