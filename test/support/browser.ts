// Browser tests: the real server process (as `npm start` runs it, serving the built admin UI)
// on a fresh database, driven through Debian's Chromium with playwright-core. No browser is
// downloaded: the tests use /usr/bin/chromium (PROCEDO_CHROMIUM to point elsewhere), which
// `.ci/run` installs when it is missing.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from './database.js';
import { repoRoot } from './fixtures.js';
import { startServer, type ServerProcess } from './server-process.js';

export const chromiumPath = process.env.PROCEDO_CHROMIUM ?? '/usr/bin/chromium';
const builtUi = path.join(repoRoot, 'admin-ui', 'dist', 'index.html');

/**
 * Whether browser tests can run here. CI sets PROCEDO_REQUIRE_BROWSER=1, which turns a missing
 * Chromium or an unbuilt UI into a failure instead of a skip.
 */
export function browserAvailable(): boolean {
  const ready = existsSync(chromiumPath) && existsSync(builtUi);
  if (!ready && process.env.PROCEDO_REQUIRE_BROWSER === '1') {
    throw new Error(`Browser tests need ${chromiumPath} (apt-get install -y chromium) and a built UI (npm run build).`);
  }
  return ready;
}

/** Where tests write screenshots (ignored by git; current ones are copied to docs/screenshots). */
export const screenshotDir = path.join(repoRoot, '.tmp', 'screenshots');

export const adminPassword = 'browser-admin-password';

export interface BrowserWorld {
  readonly url: string;
  readonly server: ServerProcess;
  readonly browser: Browser;
  /** GraphQL as someone (a token) or anonymously; throws on errors. */
  api<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  /** A session token for a user (for setting up data through the API). */
  tokenOf(username: string, password: string): Promise<string>;
  /** Creates a user through the API as the administrator; returns its id. */
  createUser(input: { username: string; password: string; displayName: string; department?: string; roles?: string[]; isAdmin?: boolean }): Promise<string>;
  /** A fresh browser context (own storage) in a language, signed in through the login page when a user is given. */
  page(options?: { username?: string; password?: string; language?: 'en' | 'zh-CN'; viewport?: { width: number; height: number } }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the server on a fresh database with the given definitions and launches Chromium. */
export async function startBrowserWorld(options: { definitionsDir?: string } = {}): Promise<BrowserWorld> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'procedo-browser-'));
  let db: TestDatabase | undefined;
  let databaseEnv: Record<string, string | undefined>;
  if (process.env.DATABASE_URL) {
    db = await createTestDatabase({ migrate: false });
    databaseEnv = { DATABASE_URL: db.databaseUrl };
  } else {
    databaseEnv = { PROCEDO_DATA_DIR: path.join(workDir, 'data') };
  }
  const server = await startServer({
    ...databaseEnv,
    PROCEDO_DEFINITIONS_DIR: options.definitionsDir ?? path.join(repoRoot, 'definitions'),
    ADMIN_PASSWORD: adminPassword,
    PROCEDO_RATE_LIMIT: '100000',
    PROCEDO_RATE_BURST: '100000',
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const contexts: BrowserContext[] = [];

  const api = async <T,>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T> => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  };
  const tokenOf = async (username: string, password: string): Promise<string> => {
    const data = await api<{ login: { token: string } }>(
      'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      { u: username, p: password },
    );
    return data.login.token;
  };
  let adminToken: string | undefined;

  const world: BrowserWorld = {
    url: server.url,
    server,
    browser,
    api,
    tokenOf,
    async createUser(input) {
      adminToken ??= await tokenOf('admin', adminPassword);
      const data = await api<{ createUser: { id: string } }>('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input }, adminToken);
      return data.createUser.id;
    },
    async page(pageOptions = {}) {
      const context = await browser.newContext({
        baseURL: server.url,
        locale: pageOptions.language ?? 'en',
        viewport: pageOptions.viewport ?? { width: 1280, height: 900 },
        timezoneId: 'UTC',
      });
      contexts.push(context);
      if (pageOptions.language) {
        await context.addInitScript((language) => localStorage.setItem('procedo.language', language), pageOptions.language);
      }
      const page = await context.newPage();
      // Generous: CI runs on a loaded 2-core machine; a test still fails, only later.
      page.setDefaultTimeout(30_000);
      await page.goto('/');
      if (pageOptions.username) {
        await page.locator('input[name="username"]').fill(pageOptions.username);
        await page.locator('input[name="password"]').fill(pageOptions.password ?? '');
        await page.locator('form button[type="submit"]').click();
        await page.locator('nav[aria-label]').waitFor();
      }
      return page;
    },
    async screenshot(page, name) {
      await mkdir(screenshotDir, { recursive: true });
      await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.stop();
      await db?.drop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
  return world;
}
