// /admin/tokens: my API tokens (list, create, revoke) and, for administrators, those of service
// accounts. A new token is shown once, with a copy button; it lives only in this component's
// state, so leaving or reloading the page loses it for good.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useLanguage, useMessages } from '../shell/i18n';
import { useUser } from '../shell/session';
import { Field } from './field';
import { formErrorsOf, noErrors, type FormErrors } from './form-errors';
import { LoadState } from './load-state';
import { adminMessages } from './messages';
import { loadUsers } from './organisation-api';
import { createToken, listTokens, revokeToken, type CreatedToken, type TokenRow } from './tokens-api';
import { useLoad } from './use-load';
import './admin.css';

export function TokensPage() {
  const t = useMessages(adminMessages);
  const { isAdmin } = useUser();
  return (
    <section className="admin-page" aria-labelledby="tokens-title">
      <h1 id="tokens-title">{t.tokens.title}</h1>
      <p className="admin-intro muted">{t.tokens.intro}</p>
      <TokenManager owner={null} title={t.tokens.mine} />
      {isAdmin && <ServiceAccountTokens />}
    </section>
  );
}

function ServiceAccountTokens() {
  const t = useMessages(adminMessages);
  const load = useCallback(async (signal: AbortSignal) => (await loadUsers(signal)).filter((u) => u.serviceAccount && u.active), []);
  const { loaded, reload } = useLoad(load);
  const [chosen, setChosen] = useState('');
  const account = loaded.state === 'ready' ? loaded.data.find((u) => u.id === chosen) : undefined;
  return (
    <section className="admin-section" aria-labelledby="service-tokens-title">
      <h2 id="service-tokens-title">{t.tokens.serviceTitle}</h2>
      <p className="muted">{t.tokens.serviceIntro}</p>
      {loaded.state !== 'ready' ? (
        <LoadState loaded={loaded} reload={reload} />
      ) : loaded.data.length === 0 ? (
        <p>{t.tokens.noServiceAccounts}</p>
      ) : (
        <>
          <div className="admin-toolbar">
            <div className="field admin-field">
              <label htmlFor="service-account">{t.tokens.serviceAccount}</label>
              <select id="service-account" value={chosen} onChange={(e) => setChosen(e.target.value)}>
                <option value="">{t.tokens.chooseService}</option>
                {loaded.data.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.displayName} ({u.username})
                  </option>
                ))}
              </select>
            </div>
          </div>
          {account && <TokenManager key={account.id} owner={account.id} title={t.tokens.tokensOf(account.displayName)} />}
        </>
      )}
    </section>
  );
}

interface TokenManagerProps {
  /** Whose tokens: null for the signed-in user's own. */
  readonly owner: string | null;
  readonly title: string;
}

function TokenManager({ owner, title }: TokenManagerProps) {
  const t = useMessages(adminMessages);
  const headingId = useId();
  const load = useCallback((signal: AbortSignal) => listTokens(owner, signal), [owner]);
  const { loaded, reload } = useLoad(load);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <section className="admin-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {created ? (
        <NewToken created={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateTokenForm
          owner={owner}
          onCreated={(token) => {
            setNotice(null);
            setCreated(token);
            reload();
          }}
        />
      )}
      <p role="status" className="admin-status">
        {notice}
      </p>
      {loaded.state === 'ready' ? (
        <TokenTable
          tokens={loaded.data}
          onRevoked={(token) => {
            setNotice(t.tokens.revoked(token.name));
            reload();
          }}
        />
      ) : (
        <LoadState loaded={loaded} reload={reload} />
      )}
    </section>
  );
}

function CreateTokenForm({ owner, onCreated }: { owner: string | null; onCreated(token: CreatedToken): void }) {
  const t = useMessages(adminMessages);
  const { pick } = useLanguage();
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(noErrors);
    const trimmed = days.trim();
    const expiresInDays = trimmed === '' ? null : Number(trimmed);
    if (expiresInDays !== null && !Number.isInteger(expiresInDays)) {
      setErrors({ fields: { expiresInDays: t.tokens.expiresHint }, general: null });
      return;
    }
    setBusy(true);
    try {
      onCreated(await createToken(owner, name, expiresInDays));
    } catch (error) {
      setErrors(formErrorsOf(error, pick, { userId: 'name' }));
      setBusy(false);
    }
  };

  return (
    <form className="card admin-form" onSubmit={submit} aria-labelledby={titleId} noValidate>
      <h3 id={titleId}>{t.tokens.createTitle}</h3>
      {errors.general && (
        <p role="alert" className="admin-notice admin-notice--error">
          {errors.general}
        </p>
      )}
      <div className="admin-form__grid">
        <Field label={t.tokens.name} hint={t.tokens.nameHint} error={errors.fields.name}>
          <input name="tokenName" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </Field>
        <Field label={t.tokens.expiresInDays} hint={t.tokens.expiresHint} error={errors.fields.expiresInDays}>
          <input name="expiresInDays" type="number" inputMode="numeric" min={1} max={3650} step={1} value={days} onChange={(e) => setDays(e.target.value)} />
        </Field>
      </div>
      <div className="row">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t.common.saving : t.tokens.create}
        </button>
      </div>
    </form>
  );
}

