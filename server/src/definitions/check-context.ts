import { didYouMean } from './did-you-mean.js';
import type { ProcedureDef } from './definition.types.js';
import type { LocalProblem } from './problem.js';
import { pointerOf } from './problem.js';

/** What a procedure may refer to outside itself. */
export interface CheckContext {
  readonly roles: ReadonlySet<string>;
  readonly departments: ReadonlySet<string>;
  /** Stage keys of every known procedure, for link fields. */
  readonly procedureStages: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every known procedure, for rollups over the records of another. */
  readonly procedures: ReadonlyMap<string, ProcedureDef>;
}

/** Collects problems with their pointers while a checker walks a definition. */
export class ProblemList {
  readonly problems: LocalProblem[] = [];

  add(path: readonly (string | number)[], message: string): void {
    this.problems.push({ pointer: pointerOf(path), message });
  }

  /** Reports every value that occurs more than once, at its second and later places. */
  unique(items: readonly { key: string }[] | undefined, path: readonly (string | number)[], what: string): void {
    const seen = new Map<string, number>();
    (items ?? []).forEach((item, i) => {
      const first = seen.get(item.key);
      if (first === undefined) seen.set(item.key, i);
      else this.add([...path, i, 'key'], `${what} "${item.key}" is already used at ${pointerOf([...path, first])}: give it another key`);
    });
  }
}

/** `unknown role "x" (did you mean "y"?): use one of …` */
export function unknown(what: string, name: string, known: Iterable<string>, advice = ''): string {
  const names = [...known];
  return `unknown ${what} "${name}"${didYouMean(name, names)}: use one of ${list(names)}${advice}`;
}

export function list(values: readonly string[]): string {
  return values.length === 0 ? '(none)' : values.join(', ');
}
