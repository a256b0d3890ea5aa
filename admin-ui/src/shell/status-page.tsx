import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useLanguage } from './i18n';
import { messages, type ServerState } from './status-messages';
import { checkServer } from './server-status';

export function StatusPage() {
  const { language, setLanguage } = useLanguage();
  const [state, setState] = useState<ServerState>('checking');
  const current = useRef<AbortController | null>(null);
  const t = messages[language];

  const check = useCallback(() => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setState('checking');
    checkServer(controller.signal).then(
      (result) => {
        if (!controller.signal.aborted) setState(result);
      },
      () => {
        // Aborted: a newer check or the unmount owns the state now.
      },
    );
  }, []);

  useEffect(() => {
    check();
    return () => current.current?.abort();
  }, [check]);

  const other = language === 'en' ? 'zh-CN' : 'en';

  return (
    <>
      <header className="site-header">
        <div className="container site-header__inner">
          <p className="brand">Procedo</p>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setLanguage(other)}
            aria-label={t.switchToLabel}
            lang={other}
          >
            {t.switchTo}
          </button>
        </div>
      </header>

      <main className="container" id="main">
        <section className="intro" aria-labelledby="title">
          <h1 id="title">Procedo</h1>
          <p className="tagline">{t.tagline}</p>
        </section>

        <div className="cards">
          <section className="card" aria-labelledby="status-heading">
            <h2 id="status-heading">{t.statusHeading}</h2>
            <div className={`status status--${state}`} role="status" aria-live="polite" aria-busy={state === 'checking'}>
              <span className="status__dot" aria-hidden="true" />
              <div>
                <p className="status__text">{t.status[state]}</p>
                <p className="status__hint">{t.statusHint[state]}</p>
              </div>
            </div>
            <button type="button" className="button" onClick={check} disabled={state === 'checking'}>
              {t.checkAgain}
            </button>
          </section>

          <section className="card" aria-labelledby="tools-heading">
            <h2 id="tools-heading">{t.toolsHeading}</h2>
            <p>
              <a className="link" href="/graphql">
                {t.graphiql}
              </a>
            </p>
            <p className="muted">{t.graphiqlHint}</p>
            <p>
              <Link className="link" to="/">
                Procedo
              </Link>
            </p>
          </section>
        </div>
      </main>

      <footer className="site-footer">
        <div className="container">
          <p className="muted">{t.footer}</p>
        </div>
      </footer>
    </>
  );
}
