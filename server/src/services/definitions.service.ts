import type { EntityManager } from '@mikro-orm/postgresql';
import { contentHash } from '../definitions/content-hash.js';
import {
  ORGANISATION_FILE,
  procedureFileName,
  validateDefinitionFiles,
  type DefinitionSet,
  type LoadResult,
} from '../definitions/definition-set.js';
import { definitionText } from '../definitions/definition-text.js';
import type { OrganisationDef } from '../definitions/definition.types.js';
import { sourceFromValue, type SourceFile } from '../definitions/source-file.js';
import { formatProblem, type Problem } from '../definitions/problem.js';
import { Department } from '../persistence/entities/department.entity.js';
import { OrganisationVersion } from '../persistence/entities/organisation-version.entity.js';
import { ProcedureVersion } from '../persistence/entities/procedure-version.entity.js';
import { Role } from '../persistence/entities/role.entity.js';
import { User } from '../persistence/entities/user.entity.js';
import { AppError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-codes.js';

/** Serialises imports between server processes sharing one PostgreSQL (an arbitrary constant). */
const IMPORT_LOCK_ID = 4_170_226_338;

export type ImportStatus = 'created' | 'changed' | 'unchanged';

export interface ImportReport {
  readonly organisation: { readonly version: number; readonly status: ImportStatus };
  readonly procedures: readonly { readonly key: string; readonly version: number; readonly status: ImportStatus }[];
}

/**
 * Stores a valid definition set: a new organisation version and new published procedure
 * versions wherever the content changed; unchanged ones are left alone. One transaction: an
 * import that fails writes nothing.
 */
export async function importDefinitions(em: EntityManager, set: DefinitionSet, now = new Date()): Promise<ImportReport> {
  return em.transactional(async (tx) => {
    await tx.getConnection().execute(`select pg_advisory_xact_lock(${IMPORT_LOCK_ID})`, [], 'run', tx.getTransactionContext());
    const organisation = await importOrganisation(tx, set.organisation.def, set.organisation.source.text, now);
    const procedures = [];
    for (const { def, source } of set.procedures) {
      const hash = contentHash(def);
      const latest = await tx.findOne(ProcedureVersion, { procedureKey: def.key, status: 'published' }, { orderBy: { version: 'desc' } });
      if (latest?.contentHash === hash) {
        procedures.push({ key: def.key, version: latest.version, status: 'unchanged' as const });
        continue;
      }
      const newest = await tx.findOne(ProcedureVersion, { procedureKey: def.key }, { orderBy: { version: 'desc' } });
      const version = (newest?.version ?? 0) + 1;
      tx.create(ProcedureVersion, {
        procedureKey: def.key,
        version,
        status: 'published',
        department: def.department,
        definition: def as unknown as Record<string, unknown>,
        source: source.text,
        contentHash: hash,
        publishedAt: now,
      });
      procedures.push({ key: def.key, version, status: latest ? ('changed' as const) : ('created' as const) });
    }
    await tx.flush();
    // The files may be valid on their own and still break what the database holds besides them
    // (a procedure published through the API that uses a role the new organisation drops).
    const stored = await loadPublishedDefinitions(tx);
    if (!stored.ok) throw invalidDefinition('the import would leave the stored definitions invalid', stored.problems);
    return { organisation, procedures };
  });
}

function invalidDefinition(reason: string, problems: readonly Problem[]): AppError {
  return new AppError(ErrorCode.INVALID_DEFINITION, `Refused: ${reason}. ${problems.map(formatProblem).join('; ')}`, {
    problems: problems.map((p) => ({ path: `${p.file}#${p.pointer}`, message: p.message })),
  });
}

async function importOrganisation(tx: EntityManager, def: OrganisationDef, text: string, now: Date): Promise<ImportReport['organisation']> {
  const hash = contentHash(def);
  const latest = await latestOrganisation(tx);
  if (latest?.contentHash === hash) return { version: latest.version, status: 'unchanged' };

  const version = (latest?.version ?? 0) + 1;
  tx.create(OrganisationVersion, {
    version,
    contentHash: hash,
    content: def as unknown as Record<string, unknown>,
    source: text,
    createdAt: now,
  });
  await syncDepartments(tx, def);
  await syncRoles(tx, def);
  return { version, status: latest ? 'changed' : 'created' };
}

async function syncDepartments(tx: EntityManager, def: OrganisationDef): Promise<void> {
  const existing = new Map((await tx.find(Department, {})).map((d) => [d.key, d]));
  def.departments.forEach((dept, position) => {
    const row = existing.get(dept.key);
    const values = { label: dept.label, parent: dept.parent ?? null, position };
    if (row) tx.assign(row, values);
    else tx.create(Department, { key: dept.key, manager: null, ...values });
    existing.delete(dept.key);
  });
  for (const removed of existing.values()) {
    const members = await tx.count(User, { department: removed.key });
    if (members > 0) {
      throw invalidDefinition('a department to be removed still has users', [
        { file: ORGANISATION_FILE, pointer: '/departments', message: `"${removed.key}" still has ${members} user(s): move them to another department first` },
      ]);
    }
    tx.remove(removed);
  }
}

async function syncRoles(tx: EntityManager, def: OrganisationDef): Promise<void> {
  const existing = new Map((await tx.find(Role, {})).map((r) => [r.key, r]));
  def.roles.forEach((role, position) => {
    const row = existing.get(role.key);
    const values = { label: role.label, description: role.description ?? null, position };
    if (row) tx.assign(row, values);
    else tx.create(Role, { key: role.key, ...values });
    existing.delete(role.key);
  });
  for (const removed of existing.values()) tx.remove(removed);
}

/** The latest organisation and published procedures as files: `export` writes exactly these. */
export async function exportDefinitions(rootEm: EntityManager): Promise<Map<string, string>> {
  const em = rootEm.fork();
  const files = new Map<string, string>();
  const organisation = await latestOrganisation(em);
  if (organisation) files.set(ORGANISATION_FILE, definitionText(organisation.content, organisation.source));
  for (const version of await latestPublished(em)) {
    files.set(procedureFileName(version.procedureKey), definitionText(version.definition, version.source));
  }
  return files;
}

/**
 * Builds the registry from what the database holds (the latest organisation and the latest
 * published version of each procedure), through the same validation as files: a server never
 * serves a definition the pipeline would refuse.
 */
export async function loadPublishedDefinitions(rootEm: EntityManager): Promise<LoadResult> {
  // Inside a transaction, read what it has written so far.
  const em = rootEm.fork({ keepTransactionContext: true });
  const organisation = await latestOrganisation(em);
  const procedures = await latestPublished(em);
  // A publish validates the set in its transaction and the reload after it asks again: the same
  // stored rows (ids and content hashes) give the same answer, so the second is not worked out again.
  const key = [organisation ? `${organisation.id}:${organisation.contentHash}` : '', ...procedures.map((v) => `${v.id}:${v.contentHash}`)].join('|');
  if (lastValid?.key === key) return lastValid.result;
  const result = validateDefinitionFiles({
    organisation: organisation ? storedSource(ORGANISATION_FILE, organisation.id, organisation.contentHash, organisation.content, organisation.source) : undefined,
    procedures: procedures.map((v) => storedSource(procedureFileName(v.procedureKey), v.id, v.contentHash, v.definition, v.source)),
    problems: organisation
      ? []
      : [{ file: ORGANISATION_FILE, pointer: '', message: 'the database holds no organisation yet: run `procedo import` or start the server with PROCEDO_IMPORT_ON_START=true' }],
  });
  if (result.ok) lastValid = { key, result };
  return result;
}

let lastValid: { readonly key: string; readonly result: LoadResult } | undefined;
const parsedSources = new Map<string, SourceFile>();

/**
 * A stored definition as a source file (its YAML parsed again for positions in problems), kept
 * per row and content: parsing a hundred stored texts on every load cost more than validating them.
 */
function storedSource(file: string, id: string, hash: string, value: unknown, text: string | null | undefined): SourceFile {
  const key = `${file}|${id}|${hash}`;
  const cached = parsedSources.get(key);
  if (cached && cached.text === (text ?? '')) return cached;
  const source = sourceFromValue(file, value, text);
  parsedSources.set(key, source);
  return source;
}

async function latestPublished(em: EntityManager): Promise<ProcedureVersion[]> {
  // The newest published version of each key, chosen by the database rather than by loading all.
  const newest = await em
    .getConnection()
    .execute<{ id: string }[]>(
      `select distinct on (procedure_key) id from procedure_versions where status = 'published' order by procedure_key, version desc`,
      [],
      'all',
      em.getTransactionContext(),
    );
  if (newest.length === 0) return [];
  return em.find(ProcedureVersion, { id: { $in: newest.map((r) => r.id) } }, { orderBy: { procedureKey: 'asc' } });
}

async function latestOrganisation(em: EntityManager): Promise<OrganisationVersion | undefined> {
  const [latest] = await em.find(OrganisationVersion, {}, { orderBy: { version: 'desc' }, limit: 1 });
  return latest;
}
