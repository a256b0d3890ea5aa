import type { GraphQLSchema } from 'graphql';
import { createYoga, useReadinessCheck, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import type { RequestContext, UserSummary } from './api/context.js';
import { limitPlugins, type LimitOptions } from './api/limits.js';
import { localeFromHeader } from './api/locale.js';
import { toGraphQLError, useRequestErrorCodes } from './errors/graphql-error.js';
import type { Database } from './persistence/database.js';
import { buildSchema } from './schema/build-schema.js';
import { authenticate } from './services/auth.service.js';
import { CatalogFreshness } from './services/catalog-freshness.js';
import { EventBus } from './services/event-bus.js';
import { RecordEventFeed } from './services/event-feed.service.js';
import { listenForRecordEvents } from './services/event-listener.js';
import type { ProcedureCatalog } from './services/procedure-catalog.js';
import { RecordQueries } from './services/record-query.service.js';
import { RecordService } from './services/record.service.js';

export interface AppDeps {
  readonly db: Database;
  readonly catalog: ProcedureCatalog;
  /** Loads the catalog of what is published now, for `reload` after a publish. */
  readonly loadCatalog?: () => Promise<ProcedureCatalog>;
  readonly logger?: YogaLogger | boolean;
  readonly clock?: () => Date;
  /** Request limits (depth, cost, body size, rate…); unset ones take the defaults of config.ts. */
  readonly limits?: LimitOptions;
}

export interface App {
  readonly yoga: YogaServerInstance<Record<string, unknown>, RequestContext>;
  /** The catalog now served. */
  catalog(): ProcedureCatalog;
  /**
   * Builds the schema for a new catalog and swaps both in at once; requests already running
   * finish on the old pair. Throws (and keeps serving the old pair) when the build fails.
   */
  reload(catalog: ProcedureCatalog): void;
  close(): Promise<void>;
}

interface Served {
  readonly catalog: ProcedureCatalog;
  readonly schema: GraphQLSchema;
}

/** Creates the application without listening: tests call `app.yoga.fetch`, main.ts listens. */
export function createApp(deps: AppDeps): App {
  const clock = deps.clock ?? (() => new Date());
  let current: Served = { catalog: deps.catalog, schema: buildSchema(deps.catalog.registry) };
  const records = new RecordService({ db: deps.db, catalog: () => current.catalog, clock });
  const queries = new RecordQueries(deps.db, () => current.catalog);
  // One bus per process; it opens its listening connection with the first subscription.
  const warn = (message: string) => yoga.logger.warn(message);
  const bus = new EventBus((deliver) => listenForRecordEvents(deps.db, deliver, { warn }), { warn });
  const events = new RecordEventFeed({ bus, db: deps.db, queries, catalog: () => current.catalog });

  // A request keeps the pair it started with, even if a reload happens while it runs.
  const servedTo = new WeakMap<Request, Served>();
  const servedFor = (request: Request): Served => {
    let served = servedTo.get(request);
    if (!served) servedTo.set(request, (served = current));
    return served;
  };
  const reload = (catalog: ProcedureCatalog) => {
    current = { catalog, schema: buildSchema(catalog.registry) };
  };
  const freshness = new CatalogFreshness(deps.db);
  // A failure here shows on the first reload; it must not be an unhandled rejection now.
  const marked = (deps.loadCatalog ? freshness.mark() : Promise.resolve()).catch(() => undefined);
  const reloadFromDatabase = async () => {
    if (!deps.loadCatalog) return;
    await marked;
    const catalog = await deps.loadCatalog();
    await freshness.mark();
    reload(catalog);
  };

  const yoga = createYoga<Record<string, unknown>, RequestContext>({
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql: { title: 'Procedo GraphiQL' },
    logging: deps.logger ?? true,
    schema: ({ request }) => servedFor(request).schema,
    context: async ({ request }): Promise<RequestContext> => {
      // Definitions published by another process (or an import) are picked up within a second.
      if (deps.loadCatalog && (await freshness.changed())) await reloadFromDatabase();
      const served = servedFor(request);
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
      return {
        registry: served.catalog.registry,
        catalog: served.catalog,
        db: deps.db,
        locale: localeFromHeader(request.headers.get('accept-language')),
        auth: bearer ? await authenticate(deps.db, bearer, clock()) : null,
        records,
        queries,
        events,
        now: clock,
        users: new Map<string, Promise<UserSummary | null>>(),
        reload: reloadFromDatabase,
      };
    },
    maskedErrors: { maskError: (error, message) => toGraphQLError(error, message) },
    plugins: [
      ...limitPlugins(deps.limits),
      useRequestErrorCodes(),
      useReadinessCheck({
        endpoint: '/readyz',
        // A failure answers 503 with no detail: the reason is for the logs, not for callers.
        check: async () => {
          try {
            await deps.db.em.getConnection().execute('select 1');
            return true;
          } catch {
            return false;
          }
        },
      }),
    ],
  });

  return {
    yoga,
    catalog: () => current.catalog,
    reload,
    close: async () => {
      // Ends open subscriptions first, so that their streams complete before yoga is disposed.
      await bus.close();
      await yoga.dispose();
    },
  };
}
