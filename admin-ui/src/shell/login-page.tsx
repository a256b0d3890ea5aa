import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError } from '../api/graphql';
import { useLanguage, useMessages } from './i18n';
import { shellMessages } from './messages';
import { useSession } from './session';

export function LoginPage() {
  const t = useMessages(shellMessages);
  const { language, setLanguage } = useLanguage();
  const { user, login } = useSession();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  if (user) return <Navigate to={from} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const other = language === 'en' ? 'zh-CN' : 'en';
  return (
    <main className="container login" id="main">
      <form className="card login__form" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t.signIn.title}</h1>
        <label className="field">
          <span>{t.signIn.username}</span>
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label className="field">
          <span>{t.signIn.password}</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p role="alert" className="error">
            {t.signIn.failed}: {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="button" disabled={busy}>
            {t.signIn.submit}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setLanguage(other)} lang={other}>
            {t.switchTo}
          </button>
        </div>
      </form>
    </main>
  );
}
