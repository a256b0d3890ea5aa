import type { EntityManager } from '@mikro-orm/postgresql';
import { formatProblem } from '../definitions/problem.js';
import { AppError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-codes.js';
import { loadPublishedDefinitions } from './definitions.service.js';
import { ProcedureCatalog, latestPublishedVersions } from './procedure-catalog.js';

/** The catalog of what the database has published now; INVALID_DEFINITION if it would not validate. */
export async function loadCatalog(em: EntityManager): Promise<ProcedureCatalog> {
  const published = await loadPublishedDefinitions(em);
  if (!published.ok) {
    throw new AppError(ErrorCode.INVALID_DEFINITION, `The stored definitions are invalid: ${published.problems.map(formatProblem).join('; ')}`, {
      problems: published.problems.map((p) => ({ path: `${p.file}#${p.pointer}`, message: p.message })),
    });
  }
  return new ProcedureCatalog(published.set.registry, await latestPublishedVersions(em));
}
