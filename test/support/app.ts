import { createApp, type App } from '../../server/src/app.js';
import { loadDefinitions } from '../../server/src/definitions/definition-set.js';
import { importDefinitions, loadPublishedDefinitions } from '../../server/src/services/definitions.service.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { validDefinitionsDir } from './fixtures.js';

export interface TestApp {
  readonly app: App;
  readonly db: TestDatabase;
  /** POSTs a GraphQL document through `yoga.fetch`, no network involved. */
  graphql(query: string, options?: { variables?: Record<string, unknown>; headers?: Record<string, string> }): Promise<GraphQLResponse>;
  close(): Promise<void>;
}

export interface GraphQLResponse {
  readonly status: number;
  readonly body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** An app on a fresh database holding the given definitions (the test fixtures by default). */
export async function createTestApp(definitionsDir = validDefinitionsDir): Promise<TestApp> {
  const db = await createTestDatabase();
  const files = await loadDefinitions(definitionsDir);
  if (!files.ok) throw new Error(`invalid test definitions: ${JSON.stringify(files.problems)}`);
  await importDefinitions(db.em, files.set);
  const published = await loadPublishedDefinitions(db.em);
  if (!published.ok) throw new Error(`invalid stored definitions: ${JSON.stringify(published.problems)}`);
  const app = createApp({ db, registry: published.set.registry, logger: false });
  return {
    app,
    db,
    async graphql(query, options = {}) {
      const response = await app.yoga.fetch('http://procedo.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: JSON.stringify({ query, variables: options.variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
