import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { loadDefinitions } from '../definitions/definition-set.js';
import { formatProblem } from '../definitions/problem.js';

/** Prints every problem, one a line, and returns the exit code (1 when any). */
export async function validateCommand(dirArgument: string | undefined): Promise<number> {
  const dir = dirArgument ? path.resolve(dirArgument) : loadConfig().definitionsDir;
  const result = await loadDefinitions(dir);
  if (!result.ok) {
    for (const problem of result.problems) console.error(formatProblem(problem));
    console.error(`\n${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${dir}`);
    return 1;
  }
  const { registry } = result.set;
  console.log(
    `${dir}: valid — ${registry.procedures.size} procedure${registry.procedures.size === 1 ? '' : 's'}, ` +
      `${registry.organisation.departments.length} departments, ${registry.organisation.roles.length} roles`,
  );
  return 0;
}
