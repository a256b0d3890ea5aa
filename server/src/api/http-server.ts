import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import sirv from 'sirv';
import type { App } from '../app.js';

/**
 * One port for everything: GraphQL, /healthz and /readyz go to yoga; any other GET is the
 * admin UI's built files (sirv, with index.html for client-side routes) when they exist.
 * sirv falls back to index.html only for paths without a dot; a page such as
 * /records/finance.budget is a client route too, so a browser's navigation (Accept: text/html)
 * that matches no file gets index.html as well.
 */
export function createHttpServer(app: App, adminUiDir: string | undefined): Server {
  const yogaPaths = ['/graphql', '/healthz', '/readyz'];
  const assets =
    adminUiDir && existsSync(adminUiDir) ? sirv(adminUiDir, { single: true, etag: true, gzip: false, dev: false }) : undefined;
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (assets && !yogaPaths.includes(path) && (req.method === 'GET' || req.method === 'HEAD')) {
      assets(req, res, () => {
        if ((req.headers.accept ?? '').includes('text/html')) {
          req.url = '/';
          assets(req, res, () => app.yoga(req, res));
          return;
        }
        void app.yoga(req, res);
      });
      return;
    }
    void app.yoga(req, res);
  });
}
