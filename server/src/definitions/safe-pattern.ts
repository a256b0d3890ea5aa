/**
 * Why a regular expression of a definition (a field's `pattern`, a `matches` value) cannot be
 * used, or undefined when it can. Patterns run on the server's only thread against text that any
 * user types, so besides being valid (`u` flag, as ajv and the `matches` operator compile them)
 * they must not backtrack catastrophically: a repeated group that itself repeats, such as
 * `(a+)+` or `(\w+\s?)*`, takes exponential time on a near-miss like `aaaa…!` and would freeze
 * every request. This is the star-height test of safe-regex; it does not catch every slow
 * pattern (overlapping alternatives such as `(a|a)*` pass), but it refuses the common ones.
 * Pure.
 */
export function patternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
  } catch {
    return `"${pattern}" is not a valid regular expression`;
  }
  if (hasNestedRepetition(pattern)) {
    return `"${pattern}" repeats a group that itself repeats, which can take exponential time on some inputs: write it without nested repetition, e.g. "(a+)+" as "a+"`;
  }
  return undefined;
}

interface Group {
  /** The group contains a quantifier that repeats (maximum above one). */
  repeats: boolean;
}

/** Scans a valid pattern; true when a repeating quantifier applies to a group that repeats inside. */
function hasNestedRepetition(pattern: string): boolean {
  const stack: Group[] = [{ repeats: false }];
  let lastAtomRepeats = false;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      i = skipEscape(pattern, i);
      lastAtomRepeats = false;
    } else if (c === '[') {
      i = skipClass(pattern, i);
      lastAtomRepeats = false;
    } else if (c === '(') {
      stack.push({ repeats: false });
      i = skipGroupPrefix(pattern, i + 1);
      continue;
    } else if (c === ')') {
      const group = stack.length > 1 ? stack.pop()! : { repeats: false };
      lastAtomRepeats = group.repeats;
      stack[stack.length - 1]!.repeats ||= group.repeats;
      i += 1;
    } else if (c === '|') {
      lastAtomRepeats = false;
      i += 1;
      continue;
    } else {
      lastAtomRepeats = false;
      i += 1;
    }
    const quantifier = readQuantifier(pattern, i);
    if (quantifier) {
      if (quantifier.max > 1) {
        if (lastAtomRepeats) return true;
        stack[stack.length - 1]!.repeats = true;
      }
      i = quantifier.end;
    }
  }
  return false;
}

function skipEscape(pattern: string, at: number): number {
  const next = pattern[at + 1];
  if ((next === 'p' || next === 'P' || next === 'u' || next === 'k') && (pattern[at + 2] === '{' || pattern[at + 2] === '<')) {
    const close = pattern.indexOf(pattern[at + 2] === '{' ? '}' : '>', at + 3);
    return close === -1 ? pattern.length : close + 1;
  }
  return at + 2;
}

function skipClass(pattern: string, at: number): number {
  let i = at + 1;
  while (i < pattern.length && pattern[i] !== ']') i = pattern[i] === '\\' ? i + 2 : i + 1;
  return i + 1;
}

/** Skips `?:`, `?=`, `?!`, `?<=`, `?<!` and `?<name>` after an opening parenthesis. */
function skipGroupPrefix(pattern: string, at: number): number {
  if (pattern[at] !== '?') return at;
  if (pattern[at + 1] === '<' && pattern[at + 2] !== '=' && pattern[at + 2] !== '!') {
    const close = pattern.indexOf('>', at);
    return close === -1 ? pattern.length : close + 1;
  }
  return at + (pattern[at + 1] === '<' ? 3 : 2);
}

function readQuantifier(pattern: string, at: number): { max: number; end: number } | undefined {
  const c = pattern[at];
  let max: number;
  let end: number;
  if (c === '*' || c === '+') {
    max = Infinity;
    end = at + 1;
  } else if (c === '?') {
    max = 1;
    end = at + 1;
  } else if (c === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
    if (!match) return undefined;
    max = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
    end = at + match[0].length;
  } else {
    return undefined;
  }
  if (pattern[end] === '?') end += 1;
  return { max, end };
}
