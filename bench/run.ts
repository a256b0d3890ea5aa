/**
 * `npm run bench`: runs every bench/*.bench.ts in name order, each in its own process, or only
 * those whose name starts with one of the words given (`npm run bench -- writes`). Options after
 * the names (`--seconds=5`) are passed to each benchmark.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
const all = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = names.length === 0 ? all : all.filter((f) => names.some((n) => f.startsWith(n)));
if (chosen.length === 0) {
  console.error(`No benchmark matches ${names.join(', ')}; there are: ${all.map((f) => f.replace('.bench.ts', '')).join(', ')}.`);
  process.exit(2);
}
let failed = 0;
for (const file of chosen) {
  console.error(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, file), ...flags], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
