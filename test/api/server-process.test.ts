import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { repoRoot, validDefinitionsDir } from '../support/fixtures.js';
import { runServerToExit, startServer } from '../support/server-process.js';

// The real process as `npm start` runs it, over real HTTP: on PGlite in a fresh data directory,
// or on a fresh PostgreSQL database when DATABASE_URL is set.
let workDir: string;
let db: TestDatabase | undefined;
let databaseEnv: Record<string, string | undefined>;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'procedo-server-'));
  if (process.env.DATABASE_URL) {
    db = await createTestDatabase({ migrate: false });
    databaseEnv = { DATABASE_URL: db.databaseUrl };
  } else {
    databaseEnv = { PROCEDO_DATA_DIR: path.join(workDir, 'data') };
  }
});
afterAll(async () => {
  await db?.drop();
  await rm(workDir, { recursive: true, force: true });
});

async function typename(url: string): Promise<unknown> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return response.json();
}

// Starting a real process twice takes seconds, more on a loaded 2-core machine.
describe('the server process', { timeout: 180_000 }, () => {
  it('starts on an empty database, serves { __typename } and prints the generated admin password once', async () => {
    const env = { ...databaseEnv, PROCEDO_DEFINITIONS_DIR: validDefinitionsDir, ADMIN_PASSWORD: undefined };
    const first = await startServer(env);
    try {
      expect(await typename(first.url)).toEqual({ data: { __typename: 'Query' } });
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
      expect(first.output()).toMatch(/applied Migration\d+_initial/);
      expect(first.output()).toMatch(/First administrator created: username "admin", password "[A-Za-z0-9_-]{24}"/);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startServer(env);
    try {
      expect(await typename(second.url)).toEqual({ data: { __typename: 'Query' } });
      expect(second.output()).toContain('schema up to date');
      expect(second.output()).toContain('0 newly published');
      expect(second.output()).not.toContain('First administrator');
    } finally {
      await second.stop();
    }
  });

  it('refuses to start on an invalid definition and prints every problem with file and pointer', async () => {
    const broken = path.join(workDir, 'broken');
    await cp(validDefinitionsDir, broken, { recursive: true });
    const file = path.join(broken, 'test/purchase.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('to: closed', 'to: closd').replace('departments: [sales]', 'departments: [sale]'));

    const result = await runServerToExit({ ...databaseEnv, PROCEDO_DEFINITIONS_DIR: broken });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Procedo will not start');
    expect(result.stderr).toMatch(/test\/purchase.yaml:\d+:\d+ \/start\/departments\/0: unknown department "sale"/);
    expect(result.stderr).toMatch(/test\/purchase.yaml:\d+:\d+ \/actions\/0\/to: unknown stage "closd"/);
    expect(result.stdout).not.toContain('listening');
  });
});

describe('procedo validate', { timeout: 60_000 }, () => {
  it('exits non-zero and prints every problem of a broken directory', async () => {
    const broken = path.join(workDir, 'broken-cli');
    await cp(validDefinitionsDir, broken, { recursive: true });
    await writeFile(path.join(broken, 'test/extra.yaml'), 'key: test.extra\ndepartment: nowhere\n');
    const run = promisify(execFile);
    const error = (await run(process.execPath, ['server/bin/procedo.js', 'validate', broken], { cwd: repoRoot }).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('test/extra.yaml:1:1 /: missing "label": add it here');
    expect(error.stderr).toMatch(/test\/extra.yaml:\d+:\d+ \/: missing "stages"/);
    expect(error.stderr).toMatch(/\d+ problems in /);
  });

  it('exits zero on the shipped definitions', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['server/bin/procedo.js', 'validate'], { cwd: repoRoot });
    expect(stdout).toMatch(/valid — \d+ procedures?, 8 departments/);
  });
});
