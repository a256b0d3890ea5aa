import path from 'node:path';
import { createLogger } from 'graphql-yoga';
import { createHttpServer } from './api/http-server.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig, repoRoot } from './config/config.js';
import { loadDefinitions } from './definitions/definition-set.js';
import { formatProblem, type Problem } from './definitions/problem.js';
import { DatabaseUnavailableError, openDatabase } from './persistence/database.js';
import { migrate } from './persistence/migrate.js';
import { importDefinitions, loadPublishedDefinitions } from './services/definitions.service.js';
import { ensureFirstAdmin } from './services/first-admin.service.js';
import { loadCatalog } from './services/catalog-loader.js';
import { ProcedureCatalog, latestPublishedVersions } from './services/procedure-catalog.js';

/** Process entry: read config → check definitions → open and migrate the database → import → listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'silent' ? 'error' : config.logLevel);

  const files = await loadDefinitions(config.definitionsDir);
  if (!files.ok) refuseToStart(`the definitions in ${config.definitionsDir} are invalid`, files.problems);

  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const where = db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL';
  const applied = await migrate(db);
  logger.info(`database: ${where}; ${applied.length === 0 ? 'schema up to date' : `applied ${applied.join(', ')}`}`);

  if (config.importOnStart) {
    const report = await importDefinitions(db.em, files.set);
    const changed = report.procedures.filter((p) => p.status !== 'unchanged');
    logger.info(
      `definitions: organisation v${report.organisation.version} (${report.organisation.status}); ` +
        `${report.procedures.length} procedures, ${changed.length} newly published` +
        (changed.length > 0 ? `: ${changed.map((p) => `${p.key} v${p.version}`).join(', ')}` : ''),
    );
  }
  const published = await loadPublishedDefinitions(db.em);
  if (!published.ok) refuseToStart('the definitions stored in the database are invalid', published.problems);
  const catalog = new ProcedureCatalog(published.set.registry, await latestPublishedVersions(db.em));

  const admin = await ensureFirstAdmin(db.em, config.adminPassword);
  if (admin.created && admin.generatedPassword) {
    // Printed once, on the start that creates the account; only its hash is stored.
    console.log(`\n  First administrator created: username "${admin.username}", password "${admin.generatedPassword}"\n  (shown only now; set ADMIN_PASSWORD to choose it yourself)\n`);
  } else if (admin.created) {
    logger.info(`first administrator "${admin.username}" created with ADMIN_PASSWORD`);
  }

  const app = createApp({ db, catalog, loadCatalog: () => loadCatalog(db.em), logger, limits: config.limits });
  const server = createHttpServer(app, path.join(repoRoot, 'admin-ui', 'dist'));
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(`Procedo listening on http://localhost:${port} — GraphQL and GraphiQL at http://localhost:${port}/graphql`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: closing`);
    server.close();
    server.closeAllConnections();
    void app
      .close()
      .then(() => db.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function refuseToStart(reason: string, problems: readonly Problem[]): never {
  console.error(`Procedo will not start: ${reason}.\n`);
  for (const problem of problems) console.error(`  ${formatProblem(problem)}`);
  console.error(`\n${problems.length} problem${problems.length === 1 ? '' : 's'}. Fix them (\`npx procedo validate\` checks again) and start again.`);
  process.exit(1);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseUnavailableError) {
    console.error(`Procedo will not start: ${error.message}`);
  } else {
    console.error('Procedo failed to start:', error);
  }
  process.exit(1);
});
