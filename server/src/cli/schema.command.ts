import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../config/config.js';
import { formatSchemaFiles } from '../definitions/format/schema-files.js';

/** Writes (or with `check`, compares) definitions/schema/*.json from the format's source. */
export async function schemaCommand(check: boolean): Promise<number> {
  const dir = path.join(repoRoot, 'definitions', 'schema');
  let stale = 0;
  for (const [name, text] of Object.entries(formatSchemaFiles())) {
    const file = path.join(dir, name);
    const current = await readFile(file, 'utf8').catch(() => undefined);
    if (current === text) continue;
    if (check) {
      console.error(`${path.relative(process.cwd(), file)} is out of date: run \`npm run procedo -- schema\``);
      stale++;
    } else {
      await mkdir(dir, { recursive: true });
      await writeFile(file, text);
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    }
  }
  return stale > 0 ? 1 : 0;
}
