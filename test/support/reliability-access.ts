import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The access rules of DESIGN.md and definitions/README.md, read straight from the procedure
 * files and evaluated here, independently of server/src/authz: the expectation side of the
 * access matrix.
 */
export interface WhoEntry {
  readonly anyone?: boolean;
  readonly roles?: readonly string[];
  readonly departments?: readonly string[];
  readonly users?: readonly string[];
  readonly creator?: boolean;
  readonly assignee?: boolean;
  readonly departmentManager?: boolean;
  readonly userField?: string;
}
export type Who = WhoEntry | readonly WhoEntry[];

export interface ProcedureFile {
  readonly key: string;
  readonly department: string;
  readonly start: Who;
  readonly readers?: Who;
  readonly form: { fields: readonly FieldFile[] };
  readonly stages: readonly { key: string; initial?: boolean; final?: boolean; responsible?: Who }[];
  readonly actions: readonly { key: string; from: string | readonly string[]; to: string; by?: Who }[];
}
export interface FieldFile {
  readonly key: string;
  readonly type: string;
  readonly readers?: Who;
  readonly options?: readonly { value: string }[];
  readonly columns?: readonly FieldFile[];
}

export interface Person {
  readonly id: string;
  readonly username: string;
  readonly department: string;
  readonly roles: readonly string[];
  /** The department this person manages, if any. */
  readonly manages?: string;
}

export interface RecordFacts {
  readonly createdBy: string;
  readonly assignee: string | null;
  readonly department: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export async function readProcedureFiles(dir: string): Promise<ProcedureFile[]> {
  const files: ProcedureFile[] = [];
  for (const department of (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name !== 'schema')) {
    for (const name of (await readdir(path.join(dir, department.name))).filter((n) => n.endsWith('.yaml')).sort()) {
      files.push(parse(await readFile(path.join(dir, department.name, name), 'utf8')) as ProcedureFile);
    }
  }
  return files;
}

/** Does `person` match `who` for `record` (no record: only record-free conditions can hold)? */
export function matches(who: Who | undefined, person: Person, record?: RecordFacts): boolean {
  if (who === undefined) return false;
  const entries = Array.isArray(who) ? (who as readonly WhoEntry[]) : [who as WhoEntry];
  return entries.some((entry) => entryMatches(entry, person, record));
}

function entryMatches(entry: WhoEntry, person: Person, record: RecordFacts | undefined): boolean {
  const conditions: boolean[] = [];
  if (entry.anyone) conditions.push(true);
  if (entry.roles) conditions.push(entry.roles.some((r) => person.roles.includes(r)));
  if (entry.departments) conditions.push(entry.departments.includes(person.department));
  if (entry.users) conditions.push(entry.users.includes(person.username));
  if (entry.creator) conditions.push(record?.createdBy === person.id);
  if (entry.assignee) conditions.push(record !== undefined && record.assignee === person.id);
  if (entry.departmentManager) conditions.push(record !== undefined && person.manages === record.department);
  if (entry.userField) conditions.push(record !== undefined && record.data[entry.userField] === person.id);
  return conditions.length > 0 && conditions.every(Boolean);
}

export const actionsFrom = (procedure: ProcedureFile, stage: string) => procedure.actions.filter((a) => [a.from].flat().includes(stage));

/**
 * Who sees a record (DESIGN.md, README "Access control"): its department, its creator and
 * assignee, the procedure's readers, the stage's responsible people and whoever may take an
 * action from the stage. (The records of the matrix have no approvers.)
 */
export function expectVisible(procedure: ProcedureFile, stage: string, person: Person, record: RecordFacts): boolean {
  if (person.department === record.department) return true;
  if (person.id === record.createdBy || person.id === record.assignee) return true;
  if (matches(procedure.readers, person, record)) return true;
  if (matches(procedure.stages.find((s) => s.key === stage)?.responsible, person, record)) return true;
  return actionsFrom(procedure, stage).some((a) => matches(a.by, person, record));
}

/** A value of the field's type, for the fields the matrix fills in. */
export function sampleValue(field: FieldFile, someone: string): unknown {
  switch (field.type) {
    case 'user':
      return someone;
    case 'select':
      return field.options?.[0]?.value;
    case 'multiselect':
      return field.options?.slice(0, 1).map((o) => o.value);
    case 'money':
      return '100.00';
    case 'number':
    case 'integer':
      return 7;
    case 'boolean':
      return true;
    case 'date':
      return '2026-01-05';
    case 'datetime':
      return '2026-01-05T10:00:00.000Z';
    case 'text':
    case 'textarea':
      return 'matrix';
    default:
      return undefined;
  }
}
