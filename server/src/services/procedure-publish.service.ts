import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize } from '../authz/authorize.js';
import { contentHash } from '../definitions/content-hash.js';
import { checkContextOf, procedureFileName, validateProcedureValue } from '../definitions/definition-set.js';
import type { Procedure, ProcedureDef } from '../definitions/definition.types.js';
import { normaliseProcedure } from '../definitions/normalise.js';
import type { Registry } from '../definitions/registry.js';
import type { Actor } from '../engine/engine.types.js';
import { AppError } from '../errors/app-error.js';
import { DomainError } from '../errors/domain-errors.js';
import { ErrorCode } from '../errors/error-codes.js';
import type { Database } from '../persistence/database.js';
import { ProcedureVersion } from '../persistence/entities/procedure-version.entity.js';
import { User } from '../persistence/entities/user.entity.js';
import { loadPublishedDefinitions } from './definitions.service.js';

export interface DefinitionProblem {
  readonly path: string;
  readonly message: string;
}

export interface SavedProcedure {
  readonly procedure: Procedure;
  readonly version: number;
  readonly status: 'draft' | 'published';
}

/** Serialises publishes with imports (the same advisory lock as importDefinitions). */
const DEFINITIONS_LOCK_ID = 4_170_226_338;

/**
 * Checks a procedure definition against the published organisation and procedures (it may
 * replace the one with its key), and then whether the schema would build with it (generated
 * GraphQL names must not clash). Every problem at once, each with its JSON pointer.
 */
export function validateDefinition(registry: Registry, value: unknown, buildSchema: (registry: Registry) => unknown): DefinitionProblem[] {
  const key = typeof (value as { key?: unknown })?.key === 'string' ? (value as { key: string }).key : undefined;
  const siblings = [...registry.procedures.values()].filter((p) => p.key !== key).map((p) => p.source);
  const organisation = { departments: registry.organisation.departments, roles: registry.organisation.roles };
  // The definition itself joins the link targets only once it has the shape to be one.
  const selfLinkable = key !== undefined && Array.isArray((value as { stages?: unknown }).stages);
  const local = validateProcedureValue(value, checkContextOf(organisation, [...siblings, ...(selfLinkable ? [value as ProcedureDef] : [])]));
  if (local.length > 0) return local.map((p) => ({ path: p.pointer, message: p.message }));
  const candidate: Registry = { organisation: registry.organisation, procedures: new Map([...registry.procedures, [key!, normaliseProcedure(value as ProcedureDef)]]) };
  try {
    buildSchema(candidate);
  } catch (error) {
    if (error instanceof AppError && Array.isArray(error.extensions.problems)) return error.extensions.problems as DefinitionProblem[];
    throw error;
  }
  return [];
}

function refuse(problems: readonly DefinitionProblem[]): AppError {
  return new AppError(ErrorCode.INVALID_DEFINITION, `The definition is not valid: ${problems.map((p) => `${p.path || '/'}: ${p.message}`).join('; ')}`, { problems });
}

/** Stores a definition as the procedure's draft (one per procedure), for administrators. */
export async function saveDraft(db: Database, registry: Registry, actor: Actor, value: unknown, buildSchema: (registry: Registry) => unknown): Promise<SavedProcedure> {
  authorize(actor, 'definitions.edit');
  const problems = validateDefinition(registry, value, buildSchema);
  if (problems.length > 0) throw refuse(problems);
  const def = value as ProcedureDef;
  return db.em.transactional(async (tx) => {
    await lock(tx);
    const draft = await tx.findOne(ProcedureVersion, { procedureKey: def.key, status: 'draft' });
    const fields = { definition: def as unknown as Record<string, unknown>, department: def.department, contentHash: contentHash(def), source: null };
    let version: number;
    if (draft) {
      tx.assign(draft, fields);
      version = draft.version;
    } else {
      version = (await maxVersion(tx, def.key)) + 1;
      tx.create(ProcedureVersion, { procedureKey: def.key, version, status: 'draft', createdBy: tx.getReference(User, actor.id), ...fields });
    }
    await tx.flush();
    return { procedure: normaliseProcedure(def), version, status: 'draft' };
  });
}

/**
 * Publishes a procedure's draft as its next version. The whole stored set is validated with it
 * and the schema must build; otherwise nothing changes (INVALID_DEFINITION with the problems)
 * and the old schema keeps serving. The caller swaps the schema after this returns.
 */
export async function publishDraft(db: Database, actor: Actor, key: string, buildSchema: (registry: Registry) => unknown): Promise<SavedProcedure> {
  authorize(actor, 'definitions.edit');
  return db.em.transactional(async (tx) => {
    await lock(tx);
    const draft = await tx.findOne(ProcedureVersion, { procedureKey: key, status: 'draft' });
    if (!draft) throw DomainError.notFound(`A draft of procedure "${key}" (save one with saveProcedure first)`);
    const [latest] = await tx.find(ProcedureVersion, { procedureKey: key, status: 'published' }, { orderBy: { version: 'desc' }, limit: 1 });
    if (latest?.contentHash === draft.contentHash) {
      throw DomainError.badRequest(`The draft of "${key}" is the same as version ${latest.version}: change something before publishing.`);
    }
    tx.assign(draft, { version: (await maxVersion(tx, key, draft.id)) + 1, status: 'published', publishedAt: new Date() });
    await tx.flush();
    const stored = await loadPublishedDefinitions(tx);
    if (!stored.ok) {
      throw refuse(stored.problems.map((p) => ({ path: p.file === procedureFileName(key) ? p.pointer : `${p.file}#${p.pointer}`, message: p.message })));
    }
    buildSchema(stored.set.registry);
    return { procedure: stored.set.registry.procedures.get(key)!, version: draft.version, status: 'published' };
  });
}

async function lock(tx: EntityManager): Promise<void> {
  await tx.getConnection().execute(`select pg_advisory_xact_lock(${DEFINITIONS_LOCK_ID})`, [], 'run', tx.getTransactionContext());
}

async function maxVersion(tx: EntityManager, key: string, exceptId?: string): Promise<number> {
  const rows = await tx.find(ProcedureVersion, { procedureKey: key, ...(exceptId ? { id: { $ne: exceptId } } : {}) }, { orderBy: { version: 'desc' }, limit: 1, fields: ['version'] });
  return rows[0]?.version ?? 0;
}