function NewToken({ created, onDone }: { created: CreatedToken; onDone(): void }) {
  const t = useMessages(adminMessages);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const input = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const inputId = useId();
  useEffect(() => heading.current?.focus(), []);

  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(created.token);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };

  return (
    <div className="card admin-secret" role="region" aria-labelledby={`${inputId}-title`}>
      <h3 id={`${inputId}-title`} ref={heading} tabIndex={-1}>
        {t.tokens.createdTitle(created.name)}
      </h3>
      <p className="admin-secret__warning" id={`${inputId}-warning`}>
        <strong>⚠</strong> {t.tokens.createdWarning}
      </p>
      <label htmlFor={inputId}>{t.tokens.tokenLabel}</label>
      <div className="admin-secret__value">
        <input
          id={inputId}
          ref={input}
          className="admin-mono"
          readOnly
          value={created.token}
          aria-describedby={`${inputId}-warning`}
          onFocus={(e) => e.currentTarget.select()}
          spellCheck={false}
          autoComplete="off"
        />
        <button type="button" className="button" onClick={copy}>
          {t.tokens.copy}
        </button>
      </div>
      <p role="status" className="admin-status">
        {copyState === 'copied' ? t.tokens.copied : copyState === 'failed' ? t.tokens.copyFailed : null}
      </p>
      <button type="button" className="button button--quiet" onClick={onDone}>
        {t.tokens.done}
      </button>
    </div>
  );
}

function TokenTable({ tokens, onRevoked }: { tokens: readonly TokenRow[]; onRevoked(token: TokenRow): void }) {
  const t = useMessages(adminMessages);
  const { formatDateTime } = useLanguage();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now] = useState(() => Date.now());
  if (tokens.length === 0) return <p>{t.tokens.empty}</p>;

  const revoke = async (token: TokenRow) => {
    setError(null);
    try {
      onRevoked(await revokeToken(token.id));
      setConfirming(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const status = (token: TokenRow) => {
    if (token.revokedAt) return <span className="admin-badge admin-badge--warn">{t.tokens.statusRevoked(formatDateTime(token.revokedAt))}</span>;
    if (token.expiresAt && Date.parse(token.expiresAt) <= now) return <span className="admin-badge admin-badge--warn">{t.tokens.statusExpired}</span>;
    return <span className="admin-badge admin-badge--ok">{t.tokens.statusActive}</span>;
  };

  return (
    <>
      {error && (
        <p role="alert" className="admin-notice admin-notice--error">
          {error}
        </p>
      )}
      <table className="admin-table admin-table--stack">
        <thead>
          <tr>
            <th scope="col">{t.tokens.columns.name}</th>
            <th scope="col">{t.tokens.columns.prefix}</th>
            <th scope="col">{t.tokens.columns.created}</th>
            <th scope="col">{t.tokens.columns.expires}</th>
            <th scope="col">{t.tokens.columns.lastUsed}</th>
            <th scope="col">{t.tokens.columns.status}</th>
            <th scope="col">
              <span className="admin-visually-hidden">{t.tokens.columns.actions}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id} className={token.revokedAt ? 'admin-row--muted' : undefined}>
              <th scope="row" data-label={t.tokens.columns.name}>
                {token.name}
              </th>
              <td data-label={t.tokens.columns.prefix} className="admin-mono">
                {token.prefix}…
              </td>
              <td data-label={t.tokens.columns.created}>{formatDateTime(token.createdAt)}</td>
              <td data-label={t.tokens.columns.expires}>{token.expiresAt ? formatDateTime(token.expiresAt) : t.common.never}</td>
              <td data-label={t.tokens.columns.lastUsed}>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t.common.never}</td>
              <td data-label={t.tokens.columns.status}>{status(token)}</td>
              <td className="admin-table__actions">
                {token.revokedAt ? null : confirming === token.id ? (
                  <div className="admin-confirm" role="group" aria-label={t.tokens.revokeConfirm(token.name)}>
                    <span>{t.tokens.revokeConfirm(token.name)}</span>
                    <div className="row">
                      <button type="button" className="button button--danger button--small" onClick={() => revoke(token)} autoFocus>
                        {t.tokens.confirmRevoke}
                      </button>
                      <button type="button" className="button button--quiet button--small" onClick={() => setConfirming(null)}>
                        {t.common.cancel}
                      </button>
                    </div>
                  </div>
                ) : (
                  <button type="button" className="button button--quiet button--small" onClick={() => setConfirming(token.id)} aria-label={`${t.tokens.revoke}: ${token.name}`}>
                    {t.tokens.revoke}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
