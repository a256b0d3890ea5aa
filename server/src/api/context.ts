import type { Registry } from '../definitions/registry.js';
import type { Actor } from '../engine/engine.types.js';
import type { Database } from '../persistence/database.js';
import type { Authentication } from '../services/auth.service.js';
import type { UserProfile } from '../services/auth-users.service.js';
import type { RecordEventFeed } from '../services/event-feed.service.js';
import type { ProcedureCatalog } from '../services/procedure-catalog.js';
import type { RecordQueries } from '../services/record-query.service.js';
import type { RecordService } from '../services/record.service.js';

/** What every resolver receives. Built once per request by the yoga context factory. */
export interface RequestContext {
  readonly registry: Registry;
  readonly catalog: ProcedureCatalog;
  readonly db: Database;
  /** From Accept-Language; a field's `locale` argument wins over it. */
  readonly locale: string | undefined;
  /** Who the request acts as; null without a bearer token. A bad token fails the request first. */
  readonly auth: Authentication | null;
  readonly records: RecordService;
  readonly queries: RecordQueries;
  /** Record events for subscriptions, fanned out from the database's NOTIFYs. */
  readonly events: RecordEventFeed;
  readonly now: () => Date;
  /** Users loaded during this request, by id. */
  readonly users: Map<string, Promise<UserSummary | null>>;
  /** Publishes a new definition set: builds and swaps the schema, or throws and keeps the old. */
  readonly reload: () => Promise<void>;
}

/** A user as the API shows them to others. */
export type UserSummary = Pick<UserProfile, 'id' | 'username' | 'displayName' | 'department' | 'roles' | 'isAdmin' | 'active'>;

export type { Actor };
