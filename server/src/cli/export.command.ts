import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { exportDefinitions } from '../services/definitions.service.js';
import { withDatabase } from './with-database.js';

/** Writes the organisation and every procedure's latest published version as YAML files. */
export async function exportCommand(dirArgument: string | undefined): Promise<number> {
  const config = loadConfig();
  const dir = dirArgument ? path.resolve(dirArgument) : config.definitionsDir;
  const files = await withDatabase(config, (db) => exportDefinitions(db.em));
  if (files.size === 0) {
    console.error('The database holds no definitions yet: import some first (`procedo import`).');
    return 1;
  }
  for (const [file, text] of files) {
    const target = path.join(dir, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  }
  console.log(`wrote ${files.size} file${files.size === 1 ? '' : 's'} to ${dir}`);
  return 0;
}
