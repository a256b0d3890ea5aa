import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { LocalProblem, Problem } from './problem.js';
import { segmentsOf } from './problem.js';

/** A definition file read once: its text, its parsed value, and a map from pointers to lines. */
export interface SourceFile {
  readonly file: string;
  readonly text: string;
  readonly value: unknown;
  locate(pointer: string): { line: number; column: number } | undefined;
}

/** Parses YAML (JSON is YAML too). Syntax errors come back as problems with their position. */
export function parseSource(file: string, text: string): { source?: SourceFile; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = doc.errors.map((error) => {
    const pos = lineCounter.linePos(error.pos[0]);
    return { file, pointer: '', line: pos.line, column: pos.col, message: yamlErrorMessage(error.code, error.message) };
  });
  if (problems.length > 0) return { problems };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // The yaml library refuses aliases that expand beyond the count ("billion laughs").
    if (!(error instanceof ReferenceError)) throw error;
    return { problems: [{ file, pointer: '', line: 1, column: 1, message: 'the file expands YAML aliases (*name) too often, as a "billion laughs" attack does: write the values out, or use fewer aliases' }] };
  }
  return {
    source: {
      file,
      text,
      value,
      locate: (pointer) => {
        const node = nodeAt(doc, segmentsOf(pointer));
        if (!node?.range) return undefined;
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      },
    },
    problems: [],
  };
}

/** Places problems found in a file's value at their lines. */
export function placeProblems(source: SourceFile, local: readonly LocalProblem[]): Problem[] {
  return local.map((p) => ({ file: source.file, ...p, ...source.locate(p.pointer) }));
}

/** The deepest node on the pointer's path, so a missing property points at its parent. */
function nodeAt(doc: Document, segments: readonly string[]): Node | undefined {
  let node: unknown = doc.contents;
  for (const segment of segments) {
    let next: unknown;
    if (isMap(node)) next = node.get(segment, true);
    else if (isSeq(node)) next = node.get(Number(segment), true);
    if (next === undefined || next === null) break;
    node = next;
  }
  return isMap(node) || isSeq(node) || isScalar(node) ? node : undefined;
}

function yamlErrorMessage(code: string, message: string): string {
  const first = message.split('\n')[0] ?? message;
  if (code === 'DUPLICATE_KEY') return `${first}: remove or rename one of the two entries`;
  // The parser recurses per level of nesting; it reports running out of stack as its error.
  if (/maximum call stack/i.test(first)) return 'the file nests lists or mappings too deeply to read: no definition needs more than a few dozen levels';
  return `YAML syntax error: ${first}`;
}

/**
 * A file known only by its value (a definition stored in the database or sent to the API).
 * When the original text is at hand it is parsed instead, so that problems get their lines.
 */
export function sourceFromValue(file: string, value: unknown, text?: string | null): SourceFile {
  if (text) {
    const parsed = parseSource(file, text);
    if (parsed.source) return { ...parsed.source, value };
  }
  return { file, text: text ?? '', value, locate: () => undefined };
}
