// The frame of every signed-in page: header with navigation, language switch and sign-out.
import { NavLink, Outlet } from 'react-router';
import { useLanguage, useMessages } from './i18n';
import { shellMessages } from './messages';
import { useUser, useSession } from './session';

export function Layout() {
  const t = useMessages(shellMessages);
  const { language, setLanguage } = useLanguage();
  const { logout } = useSession();
  const user = useUser();
  const other = language === 'en' ? 'zh-CN' : 'en';
  const links: { to: string; label: string; admin?: boolean }[] = [
    { to: '/', label: t.nav.inbox },
    { to: '/start', label: t.nav.start },
    { to: '/records', label: t.nav.records },
    { to: '/designer', label: t.nav.designer, admin: true },
    { to: '/admin/users', label: t.nav.users, admin: true },
    { to: '/admin/organisation', label: t.nav.organisation },
    { to: '/admin/tokens', label: t.nav.tokens },
  ];
  return (
    <>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="site-header">
        <div className="container site-header__inner">
          <p className="brand">Procedo</p>
          <nav aria-label={t.mainNavigation} className="main-nav">
            <ul>
              {links
                .filter((l) => !l.admin || user.isAdmin)
                .map((l) => (
                  <li key={l.to}>
                    <NavLink to={l.to} end={l.to === '/'}>
                      {l.label}
                    </NavLink>
                  </li>
                ))}
            </ul>
          </nav>
          <div className="site-header__tools">
            <span className="muted" title={t.signedInAs}>
              {user.displayName}
            </span>
            <button type="button" className="button button--quiet" onClick={() => setLanguage(other)} aria-label={t.switchToLabel} lang={other}>
              {t.switchTo}
            </button>
            <button type="button" className="button button--quiet" onClick={logout}>
              {t.signOut}
            </button>
          </div>
        </div>
      </header>
      <main className="container" id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

/** Shown in place of a page only administrators may open. */
export function AdminsOnly({ children }: { children: React.ReactNode }) {
  const t = useMessages(shellMessages);
  const user = useUser();
  if (!user.isAdmin) return <p role="alert">{t.adminsOnly}</p>;
  return <>{children}</>;
}
