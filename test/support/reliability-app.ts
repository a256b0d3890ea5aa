import type { LimitOptions } from '../../server/src/api/limits.js';
import { createApp, type App } from '../../server/src/app.js';
import { loadDefinitions } from '../../server/src/definitions/definition-set.js';
import { Department } from '../../server/src/persistence/entities/department.entity.js';
import { User } from '../../server/src/persistence/entities/user.entity.js';
import { createApiToken } from '../../server/src/services/api-token.service.js';
import { loadCatalog } from '../../server/src/services/catalog-loader.js';
import { importDefinitions } from '../../server/src/services/definitions.service.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/**
 * The reliability tests' app: like `createTestApp`, but without the per-token rate limit (many
 * clients hammer one record on purpose) and with users created without password hashing (an
 * argon2 hash per user costs seconds on a loaded 2-core machine; the tests sign in with tokens).
 */
export interface ReliabilityApp {
  readonly app: App;
  readonly db: TestDatabase;
  /** POSTs a raw body through `yoga.fetch`; returns the status and the parsed body (or the text). */
  post(body: string, headers?: Record<string, string>): Promise<{ status: number; text: string; json: GraphQLBody | undefined }>;
  /** POSTs a GraphQL document with variables. */
  graphql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLBody>;
  /** Creates an active user and returns their id and an API token. */
  user(username: string, profile: { department: string; roles: readonly string[]; manages?: boolean; admin?: boolean }): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

export interface GraphQLError {
  readonly message: string;
  readonly extensions?: Record<string, unknown>;
}
export interface GraphQLBody {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly GraphQLError[];
}

export async function createReliabilityApp(definitionsDir: string, limits: LimitOptions = {}): Promise<ReliabilityApp> {
  const db = await createTestDatabase();
  const files = await loadDefinitions(definitionsDir);
  if (!files.ok) throw new Error(`invalid definitions: ${JSON.stringify(files.problems)}`);
  await importDefinitions(db.em, files.set);
  const app = createApp({ db, catalog: await loadCatalog(db.em), loadCatalog: () => loadCatalog(db.em), logger: false, limits: { ratePerSecond: 0, ...limits } });

  const post: ReliabilityApp['post'] = async (body, headers = {}) => {
    const response = await app.yoga.fetch('http://procedo.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await response.text();
    let json: GraphQLBody | undefined;
    try {
      json = JSON.parse(text) as GraphQLBody;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  };
  return {
    app,
    db,
    post,
    async graphql(query, variables, token) {
      const { text, json } = await post(JSON.stringify({ query, variables }), token ? { authorization: `Bearer ${token}` } : {});
      if (!json) throw new Error(`not JSON: ${text}`);
      return json;
    },
    async user(username, profile) {
      const em = db.em.fork();
      const user = em.create(User, { username, displayName: username, passwordHash: null, department: profile.department, roles: [...profile.roles], isAdmin: profile.admin ?? false });
      if (profile.manages) em.assign(await em.findOneOrFail(Department, { key: profile.department }), { manager: user });
      await em.flush();
      const actor = { id: user.id, username, roles: user.roles, department: profile.department, isAdmin: user.isAdmin };
      const { token } = await createApiToken(db, actor, { name: 'reliability' }, new Date());
      return { id: user.id, token };
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** The error codes of DESIGN.md; anything else reaching a client is a bug. */
export const CONTRACT_CODES: ReadonlySet<string> = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'TRANSITION_BLOCKED',
  'VERSION_CONFLICT',
  'INVALID_DEFINITION',
  'BAD_REQUEST',
]);

/** Every code of a response's errors. */
export const codesOf = (body: GraphQLBody | undefined): string[] => (body?.errors ?? []).map((e) => String(e.extensions?.code));
