import { ProblemList } from './check-context.js';
import type { OrganisationDef } from './definition.types.js';
import type { LocalProblem } from './problem.js';

/** Unique keys, and a department tree without unknown parents or cycles. */
export function checkOrganisation(def: OrganisationDef): LocalProblem[] {
  const problems = new ProblemList();
  problems.unique(def.departments, ['departments'], 'department key');
  problems.unique(def.roles, ['roles'], 'role key');
  const parents = new Map(def.departments.map((d) => [d.key, d.parent]));
  def.departments.forEach((dept, i) => {
    if (dept.parent === undefined) return;
    if (!parents.has(dept.parent)) {
      problems.add(['departments', i, 'parent'], `unknown department "${dept.parent}": use the key of a department in this file`);
      return;
    }
    const seen = new Set([dept.key]);
    for (let p: string | undefined = dept.parent; p !== undefined; p = parents.get(p)) {
      if (seen.has(p)) {
        problems.add(['departments', i, 'parent'], `"${dept.key}" reports to itself through "${p}": break the cycle of parents`);
        break;
      }
      seen.add(p);
    }
  });
  return problems.problems;
}
