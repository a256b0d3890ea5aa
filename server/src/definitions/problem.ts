/** One thing wrong with a definition, precise enough to fix without guessing. */
export interface Problem {
  /** Path relative to the definitions directory, e.g. `finance/budget.yaml`. */
  readonly file: string;
  /** JSON pointer (RFC 6901) into the file's content, `''` for the whole file. */
  readonly pointer: string;
  readonly message: string;
  /** 1-based position in the file, when it is known. */
  readonly line?: number;
  readonly column?: number;
}

/** A problem before it is placed in a file. */
export interface LocalProblem {
  readonly pointer: string;
  readonly message: string;
}

export function pointerOf(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

export function segmentsOf(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** `file:line:column pointer message`, the form editors and terminals link to. */
export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${where} ${problem.pointer || '/'}: ${problem.message}`;
}

export function compareProblems(a: Problem, b: Problem): number {
  return a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.pointer.localeCompare(b.pointer);
}
