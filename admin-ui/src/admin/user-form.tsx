// Creating a user or changing one: profile, department, roles, administration, activity and
// password. The server checks everything again; its refusals appear on the fields concerned.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { gql } from '../api/graphql';
import { useLanguage, useMessages } from '../shell/i18n';
import { useUser } from '../shell/session';
import { Field } from './field';
import { formErrorsOf, noErrors, type FormErrors } from './form-errors';
import { adminMessages } from './messages';
import { userRowFields, type DepartmentRow, type RoleRow, type UserRow } from './organisation-api';

interface UserFormProps {
  /** The user to change; absent to create one. */
  readonly user?: UserRow;
  readonly departments: readonly DepartmentRow[];
  readonly roles: readonly RoleRow[];
  onSaved(user: UserRow): void;
  onCancel(): void;
}

export function UserForm({ user, departments, roles, onSaved, onCancel }: UserFormProps) {
  const t = useMessages(adminMessages);
  const { pick } = useLanguage();
  const me = useUser();
  const creating = user === undefined;
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [service, setService] = useState(false);
  const [password, setPassword] = useState('');
  const [department, setDepartment] = useState(user?.department ?? '');
  const [chosenRoles, setChosenRoles] = useState<readonly string[]>(user?.roles ?? []);
  const [isAdmin, setIsAdmin] = useState(user?.isAdmin ?? false);
  const [active, setActive] = useState(user?.active ?? true);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const title = creating ? t.users.createTitle : t.users.editUser(user.displayName);

  useEffect(() => heading.current?.focus(), []);

  const toggleRole = (key: string, on: boolean) => setChosenRoles((current) => (on ? [...current, key] : current.filter((r) => r !== key)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    try {
      const roleKeys = roles.map((r) => r.key).filter((key) => chosenRoles.includes(key));
      const saved = creating
        ? await gql<{ createUser: UserRow }>(`mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { ${userRowFields} } }`, {
            input: { username, displayName, password: service ? null : password, department: department || null, roles: roleKeys, isAdmin },
          })
        : await gql<{ updateUser: UserRow }>(`mutation UpdateUser($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { ${userRowFields} } }`, {
            id: user.id,
            input: { displayName, department: department || null, roles: roleKeys, isAdmin, active, ...(password ? { password } : {}) },
          });
      onSaved('createUser' in saved ? saved.createUser : saved.updateUser);
    } catch (error) {
      setErrors(formErrorsOf(error, pick));
      setBusy(false);
    }
  };

  const fieldError = (name: string) => errors.fields[name];
  const self = user?.id === me.id;
  return (
    <form className="card admin-form" onSubmit={submit} aria-labelledby="user-form-title" noValidate>
      <h2 id="user-form-title" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {(errors.general || Object.keys(errors.fields).length > 0) && (
        <p role="alert" className="admin-notice admin-notice--error">
          {errors.general ?? t.common.fixErrors}
        </p>
      )}
      <div className="admin-form__grid">
        {creating ? (
          <Field label={t.users.username} hint={t.users.usernameHint} error={fieldError('username')}>
            <input name="username" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} required />
          </Field>
        ) : (
          <div className="field admin-field">
            <span>{t.users.username}</span>
            <p className="admin-field__static">{user.username}</p>
          </div>
        )}
        <Field label={t.users.displayName} error={fieldError('displayName')}>
          <input name="displayName" autoComplete="off" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
        </Field>
        <Field label={t.users.department} error={fieldError('department')}>
          <select name="department" value={department} onChange={(e) => setDepartment(e.target.value)}>
            <option value="">{t.users.noDepartment}</option>
            {departments.map((d) => (
              <option key={d.key} value={d.key}>
                {pick(d.label)}
              </option>
            ))}
          </select>
        </Field>
      </div>

      {creating && (
        <fieldset className="admin-fieldset">
          <legend>{t.users.accountKind}</legend>
          <label className="admin-choice">
            <input type="radio" name="kind" checked={!service} onChange={() => setService(false)} />
            <span>
              {t.users.person} <span className="muted">— {t.users.personHint}</span>
            </span>
          </label>
          <label className="admin-choice">
            <input type="radio" name="kind" checked={service} onChange={() => setService(true)} />
            <span>
              {t.users.service} <span className="muted">— {t.users.serviceHint}</span>
            </span>
          </label>
        </fieldset>
      )}
      {(!creating || !service) && (
        <div className="admin-form__grid">
          <Field label={creating ? t.users.password : t.users.newPassword} hint={creating ? t.users.passwordHint : t.users.newPasswordHint} error={fieldError('password')}>
            <input name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required={creating} />
          </Field>
        </div>
      )}

      <fieldset className={`admin-fieldset${fieldError('roles') ? ' admin-fieldset--error' : ''}`} aria-describedby={fieldError('roles') ? 'user-roles-error' : undefined}>
        <legend>{t.users.roles}</legend>
        <div className="admin-checks">
          {roles.map((role) => (
            <label key={role.key} className="admin-choice">
              <input type="checkbox" name="roles" value={role.key} checked={chosenRoles.includes(role.key)} onChange={(e) => toggleRole(role.key, e.target.checked)} />
              <span>{pick(role.label)}</span>
            </label>
          ))}
        </div>
        {fieldError('roles') && (
          <p className="admin-field__error" id="user-roles-error">
            {fieldError('roles')}
          </p>
        )}
      </fieldset>

      <div className="admin-checks admin-checks--flags">
        <Flag name="isAdmin" label={t.users.isAdmin} hint={t.users.isAdminHint} checked={isAdmin} onChange={setIsAdmin} error={fieldError('isAdmin')} disabled={self && isAdmin} />
        {!creating && <Flag name="active" label={t.users.isActive} hint={t.users.isActiveHint} checked={active} onChange={setActive} error={fieldError('active')} disabled={self && active} />}
      </div>

      <div className="row admin-form__actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t.common.saving : creating ? t.users.create : t.common.save}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t.common.cancel}
        </button>
      </div>
    </form>
  );
}

interface FlagProps {
  readonly name: string;
  readonly label: string;
  readonly hint: string;
  readonly checked: boolean;
  readonly disabled?: boolean;
  readonly error?: string;
  onChange(checked: boolean): void;
}

function Flag({ name, label, hint, checked, disabled, error, onChange }: FlagProps) {
  const id = `user-flag-${name}`;
  return (
    <div className="admin-flag">
      <label className="admin-choice">
        <input type="checkbox" name={name} checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`} aria-invalid={error ? true : undefined} />
        <span>{label}</span>
      </label>
      <p className="admin-field__hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error && (
        <p className="admin-field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
