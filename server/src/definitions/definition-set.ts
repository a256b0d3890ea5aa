import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckContext } from './check-context.js';
import type { OrganisationDef, ProcedureDef } from './definition.types.js';
import { validateAgainstFormat } from './meta-schema.validator.js';
import { normaliseProcedure } from './normalise.js';
import { checkOrganisation } from './organisation.checker.js';
import type { LocalProblem, Problem } from './problem.js';
import { compareProblems } from './problem.js';
import { checkProcedure } from './procedure.checker.js';
import { createRegistry, type Registry } from './registry.js';
import { parseSource, placeProblems, type SourceFile } from './source-file.js';

export const ORGANISATION_FILE = 'organisation.yaml';
/** Generated files live here, not definitions. */
export const SCHEMA_DIR = 'schema';

/** The files of a definitions directory, read and parsed but not yet validated. */
export interface DefinitionFiles {
  readonly organisation: SourceFile | undefined;
  readonly procedures: readonly SourceFile[];
  /** Problems found while reading: a missing organisation file, YAML syntax errors. */
  readonly problems: readonly Problem[];
}

/** A valid definition set: what import stores and what the registry is built from. */
export interface DefinitionSet {
  readonly organisation: { readonly def: OrganisationDef; readonly source: SourceFile };
  readonly procedures: readonly { readonly def: ProcedureDef; readonly source: SourceFile }[];
  readonly registry: Registry;
}

export type LoadResult = { ok: true; set: DefinitionSet } | { ok: false; problems: readonly Problem[] };

/** load → validate → normalise → registry, reporting every problem of every file at once. */
export async function loadDefinitions(dir: string): Promise<LoadResult> {
  return validateDefinitionFiles(await readDefinitionFiles(dir));
}

export async function readDefinitionFiles(dir: string): Promise<DefinitionFiles> {
  const texts = new Map<string, string>();
  for (const file of [ORGANISATION_FILE, ...(await listProcedureFiles(dir))]) {
    try {
      texts.set(file, await readFile(path.join(dir, file), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return parseDefinitionTexts(texts, dir);
}

/** Parses files given as texts by their paths relative to the definitions directory. */
export function parseDefinitionTexts(texts: ReadonlyMap<string, string>, dir = '.'): DefinitionFiles {
  const problems: Problem[] = [];
  const parse = (file: string, text: string): SourceFile | undefined => {
    const parsed = parseSource(file, text);
    problems.push(...parsed.problems);
    return parsed.source;
  };
  const organisationText = texts.get(ORGANISATION_FILE);
  if (organisationText === undefined) {
    problems.push({
      file: ORGANISATION_FILE,
      pointer: '',
      message: `${path.join(dir, ORGANISATION_FILE)} does not exist: every definitions directory needs an organisation file with its departments and roles`,
    });
  }
  const organisation = organisationText === undefined ? undefined : parse(ORGANISATION_FILE, organisationText);
  const procedures = [...texts]
    .filter(([file]) => file !== ORGANISATION_FILE)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([file, text]) => parse(file, text) ?? []);
  return { organisation, procedures, problems };
}

/** Every YAML file below the directory but the organisation file and the generated schema. */
async function listProcedureFiles(root: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((file) => file !== ORGANISATION_FILE && !file.startsWith(`${SCHEMA_DIR}/`) && !file.split('/').includes('node_modules'))
    .sort();
}

export function validateDefinitionFiles(files: DefinitionFiles): LoadResult {
  const problems: Problem[] = [...files.problems];
  const organisation = files.organisation && validFormat(files.organisation, 'organisation', problems);
  const procedures = files.procedures.flatMap((source) => {
    const def = validFormat(source, 'procedure', problems);
    return def ? [{ def: def as ProcedureDef, source }] : [];
  });

  if (organisation) {
    const org = organisation as OrganisationDef;
    problems.push(...placeProblems(files.organisation!, checkOrganisation(org)));
    const context = checkContextOf(org, procedures.map((p) => p.def));
    problems.push(...checkFileNames(procedures));
    for (const { def, source } of procedures) problems.push(...placeProblems(source, checkProcedure(def, context)));
  }
  if (problems.length > 0 || !organisation) return { ok: false, problems: problems.sort(compareProblems) };

  const org = organisation as OrganisationDef;
  const registry = createRegistry(
    { departments: org.departments, roles: org.roles },
    procedures.map((p) => normaliseProcedure(p.def)),
  );
  return { ok: true, set: { organisation: { def: org, source: files.organisation! }, procedures, registry } };
}

/** Checks one procedure (e.g. sent to `validateProcedure`) against an organisation and its siblings. */
export function validateProcedureValue(value: unknown, context: CheckContext): readonly LocalProblem[] {
  // A value sent through the API may nest thousands of levels; the format check recurses per level.
  if (nestingOf(value) > MAX_DEFINITION_NESTING) {
    return [{ pointer: '', message: `the definition nests objects and lists deeper than ${MAX_DEFINITION_NESTING} levels: no procedure needs that many` }];
  }
  const formatProblems = validateAgainstFormat('procedure', value);
  return formatProblems.length > 0 ? formatProblems : checkProcedure(value as ProcedureDef, context);
}

/** Far above what the format allows (a table column's condition is about 12 levels deep). */
const MAX_DEFINITION_NESTING = 100;

/** The depth of objects and arrays in a value, measured without recursion. */
function nestingOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > MAX_DEFINITION_NESTING) break;
    for (const inner of Object.values(item)) stack.push([inner, depth + 1]);
  }
  return deepest;
}

export function checkContextOf(org: OrganisationDef, procedures: readonly ProcedureDef[]): CheckContext {
  return {
    roles: new Set(org.roles.map((r) => r.key)),
    departments: new Set(org.departments.map((d) => d.key)),
    procedureStages: new Map(procedures.map((p) => [p.key, new Set(p.stages.map((s) => s.key))])),
    procedures: new Map(procedures.map((p) => [p.key, p])),
  };
}

function validFormat(source: SourceFile, kind: 'procedure' | 'organisation', problems: Problem[]): unknown {
  if (nestingOf(source.value) > MAX_DEFINITION_NESTING) {
    problems.push({ file: source.file, pointer: '', line: 1, column: 1, message: `the file nests mappings and lists deeper than ${MAX_DEFINITION_NESTING} levels: no definition needs that many` });
    return undefined;
  }
  const found = validateAgainstFormat(kind, source.value);
  problems.push(...placeProblems(source, found));
  return found.length === 0 ? source.value : undefined;
}

/** Each procedure lives in `<department>/<name>.yaml` (its key's two parts), once; export writes it back there. */
function checkFileNames(procedures: readonly { def: ProcedureDef; source: SourceFile }[]): Problem[] {
  const problems: Problem[] = [];
  const byKey = new Map<string, string>();
  for (const { def, source } of procedures) {
    const expected = procedureFileName(def.key);
    const other = byKey.get(def.key);
    if (other !== undefined) {
      problems.push(...placeProblems(source, [{ pointer: '/key', message: `"${def.key}" is already defined in ${other}: procedure keys are unique` }]));
    } else {
      byKey.set(def.key, source.file);
      if (source.file !== expected) {
        problems.push(...placeProblems(source, [{ pointer: '/key', message: `a procedure with key "${def.key}" belongs in ${expected}: rename the file or change the key` }]));
      }
    }
  }
  return problems;
}

export function procedureFileName(key: string): string {
  const dot = key.indexOf('.');
  return `${key.slice(0, dot)}/${key.slice(dot + 1)}.yaml`;
}
