// Routes of the admin UI. Each area (workspace, designer, admin) declares its own routes.
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import type { ReactNode } from 'react';
import { adminRoutes } from './admin/routes';
import { designerRoutes } from './designer/routes';
import { LanguageProvider, useMessages } from './shell/i18n';
import { Layout } from './shell/layout';
import { LoginPage } from './shell/login-page';
import { shellMessages } from './shell/messages';
import { SessionProvider, useSession } from './shell/session';
import { StatusPage } from './shell/status-page';
import { workspaceRoutes } from './workspace/routes';

function RequireSession({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  const t = useMessages(shellMessages);
  if (user === undefined) return <p className="container" role="status">{t.loading}</p>;
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function NotFound() {
  const t = useMessages(shellMessages);
  return <p role="alert">{t.notFound}</p>;
}

export function App() {
  return (
    <LanguageProvider>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/status" element={<StatusPage />} />
            <Route
              element={
                <RequireSession>
                  <Layout />
                </RequireSession>
              }
            >
              {workspaceRoutes()}
              {designerRoutes()}
              {adminRoutes()}
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </LanguageProvider>
  );
}
