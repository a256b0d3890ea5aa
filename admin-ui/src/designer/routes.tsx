// Routes of the designer area, for administrators: the list of procedures and the editor of one
// procedure at /designer/<department>/<name> (a key's parts: a path with a dot would look like a
// file to the server), /designer/new?key=… for a new one.
import { lazy, Suspense, type ReactNode } from 'react';
import { Route } from 'react-router';
import { useMessages } from '../shell/i18n';
import { AdminsOnly } from '../shell/layout';
import { designerMessages } from './messages';

// The designer (diagrams, form rendering, diffs) loads only when an administrator opens it.
const ListPage = lazy(() => import('./list-page').then((m) => ({ default: m.ListPage })));
const EditorPage = lazy(() => import('./editor-page').then((m) => ({ default: m.EditorPage })));

function Designer({ children }: { children: ReactNode }) {
  const t = useMessages(designerMessages);
  return (
    <AdminsOnly>
      <Suspense fallback={<p role="status">{t.loading}</p>}>{children}</Suspense>
    </AdminsOnly>
  );
}

export function designerRoutes() {
  return (
    <Route path="/designer">
      <Route index element={<Designer><ListPage /></Designer>} />
      <Route path=":department/:name" element={<Designer><EditorPage /></Designer>} />
      <Route path="new" element={<Designer><EditorPage /></Designer>} />
    </Route>
  );
}
