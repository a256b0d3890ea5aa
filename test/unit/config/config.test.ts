import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultRequestLimits, loadConfig, repoRoot } from '../../../server/src/config/config.js';

describe('configuration', () => {
  it('runs with no configuration at all: port 4000, PGlite under ./data, ./definitions', () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: path.join(repoRoot, 'data'),
      definitionsDir: path.join(repoRoot, 'definitions'),
      adminPassword: undefined,
      importOnStart: true,
      logLevel: 'info',
      limits: { maxDepth: 12, maxCost: 5000, maxAliases: 30, maxDirectives: 50, maxTokens: 5000, maxBodyBytes: 1048576, ratePerSecond: 50, rateBurst: 100 },
    });
    expect(loadConfig({}).limits).toEqual(defaultRequestLimits);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgresql://u@db:5432/procedo',
      PROCEDO_DATA_DIR: 'memory://',
      PROCEDO_DEFINITIONS_DIR: '/srv/definitions',
      ADMIN_PASSWORD: 's3cret',
      PROCEDO_IMPORT_ON_START: 'off',
      LOG_LEVEL: 'warn',
      PROCEDO_MAX_DEPTH: '8',
      PROCEDO_MAX_COST: '900',
      PROCEDO_MAX_ALIASES: '10',
      PROCEDO_MAX_DIRECTIVES: '5',
      PROCEDO_MAX_TOKENS: '2000',
      PROCEDO_MAX_BODY_BYTES: '65536',
      PROCEDO_RATE_LIMIT: '2.5',
      PROCEDO_RATE_BURST: '20',
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://u@db:5432/procedo',
      dataDir: 'memory://',
      definitionsDir: '/srv/definitions',
      adminPassword: 's3cret',
      importOnStart: false,
      logLevel: 'warn',
      limits: { maxDepth: 8, maxCost: 900, maxAliases: 10, maxDirectives: 5, maxTokens: 2000, maxBodyBytes: 65536, ratePerSecond: 2.5, rateBurst: 20 },
    });
  });

  it('turns the rate limit off with PROCEDO_RATE_LIMIT=0', () => {
    expect(loadConfig({ PROCEDO_RATE_LIMIT: '0' }).limits.ratePerSecond).toBe(0);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', ADMIN_PASSWORD: '  ', PORT: '' })).toMatchObject({ databaseUrl: undefined, adminPassword: undefined, port: 4000 });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535, not "eighty".'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must start with postgres:// or postgresql://; unset it to use the embedded database.'],
    [{ PROCEDO_IMPORT_ON_START: 'maybe' }, 'PROCEDO_IMPORT_ON_START must be true or false, not "maybe".'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error, silent, not "loud".'],
    [{ PROCEDO_MAX_DEPTH: '0' }, 'PROCEDO_MAX_DEPTH must be a whole number of at least 1, not "0".'],
    [{ PROCEDO_MAX_BODY_BYTES: '1MiB' }, 'PROCEDO_MAX_BODY_BYTES must be a whole number of at least 1, not "1MiB".'],
    [{ PROCEDO_RATE_LIMIT: '-1' }, 'PROCEDO_RATE_LIMIT must be a number of requests per second (0 turns the limit off), not "-1".'],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });
});
