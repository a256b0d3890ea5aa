import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, repoRoot } from '../../../server/src/config/config.js';

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
    });
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
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', ADMIN_PASSWORD: '  ', PORT: '' })).toMatchObject({ databaseUrl: undefined, adminPassword: undefined, port: 4000 });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535, not "eighty".'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must start with postgres:// or postgresql://; unset it to use the embedded database.'],
    [{ PROCEDO_IMPORT_ON_START: 'maybe' }, 'PROCEDO_IMPORT_ON_START must be true or false, not "maybe".'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error, silent, not "loud".'],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });
});
