import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPassword, browserAvailable, startBrowserWorld, type BrowserWorld } from '../support/browser.js';

// The admin area in a real Chromium: an administrator sets up a new colleague, who then manages
// their own API tokens; the pages refuse what the server refuses.
describe.runIf(browserAvailable())('the admin pages', { timeout: 180_000 }, () => {
  let world: BrowserWorld;
  let admin: Page;
  const nora = { username: 'nora', password: 'nora-password-1', displayName: 'Nora Newman' };

  beforeAll(async () => {
    world = await startBrowserWorld();
    await world.createUser({ username: 'erin', password: 'erin-password', displayName: 'Erin Employee', department: 'rnd', roles: ['employee'] });
    admin = await world.page({ username: 'admin', password: adminPassword });
  }, 180_000);
  afterAll(async () => world?.close());

  const departmentOf = async (key: string) => {
    const token = await world.tokenOf('admin', adminPassword);
    const data = await world.api<{ departments: { key: string; manager: { username: string } | null }[] }>('{ departments { key manager { username } } }', {}, token);
    return data.departments.find((d) => d.key === key);
  };

  it('lets an administrator create a user with a department and roles, and shows a taken username on its field', async () => {
    await admin.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await admin.getByRole('row', { name: /erin/ }).waitFor();

    await admin.getByRole('button', { name: 'New user' }).click();
    const form = admin.getByRole('form', { name: 'New user' });
    await form.getByLabel('Username').fill('erin');
    await form.getByLabel('Display name').fill('Another Erin');
    await form.getByLabel('Password', { exact: true }).fill('long enough password');
    await form.getByRole('button', { name: 'Create user' }).click();
    const username = form.getByLabel('Username');
    await expect.poll(() => username.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await username.getAttribute('aria-describedby'))!.split(' ')[0]!;
    expect(await admin.locator(`[id="${describedBy}"]`).textContent()).toBe('The username "erin" is already taken: choose another one.');
    await world.screenshot(admin, 'user-form-en');

    await username.fill(nora.username);
    await form.getByLabel('Display name').fill(nora.displayName);
    await form.getByLabel('Password', { exact: true }).fill(nora.password);
    await form.getByLabel('Department').selectOption({ label: 'Product R&D' });
    await form.getByRole('checkbox', { name: 'Employee' }).check();
    await form.getByRole('checkbox', { name: 'Engineer' }).check();
    await form.getByRole('button', { name: 'Create user' }).click();
    await expect.poll(() => admin.getByRole('status').allTextContents()).toContain('User nora was created.');

    const row = admin.getByRole('row', { name: /nora/ });
    await expect.poll(() => row.locator('td').allTextContents()).toEqual(['Nora Newman', 'Product R&D', 'Employee, Engineer', 'No', 'Yes', 'Edit']);
    await admin.getByLabel('Search').fill('newman');
    await expect.poll(() => admin.locator('tbody tr').count()).toBe(1);
    await admin.getByLabel('Search').fill('');
    await admin.getByLabel('Department').selectOption({ label: 'Product R&D' });
    await expect.poll(async () => (await admin.locator('tbody th').allTextContents()).sort()).toEqual(['erin', 'nora']);
    await admin.getByLabel('Department').selectOption({ label: 'All departments' });
    await world.screenshot(admin, 'users-en');
  });

  it('lets an administrator change a user: a role more, and the edit reaches the server', async () => {
    await admin.getByRole('button', { name: 'Edit nora' }).click();
    const form = admin.getByRole('form', { name: 'Edit Nora Newman' });
    await form.getByRole('checkbox', { name: 'Reviewer' }).check();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => admin.getByRole('status').allTextContents()).toContain('User nora was saved.');
    const token = await world.tokenOf(nora.username, nora.password);
    const me = await world.api<{ me: { department: string; roles: string[] } }>('{ me { department roles } }', {}, token);
    expect(me.me).toEqual({ department: 'rnd', roles: ['employee', 'reviewer', 'engineer'] });
  });

  it('lets an administrator make the new user the manager of a department', async () => {
    await admin.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Organisation' }).click();
    const select = admin.getByLabel('Manager — Product R&D');
    await select.selectOption({ label: 'Nora Newman (nora)' });
    await admin.getByRole('button', { name: 'Set manager: Product R&D' }).click();
    await expect.poll(() => admin.getByRole('status').allTextContents()).toContain('Nora Newman now manages Product R&D.');
    expect(await departmentOf('rnd')).toEqual({ key: 'rnd', manager: { username: 'nora' } });
    await world.screenshot(admin, 'organisation-en');
  });

  it('shows a non-administrator the organisation read-only, and refuses the users page in the browser and in the API', async () => {
    const page = await world.page({ username: 'erin', password: 'erin-password' });
    await page.goto('/admin/organisation');
    await page.getByRole('heading', { name: 'Roles' }).waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'Product R&D' }).first().textContent()).toContain('Manager: Nora Newman');
    expect(await page.getByRole('combobox').count()).toBe(0);

    await page.goto('/admin/users');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Only administrators may open this page.');
    expect(await page.getByRole('table').count()).toBe(0);
    const token = await world.tokenOf('erin', 'erin-password');
    await expect(world.api('{ users { id } }', {}, token)).rejects.toThrow(/FORBIDDEN/);
  });

  it('lets the new user sign in, create a token shown once that works, and revoke it so that it stops working', async () => {
    const page = await world.page({ username: nora.username, password: nora.password });
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'API tokens' }).click();
    await page.getByText('No tokens yet.').waitFor();

    await page.getByLabel('Name').fill('Reporting script');
    await page.getByLabel('Expires after (days)').fill('30');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByLabel('Your new token');
    await shown.waitFor();
    const token = await shown.inputValue();
    expect(token).toMatch(/^pdo_p_/);
    expect(await page.getByRole('region', { name: 'Token "Reporting script" created' }).textContent()).toContain('It is shown only this once');
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(async () => (await page.getByRole('status').allTextContents()).join(' ')).toMatch(/Copied to the clipboard\.|Could not copy/);
    await world.screenshot(page, 'tokens-en');

    const me = await world.api<{ me: { username: string } }>('{ me { username } }', {}, token);
    expect(me.me.username).toBe('nora');
    const row = page.getByRole('row', { name: /Reporting script/ });
    expect(await row.textContent()).toContain(token.slice(0, 10));

    await page.reload();
    await page.getByRole('row', { name: /Reporting script/ }).waitFor();
    expect(await page.content()).not.toContain(token);
    expect(await page.getByLabel('Your new token').count()).toBe(0);

    await page.getByRole('button', { name: 'Revoke: Reporting script' }).click();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain('The token "Reporting script" was revoked.');
    await expect.poll(() => page.getByRole('row', { name: /Reporting script/ }).textContent()).toContain('Revoked');
    await expect(world.api('{ me { username } }', {}, token)).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it('lets an administrator create a token for a service account', async () => {
    await world.api('mutation { createUser(input: { username: "erp-export", displayName: "ERP export" }) { id } }', {}, await world.tokenOf('admin', adminPassword));
    await admin.goto('/admin/tokens');
    const service = admin.getByRole('region', { name: 'Service accounts' });
    await service.getByLabel('Service account').selectOption({ label: 'ERP export (erp-export)' });
    const section = admin.getByRole('region', { name: 'Tokens of ERP export' });
    await section.getByLabel('Name').fill('Nightly export');
    await section.getByRole('button', { name: 'Create token' }).click();
    const token = await section.getByLabel('Your new token').inputValue();
    expect(token).toMatch(/^pdo_v_/);
    const me = await world.api<{ me: { username: string } }>('{ me { username } }', {}, token);
    expect(me.me.username).toBe('erp-export');
  });

  it('shows the users page in Chinese, and fits a phone screen', async () => {
    await admin.goto('/admin/users');
    await admin.getByRole('button', { name: 'Switch the language to Simplified Chinese' }).click();
    await admin.getByRole('heading', { name: '用户', level: 1 }).waitFor();
    const row = admin.getByRole('row', { name: /nora/ });
    expect(await row.locator('td').nth(1).textContent()).toBe('产品研发部');
    expect(await row.locator('td').nth(2).textContent()).toBe('员工、评审人、研发工程师');
    await world.screenshot(admin, 'users-zh-CN');

    await admin.getByRole('button', { name: '将语言切换为英语' }).click();
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    const overflow = () => admin.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);
    await world.screenshot(admin, 'users-390');
    await admin.goto('/admin/tokens');
    await admin.getByLabel('Service account').waitFor();
    expect(await overflow()).toBe(0);
    await world.screenshot(admin, 'tokens-390');
  });
});
