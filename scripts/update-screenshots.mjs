// Copies the screenshots the browser tests wrote (.tmp/screenshots, ignored by git) to
// docs/screenshots, where the README shows them. Run `npx vitest run test/browser` first.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const shown = ['designer', 'designer-flow', 'inbox', 'record'].flatMap((name) => [`${name}-en`, `${name}-zh-CN`]).concat(['users-en', 'record-phone']);
const from = new URL('../.tmp/screenshots/', import.meta.url);
const to = new URL('../docs/screenshots/', import.meta.url);
mkdirSync(to, { recursive: true });
const missing = shown.filter((name) => !existsSync(new URL(`${name}.png`, from)));
if (missing.length > 0) {
  console.error(`Missing in .tmp/screenshots: ${missing.join(', ')}. Run \`npx vitest run test/browser\` first.`);
  process.exit(1);
}
for (const name of shown) copyFileSync(new URL(`${name}.png`, from), new URL(`${name}.png`, to));
console.log(`Copied ${shown.length} screenshots to docs/screenshots/.`);
