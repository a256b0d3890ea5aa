import type { GraphQLSchema } from 'graphql';
import { createYoga, useReadinessCheck, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import type { RequestContext } from './api/context.js';
import { localeFromHeader } from './api/locale.js';
import type { Registry } from './definitions/registry.js';
import { toGraphQLError } from './errors/graphql-error.js';
import type { Database } from './persistence/database.js';
import { buildSchema } from './schema/build-schema.js';

export interface AppDeps {
  readonly db: Database;
  readonly registry: Registry;
  readonly logger?: YogaLogger | boolean;
}

export interface App {
  readonly yoga: YogaServerInstance<Record<string, unknown>, RequestContext>;
  /** The registry now served. */
  registry(): Registry;
  /**
   * Builds the schema for a new registry and swaps both in at once; requests already running
   * finish on the old pair. Throws (and keeps serving the old pair) when the build fails.
   */
  reload(registry: Registry): void;
  close(): Promise<void>;
}

interface Served {
  readonly registry: Registry;
  readonly schema: GraphQLSchema;
}

/** Creates the application without listening: tests call `app.yoga.fetch`, main.ts listens. */
export function createApp(deps: AppDeps): App {
  let current: Served = { registry: deps.registry, schema: buildSchema(deps.registry) };
  // A request keeps the pair it started with, even if a reload happens while it runs.
  const servedTo = new WeakMap<Request, Served>();
  const servedFor = (request: Request): Served => {
    let served = servedTo.get(request);
    if (!served) servedTo.set(request, (served = current));
    return served;
  };

  const yoga = createYoga<Record<string, unknown>, RequestContext>({
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql: { title: 'Procedo GraphiQL' },
    logging: deps.logger ?? true,
    schema: ({ request }) => servedFor(request).schema,
    context: ({ request }): RequestContext => ({
      registry: servedFor(request).registry,
      db: deps.db,
      locale: localeFromHeader(request.headers.get('accept-language')),
    }),
    maskedErrors: { maskError: (error, message) => toGraphQLError(error, message) },
    plugins: [
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
    registry: () => current.registry,
    reload(registry) {
      current = { registry, schema: buildSchema(registry) };
    },
    close: async () => {
      await yoga.dispose();
    },
  };
}
