import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, so that defaults work whatever the working directory is. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Config {
  readonly port: number;
  readonly host: string;
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  readonly databaseUrl: string | undefined;
  /** Where PGlite keeps its files; `memory://` keeps everything in memory (tests). */
  readonly dataDir: string;
  readonly definitionsDir: string;
  /** Password of the first administrator; generated and printed once when absent. */
  readonly adminPassword: string | undefined;
  /** Import `definitionsDir` into the database at start (new published versions where changed). */
  readonly importOnStart: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  readonly limits: RequestLimits;
}

/** What one request may ask of the server; `createApp` enforces them (api/limits.ts). */
export interface RequestLimits {
  /** Deepest selection set nesting. */
  readonly maxDepth: number;
  /** Largest cost of an operation (graphql-armor's model: 2 per object field, 1 per scalar, ×1.5 a level). */
  readonly maxCost: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
  /** Lexical tokens in the document, checked while parsing. */
  readonly maxTokens: number;
  readonly maxBodyBytes: number;
  /** Requests per second refilled into each token's (or anonymous client's) bucket; 0 turns the limit off. */
  readonly ratePerSecond: number;
  /** Size of the bucket: how many requests may come at once after a quiet spell. */
  readonly rateBurst: number;
}

export const defaultRequestLimits: RequestLimits = {
  maxDepth: 12,
  maxCost: 5000,
  maxAliases: 30,
  maxDirectives: 50,
  maxTokens: 5000,
  maxBodyBytes: 1024 * 1024,
  ratePerSecond: 50,
  rateBurst: 100,
};

export class ConfigError extends Error {}

/**
 * The only reader of process.env. Parses and validates once; throws ConfigError naming the
 * variable and what it accepts.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: parsePort(env.PORT),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL),
    dataDir: resolveDataDir(env.PROCEDO_DATA_DIR),
    definitionsDir: path.resolve(env.PROCEDO_DEFINITIONS_DIR ?? path.join(repoRoot, 'definitions')),
    adminPassword: nonEmpty(env.ADMIN_PASSWORD),
    importOnStart: parseBoolean('PROCEDO_IMPORT_ON_START', env.PROCEDO_IMPORT_ON_START, true),
    logLevel: parseLogLevel(env.LOG_LEVEL),
    limits: parseLimits(env),
  };
}

function parseLimits(env: NodeJS.ProcessEnv): RequestLimits {
  const d = defaultRequestLimits;
  return {
    maxDepth: parseCount('PROCEDO_MAX_DEPTH', env.PROCEDO_MAX_DEPTH, d.maxDepth),
    maxCost: parseCount('PROCEDO_MAX_COST', env.PROCEDO_MAX_COST, d.maxCost),
    maxAliases: parseCount('PROCEDO_MAX_ALIASES', env.PROCEDO_MAX_ALIASES, d.maxAliases),
    maxDirectives: parseCount('PROCEDO_MAX_DIRECTIVES', env.PROCEDO_MAX_DIRECTIVES, d.maxDirectives),
    maxTokens: parseCount('PROCEDO_MAX_TOKENS', env.PROCEDO_MAX_TOKENS, d.maxTokens),
    maxBodyBytes: parseCount('PROCEDO_MAX_BODY_BYTES', env.PROCEDO_MAX_BODY_BYTES, d.maxBodyBytes),
    ratePerSecond: parseRate(env.PROCEDO_RATE_LIMIT, d.ratePerSecond),
    rateBurst: parseCount('PROCEDO_RATE_BURST', env.PROCEDO_RATE_BURST, d.rateBurst),
  };
}

function parseCount(name: string, value: string | undefined, fallback: number): number {
  if (nonEmpty(value) === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new ConfigError(`${name} must be a whole number of at least 1, not "${value}".`);
  return n;
}

function parseRate(value: string | undefined, fallback: number): number {
  if (nonEmpty(value) === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    throw new ConfigError(`PROCEDO_RATE_LIMIT must be a number of requests per second (0 turns the limit off), not "${value}".`);
  }
  return n;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function parsePort(value: string | undefined): number {
  if (nonEmpty(value) === undefined) return 4000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${value}".`);
  }
  return port;
}

function parseDatabaseUrl(value: string | undefined): string | undefined {
  const url = nonEmpty(value);
  if (url === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://; unset it to use the embedded database.');
  }
  return url;
}

function resolveDataDir(value: string | undefined): string {
  const dir = nonEmpty(value) ?? path.join(repoRoot, 'data');
  return dir.startsWith('memory://') ? dir : path.resolve(dir);
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  const v = nonEmpty(value)?.toLowerCase();
  if (v === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false, not "${value}".`);
}

function parseLogLevel(value: string | undefined): Config['logLevel'] {
  const v = nonEmpty(value) ?? 'info';
  const levels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
  const level = levels.find((l) => l === v);
  if (!level) throw new ConfigError(`LOG_LEVEL must be one of ${levels.join(', ')}, not "${value}".`);
  return level;
}
