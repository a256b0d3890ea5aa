import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPassword, browserAvailable, startBrowserWorld, type BrowserWorld } from '../support/browser.js';

// The shell of the admin UI in a real Chromium: sign-in, navigation by role, the language switch.
describe.runIf(browserAvailable())('the admin UI shell', { timeout: 120_000 }, () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    world = await startBrowserWorld();
    await world.createUser({ username: 'erin', password: 'erin-password', displayName: 'Erin Employee', department: 'rnd', roles: ['employee'] });
  }, 180_000);
  afterAll(async () => world?.close());

  it('sends an anonymous visitor to the sign-in page and refuses a wrong password with the reason', async () => {
    const page = await world.page();
    await expect.poll(() => page.url()).toContain('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Sign-in failed');
  });

  it('shows the administrator the designer and the users, an employee neither', async () => {
    const admin = await world.page({ username: 'admin', password: adminPassword });
    const adminNav = admin.getByRole('navigation', { name: 'Main navigation' });
    await expect.poll(() => adminNav.getByRole('link', { name: 'Designer' }).count()).toBe(1);
    await expect.poll(() => adminNav.getByRole('link', { name: 'Users' }).count()).toBe(1);

    const employee = await world.page({ username: 'erin', password: 'erin-password' });
    const nav = employee.getByRole('navigation', { name: 'Main navigation' });
    await expect.poll(() => nav.getByRole('link', { name: 'My tasks' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Designer' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
  });

  it('serves the app for a client route whose last part has a dot, and 404 for a missing asset', async () => {
    const page = await world.page({ username: 'erin', password: 'erin-password' });
    const response = await page.goto('/records/finance.budget');
    expect(response?.status()).toBe(200);
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    expect((await fetch(`${world.url}/assets/missing.js`)).status).toBe(404);
  });

  it('switches to Chinese and keeps the choice after a reload', async () => {
    const page = await world.page({ username: 'erin', password: 'erin-password' });
    await page.getByRole('button', { name: 'Switch the language to Simplified Chinese' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的待办' }).count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });
});
