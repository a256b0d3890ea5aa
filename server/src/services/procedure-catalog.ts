import type { EntityManager } from '@mikro-orm/postgresql';
import type { Procedure, ProcedureDef } from '../definitions/definition.types.js';
import { normaliseProcedure } from '../definitions/normalise.js';
import type { Registry } from '../definitions/registry.js';
import { DomainError } from '../errors/domain-errors.js';
import { ProcedureVersion } from '../persistence/entities/procedure-version.entity.js';

/**
 * The definitions records run on: the registry of latest published versions, plus any older
 * version a record is pinned to, loaded once from the database and kept (published versions
 * never change, so a cached one never goes stale).
 */
export class ProcedureCatalog {
  readonly #pinned = new Map<string, Procedure>();
  #scopes: Promise<PublishedScope[]> | undefined;

  constructor(
    readonly registry: Registry,
    /** The latest published version number of each procedure in the registry. */
    readonly latestVersions: ReadonlyMap<string, number>,
  ) {}

  /** The current published definition and its version; NOT_FOUND for an unknown key. */
  latest(key: string): { procedure: Procedure; version: number } {
    const procedure = this.registry.procedures.get(key);
    const version = this.latestVersions.get(key);
    if (!procedure || version === undefined) throw DomainError.notFound(`Procedure "${key}"`);
    return { procedure, version };
  }

  /**
   * Every published version, each with its definition and `procedure_versions.id`, so that lists
   * judge each record by the who lists of the version it is pinned to. Read once per catalog: a
   * catalog stands for what was published when it was loaded, and a publish (here or in another
   * process, noticed by CatalogFreshness) loads a new one.
   */
  publishedScopes(em: EntityManager): Promise<PublishedScope[]> {
    this.#scopes ??= this.#loadScopes(em).catch((error: unknown) => {
      this.#scopes = undefined;
      throw error;
    });
    return this.#scopes;
  }

  async #loadScopes(em: EntityManager): Promise<PublishedScope[]> {
    const versions = await em
      .getConnection()
      .execute<{ id: string; procedure_key: string; version: number }[]>(`select id, procedure_key, version from procedure_versions where status = 'published'`);
    return Promise.all(versions.map(async (v) => ({ procedure: await this.at(em, v.procedure_key, Number(v.version)), versionId: v.id })));
  }

  /** The definition of `key` at `version` (as published then). */
  async at(em: EntityManager, key: string, version: number): Promise<Procedure> {
    if (this.latestVersions.get(key) === version) return this.registry.procedures.get(key)!;
    const id = `${key}@${version}`;
    let procedure = this.#pinned.get(id);
    if (!procedure) {
      const row = await em.findOne(ProcedureVersion, { procedureKey: key, version, status: 'published' });
      if (!row) throw DomainError.notFound(`Version ${version} of procedure "${key}"`);
      // Valid when it was published, and immutable since: no need to check it again.
      procedure = normaliseProcedure(row.definition as unknown as ProcedureDef);
      this.#pinned.set(id, procedure);
    }
    return procedure;
  }
}

/** A published version of a procedure: its definition and its row id. */
export interface PublishedScope {
  readonly procedure: Procedure;
  readonly versionId: string;
}

/** Latest published version number of every procedure. */
export async function latestPublishedVersions(em: EntityManager): Promise<Map<string, number>> {
  const rows = await em
    .fork()
    .getConnection()
    .execute<{ procedure_key: string; version: number }[]>(
      `select procedure_key, max(version) as version from procedure_versions where status = 'published' group by procedure_key`,
    );
  return new Map(rows.map((r) => [r.procedure_key, Number(r.version)]));
}
