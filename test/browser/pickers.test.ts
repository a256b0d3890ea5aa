import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, startBrowserWorld, type BrowserWorld } from '../support/browser.js';
import { approvedBudget, createPeople, passwordOf, poll, type People } from './workspace-support.js';

// Issue 11: a person names a colleague, or links a record, by typing part of its name into the
// generated form: a combobox labelled by the field offers what the server admits for that field
// (`people`, `linkCandidates`), shows the choice by its name, and the record holds its id.
describe.runIf(browserAvailable())('pickers for people and linked records', { timeout: 180_000 }, () => {
  let world: BrowserWorld;
  let people: People;
  const ids: Record<string, string> = {};
  let budget: string;

  beforeAll(async () => {
    world = await startBrowserWorld();
    people = await createPeople(world, ['ceo', 'sam', 'sara', 'sal', 'fiona', 'fred']);
    Object.assign(ids, people.ids);
    // HR starts recruitments; 王芳 manages a team in sales (a manager, so a hiring manager).
    ids.hana = await world.createUser({ username: 'hana', password: passwordOf('hana'), displayName: '韩梅', department: 'hr', roles: ['employee', 'hr-officer'] });
    ids.wang = await world.createUser({ username: 'wang', password: passwordOf('wang'), displayName: '王芳', department: 'sales', roles: ['employee', 'manager'] });
    budget = await approvedBudget(people, 2027, 'Trade fairs and roadshows 2027', '500000');
  }, 180_000);
  afterAll(async () => world?.close());
  const opened: Page[] = [];
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      for (const [i, page] of opened.entries()) await world.screenshot(page, `failed-pickers-${i}`).catch(() => undefined);
      console.error(world.server.output().slice(-4000));
    }
    opened.length = 0;
  });
  const signIn = async (username: string, language: 'en' | 'zh-CN' = 'en') => {
    const page = await world.page({ username, password: passwordOf(username), language });
    opened.push(page);
    return page;
  };
  const optionTexts = async (page: Page, listName: string) => page.getByRole('listbox', { name: listName }).getByRole('option').allTextContents();
  /** The created record's id, from the page it opens. */
  const createdId = async (page: Page) => {
    await page.waitForURL(/\/records\/[0-9a-f-]{36}$/);
    return page.url().split('/').at(-1)!;
  };

  it('a salesperson names a colleague in the target breakdown by typing, with the keyboard', async () => {
    const sam = await signIn('sam');
    await sam.goto('/start/sales.target');
    await sam.getByRole('heading', { name: 'New: Sales target' }).waitFor();
    await sam.getByLabel('Period', { exact: false }).first().selectOption({ label: 'Annual' });
    await sam.getByLabel('Year', { exact: false }).fill('2027');
    await sam.getByLabel('Total sales target', { exact: false }).fill('1000');
    const region = sam.getByRole('group', { name: 'By sales region' }).last().getByRole('group', { name: 'Row 1' });
    if ((await region.count()) === 0) await sam.getByRole('group', { name: 'By sales region' }).last().getByRole('button', { name: /Add a row/ }).click();
    await region.getByLabel('Sales region', { exact: false }).fill('East');
    await region.getByLabel('Target', { exact: false }).fill('1000');

    const row = sam.getByRole('group', { name: 'By salesperson' }).last().getByRole('group', { name: 'Row 1' });
    if ((await row.count()) === 0) await sam.getByRole('group', { name: 'By salesperson' }).last().getByRole('button', { name: /Add a row/ }).click();
    const salesperson = row.getByRole('combobox', { name: /^Salesperson/ });
    await salesperson.pressSequentially('sa', { delay: 40 });
    // The salespeople of sales only: Sal Shen manages sales but is no salesperson.
    await poll(() => optionTexts(sam, 'Salesperson: suggestions')).toEqual(['Sam Sun · Sales and marketing', 'Sara Song · Sales and marketing']);
    expect(await salesperson.getAttribute('aria-expanded')).toBe('true');
    // The first match is highlighted; Down moves to Sara, Enter picks her.
    await salesperson.press('ArrowDown');
    const highlighted = await salesperson.getAttribute('aria-activedescendant');
    expect(await sam.locator(`[id="${highlighted}"]`).textContent()).toBe('Sara Song · Sales and marketing');
    await world.screenshot(sam, 'picker-person-en');
    await salesperson.press('Enter');
    await poll(() => salesperson.inputValue()).toBe('Sara Song');
    expect(await salesperson.getAttribute('aria-expanded')).toBe('false');
    await row.getByLabel('Target', { exact: false }).fill('1000');

    // Escape closes the list and keeps the choice.
    await salesperson.fill('xyz');
    await poll(() => sam.getByRole('status').filter({ hasText: 'Nothing matches' }).count()).toBe(1);
    await salesperson.press('Escape');
    await poll(() => salesperson.inputValue()).toBe('Sara Song');

    await sam.getByRole('button', { name: 'Create', exact: true }).click();
    const id = await createdId(sam);
    await poll(() => sam.getByRole('region', { name: 'Details' }).textContent()).toContain('Sara Song');
    const { record } = await people.as<{ record: { data: { bySalesperson: { salesperson: string }[] } } }>('sam', 'query($id: ID!) { record(id: $id) { data } }', { id });
    expect(record.data.bySalesperson[0]!.salesperson).toBe(ids.sara);
  });

  it('a payment links its budget by a piece of its title, picked with the mouse', async () => {
    const sam = await signIn('sam');
    await sam.goto('/start/finance.payment');
    await sam.getByRole('heading', { name: 'New: Payment' }).waitFor();
    const link = sam.getByRole('combobox', { name: /^Budget/ });
    await link.pressSequentially('roadshow', { delay: 40 });
    await poll(() => optionTexts(sam, 'Budget: suggestions')).toEqual(['Trade fairs and roadshows 2027 · Approved']);
    await world.screenshot(sam, 'picker-record-en');
    await sam.getByRole('option', { name: 'Trade fairs and roadshows 2027 · Approved' }).click();
    await poll(() => link.inputValue()).toBe('Trade fairs and roadshows 2027');
    await sam.getByLabel('Payee', { exact: false }).fill('Expo Centre Ltd');
    await sam.getByLabel('Purpose', { exact: false }).fill('Stand rental');
    await sam.getByLabel('Amount', { exact: false }).fill('1200');
    await sam.getByLabel('Payment method', { exact: false }).selectOption({ label: 'Bank transfer' });
    await sam.getByRole('button', { name: 'Create', exact: true }).click();
    const id = await createdId(sam);
    await poll(() => sam.getByRole('region', { name: 'Details' }).textContent()).toContain('Trade fairs and roadshows 2027');
    const { record } = await people.as<{ record: { data: { budget: string } } }>('sam', 'query($id: ID!) { record(id: $id) { data } }', { id });
    expect(record.data.budget).toBe(budget);
  });

  it('in Chinese: HR names the hiring manager by typing part of her name, and later sees her name read-only', async () => {
    const hana = await signIn('hana', 'zh-CN');
    await hana.goto('/start/hr.recruitment');
    await hana.getByRole('heading', { name: '新建：招聘与录用' }).waitFor();
    await hana.getByLabel('招聘岗位', { exact: false }).fill('大客户销售');
    await hana.getByLabel('用人部门', { exact: false }).first().selectOption({ label: '销售与营销部' });
    const manager = hana.getByRole('combobox', { name: /^用人部门经理/ });
    await manager.pressSequentially('王', { delay: 40 });
    await poll(() => optionTexts(hana, '用人部门经理：候选项')).toEqual(['王芳 · 销售与营销部']);
    await world.screenshot(hana, 'picker-person-zh');
    await manager.press('Enter');
    await poll(() => manager.inputValue()).toBe('王芳');
    await hana.getByLabel('招聘人数', { exact: false }).fill('2');
    await hana.getByLabel('岗位职责', { exact: false }).fill('开拓华东大客户');
    await hana.getByLabel('任职资格', { exact: false }).fill('五年以上销售经验');
    await hana.getByLabel('工作地点', { exact: false }).fill('上海');
    await hana.getByRole('checkbox', { name: '招聘网站', exact: true }).check();
    await hana.getByRole('button', { name: '创建', exact: true }).click();
    const id = await createdId(hana);
    const details = hana.getByRole('region', { name: '详细信息' });
    await poll(() => details.textContent()).toContain('王芳');
    const token = await world.tokenOf('hana', passwordOf('hana'));
    const { record } = await world.api<{ record: { data: { hiringManager: string } } }>('query($id: ID!) { record(id: $id) { data } }', { id }, token);
    expect(record.data.hiringManager).toBe(ids.wang);

    // Published: the need is earlier data now, shown read-only by the name it holds.
    await hana.getByRole('region', { name: '操作' }).getByRole('button', { name: '发布招聘信息', exact: true }).click();
    await poll(() => hana.getByRole('status').filter({ hasText: '已完成：发布招聘信息。' }).count()).toBe(1);
    await details.getByRole('button', { name: '编辑', exact: true }).click();
    const readOnly = details.locator('form').getByLabel('用人部门经理', { exact: false }).first();
    await poll(() => readOnly.inputValue()).toBe('王芳');
    expect(await readOnly.getAttribute('readonly')).not.toBeNull();
    expect(await readOnly.getAttribute('role')).toBeNull();
  });
});
