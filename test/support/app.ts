import { createApp, type App } from '../../server/src/app.js';
import { loadDefinitions } from '../../server/src/definitions/definition-set.js';
import { Department } from '../../server/src/persistence/entities/department.entity.js';
import { User } from '../../server/src/persistence/entities/user.entity.js';
import { createApiToken } from '../../server/src/services/api-token.service.js';
import { loadCatalog } from '../../server/src/services/catalog-loader.js';
import { importDefinitions } from '../../server/src/services/definitions.service.js';
import { hashPassword } from '../../server/src/services/password.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { validDefinitionsDir } from './fixtures.js';

export interface TestApp {
  readonly app: App;
  readonly db: TestDatabase;
  /** POSTs a GraphQL document through `yoga.fetch`, no network involved. */
  graphql(query: string, options?: { variables?: Record<string, unknown>; headers?: Record<string, string>; token?: string }): Promise<GraphQLResponse>;
  /** Creates a user (password `password-<username>`) and returns an API token of theirs. */
  user(username: string, profile?: { department?: string | null; roles?: string[]; admin?: boolean; manages?: boolean }): Promise<{ id: string; token: string }>;
  /** Imports a definitions directory and swaps in what is then published, as a publish does. */
  publish(dir: string): Promise<void>;
  close(): Promise<void>;
}

export interface GraphQLResponse {
  readonly status: number;
  readonly body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** An app on a fresh database holding the given definitions (the test fixtures by default). */
export async function createTestApp(definitionsDir = validDefinitionsDir): Promise<TestApp> {
  const db = await createTestDatabase();
  const publish = async (dir: string) => {
    const files = await loadDefinitions(dir);
    if (!files.ok) throw new Error(`invalid test definitions: ${JSON.stringify(files.problems)}`);
    await importDefinitions(db.em, files.set);
  };
  await publish(definitionsDir);
  const app = createApp({ db, catalog: await loadCatalog(db.em), loadCatalog: () => loadCatalog(db.em), logger: false });
  return {
    app,
    db,
    async graphql(query, options = {}) {
      const response = await app.yoga.fetch('http://procedo.test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables: options.variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
    },
    async user(username, profile = {}) {
      const em = db.em.fork();
      const user = em.create(User, {
        username,
        displayName: username,
        passwordHash: await hashPassword(`password-${username}`),
        department: profile.department === undefined ? null : profile.department,
        roles: profile.roles ?? ['employee'],
        isAdmin: profile.admin ?? false,
      });
      if (profile.manages && profile.department) em.assign(await em.findOneOrFail(Department, { key: profile.department }), { manager: user });
      await em.flush();
      const actor = { id: user.id, username, roles: user.roles, department: profile.department ?? null, isAdmin: user.isAdmin };
      const { token } = await createApiToken(db, actor, { name: 'test' }, new Date());
      return { id: user.id, token };
    },
    async publish(dir) {
      await publish(dir);
      app.reload(await loadCatalog(db.em));
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
