import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import sirv from 'sirv';
import type { App } from '../app.js';

/**
 * One port for everything: GraphQL, /healthz and /readyz go to yoga; any other GET is the
 * admin UI's built files (sirv, with index.html for client-side routes) when they exist.
 */
export function createHttpServer(app: App, adminUiDir: string | undefined): Server {
  const yogaPaths = ['/graphql', '/healthz', '/readyz'];
  const assets =
    adminUiDir && existsSync(adminUiDir) ? sirv(adminUiDir, { single: true, etag: true, gzip: false, dev: false }) : undefined;
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (assets && !yogaPaths.includes(path) && (req.method === 'GET' || req.method === 'HEAD')) {
      assets(req, res, () => app.yoga(req, res));
      return;
    }
    void app.yoga(req, res);
  });
}
