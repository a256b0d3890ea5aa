import type { Registry } from '../definitions/registry.js';
import type { Database } from '../persistence/database.js';

/** What every resolver receives. Built once per request by the yoga context factory. */
export interface RequestContext {
  readonly registry: Registry;
  readonly db: Database;
  /** From Accept-Language; a field's `locale` argument wins over it. */
  readonly locale: string | undefined;
}
