import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { loadConfig, repoRoot } from '../config/config.js';
import { loadDefinitions } from '../definitions/definition-set.js';
import { formatProblem } from '../definitions/problem.js';
import { buildSchema } from '../schema/build-schema.js';

export const SCHEMA_FILE = path.join(repoRoot, 'schema.graphql');

/** The printed GraphQL schema for the definitions in `dir`, sorted so that reviews see real changes only. */
export async function printedSchema(dir: string): Promise<string> {
  const result = await loadDefinitions(dir);
  if (!result.ok) throw new Error(`The definitions in ${dir} are invalid:\n${result.problems.map(formatProblem).join('\n')}`);
  return `${printSchema(lexicographicSortSchema(buildSchema(result.set.registry)))}\n`;
}

/** Writes schema.graphql for the shipped definitions, or with `check` exits 1 when it is stale. */
export async function graphqlSchemaCommand(check: boolean): Promise<number> {
  const text = await printedSchema(loadConfig().definitionsDir);
  const current = await readFile(SCHEMA_FILE, 'utf8').catch(() => undefined);
  if (current === text) return 0;
  if (check) {
    console.error('schema.graphql is out of date: run `npx procedo graphql-schema` and review the change.');
    return 1;
  }
  await writeFile(SCHEMA_FILE, text);
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
  return 0;
}
