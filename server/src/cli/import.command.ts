import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { loadDefinitions } from '../definitions/definition-set.js';
import { formatProblem } from '../definitions/problem.js';
import { importDefinitions } from '../services/definitions.service.js';
import { withDatabase } from './with-database.js';
import { AppError } from '../errors/app-error.js';

/** Validates a directory, then stores it: new published versions where the content changed. */
export async function importCommand(dirArgument: string | undefined): Promise<number> {
  const config = loadConfig();
  const dir = dirArgument ? path.resolve(dirArgument) : config.definitionsDir;
  const result = await loadDefinitions(dir);
  if (!result.ok) {
    for (const problem of result.problems) console.error(formatProblem(problem));
    console.error(`\nNothing imported: ${result.problems.length} problem(s) in ${dir}`);
    return 1;
  }
  let report;
  try {
    report = await withDatabase(config, (db) => importDefinitions(db.em, result.set));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(`Nothing imported. ${error.message}`);
    return 1;
  }
  console.log(`organisation: v${report.organisation.version} ${report.organisation.status}`);
  for (const p of report.procedures) console.log(`${p.key}: v${p.version} ${p.status === 'unchanged' ? 'unchanged' : `${p.status}, published`}`);
  return 0;
}
