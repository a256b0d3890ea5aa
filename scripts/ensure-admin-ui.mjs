// Builds the admin UI once, so that `npm start` on a fresh clone serves it; later starts reuse
// admin-ui/dist (run `npm run build` after changing the UI, or use `npm run dev -w admin-ui`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../admin-ui/dist/index.html', import.meta.url))) {
  console.log('Building the admin UI (first start only)…');
  const result = spawnSync('npm', ['run', 'build', '--silent', '-w', 'admin-ui'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
