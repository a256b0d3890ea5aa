import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, startBrowserWorld, type BrowserWorld } from '../support/browser.js';
import { createPeople, createRecord, passwordOf, poll, type People } from './workspace-support.js';

// The workspace's record lists (filters, sorting, cursor paging), a record page that follows
// other people's changes over SSE, and the phone-width layout, on the shipped definitions.
describe.runIf(browserAvailable())('the workspace: record lists, live updates and phone width', { timeout: 180_000 }, () => {
  let world: BrowserWorld;
  let people: People;
  const budgets: string[] = [];

  beforeAll(async () => {
    world = await startBrowserWorld();
    people = await createPeople(world, ['sal', 'sam', 'fiona']);
    // 23 budgets of the sales department (finance.budget), one per year 2030–2052; the first
    // three are submitted to finance.
    for (let year = 2030; year <= 2052; year++) {
      const basis = year % 5 === 0 ? `Northern expansion ${year}` : `Sales plan ${year}`;
      budgets.push(await createRecord(people, 'sam', 'finance.budget', { budgetYear: year, basis, lines: [{ category: 'travel', item: 'Customer visits', amount: String(1000 * (year - 2000)) }] }));
    }
    for (const id of budgets.slice(0, 3)) await people.move('sam', id, 'submit');
  }, 180_000);
  afterAll(async () => world?.close());

  const opened: Page[] = [];
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      for (const [i, page] of opened.entries()) await world.screenshot(page, `failed-workspace-records-${i}`).catch(() => undefined);
      console.error(world.server.output().slice(-4000));
    }
    opened.length = 0;
  });
  const signIn = async (username: string, viewport?: { width: number; height: number }) => {
    const page = await world.page({ username, password: passwordOf(username), language: 'en', viewport });
    opened.push(page);
    return page;
  };
  const rows = (page: Page) => page.locator('table.ws-records tbody tr');
  const yearsShown = async (page: Page) => (await rows(page).locator('td[data-label="Budget year"]').allTextContents()).map(Number);

  it('lists the records of a procedure: stage, text and field filters, sorting and cursor paging', async () => {
    const sam = await signIn('sam');
    await sam.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Records' }).click();
    await sam.getByRole('combobox', { name: 'Procedure' }).selectOption({ label: 'Budget' });
    await poll(() => sam.locator('.ws-count').textContent()).toBe('23 records');
    await poll(() => rows(sam).count()).toBe(20);

    // Sorted by the budget year, ascending, then the next page by its cursor.
    await sam.getByRole('button', { name: 'Sort by Budget year' }).click();
    await sam.getByRole('button', { name: 'Sort by Budget year' }).click();
    await poll(() => sam.locator('th[aria-sort="ascending"]').textContent()).toContain('Budget year');
    await poll(() => yearsShown(sam)).toEqual(Array.from({ length: 20 }, (_, i) => 2030 + i));
    await sam.getByRole('button', { name: 'Next page' }).click();
    await poll(() => yearsShown(sam)).toEqual([2050, 2051, 2052]);
    expect(await sam.getByRole('group', { name: 'Pages' }).textContent()).toContain('21–23 of 23');
    await sam.getByRole('button', { name: 'Previous page' }).click();
    await poll(() => rows(sam).count()).toBe(20);

    // The stage filter.
    await sam.getByRole('combobox', { name: 'Stage' }).selectOption({ label: 'Finance review and consolidation' });
    await poll(() => yearsShown(sam)).toEqual([2030, 2031, 2032]);
    await sam.getByRole('combobox', { name: 'Stage' }).selectOption({ label: 'Any stage' });

    // Text search, then a data filter on the year as well.
    await sam.getByRole('searchbox', { name: 'Search' }).fill('Northern expansion');
    await sam.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await poll(() => yearsShown(sam)).toEqual([2030, 2035, 2040, 2045, 2050]);
    await sam.getByRole('combobox', { name: 'Field' }).selectOption({ label: 'Budget year' });
    await sam.getByRole('combobox', { name: 'Condition' }).selectOption({ label: 'at least' });
    await sam.getByRole('textbox', { name: 'Value' }).fill('2040');
    await sam.getByRole('button', { name: 'Apply' }).click();
    await poll(() => yearsShown(sam)).toEqual([2040, 2045, 2050]);
    await poll(() => sam.locator('.ws-count').textContent()).toBe('3 records');
    await world.screenshot(sam, 'records-en');
    // The filters live in the address: a reload keeps them.
    await sam.reload();
    await poll(() => yearsShown(sam)).toEqual([2040, 2045, 2050]);

    await sam.getByRole('button', { name: 'Clear filters' }).click();
    await poll(() => sam.locator('.ws-count').textContent()).toBe('23 records');
  });

  it("shows another user's update on an open record page without a reload", async () => {
    const id = budgets.at(-1)!;
    const sam = await signIn('sam');
    await sam.goto(`/records/${id}`);
    const details = sam.getByRole('region', { name: 'Details' });
    await poll(() => details.textContent()).toContain('Sales plan 2052');
    // The page says when its event stream is open (the server answered the subscription).
    await sam.locator('article[data-live="open"]').waitFor({ state: 'attached' });

    // The department's manager changes the basis through the API.
    const { record } = await people.as<{ record: { version: number } }>('sal', 'query($id: ID!) { record(id: $id) { version } }', { id });
    await people.as('sal', 'mutation($id: ID!, $v: Int!, $data: JSON!) { updateRecord(id: $id, expectedVersion: $v, data: $data) { id } }', {
      id,
      v: record.version,
      data: { basis: 'Sales plan 2052, revised by the manager' },
    });
    await poll(() => details.textContent()).toContain('Sales plan 2052, revised by the manager');
    await poll(() => sam.getByRole('status').first().textContent()).toContain('This record was just updated.');
    const history = sam.getByRole('region', { name: 'History' });
    await poll(() => history.textContent()).toContain('by Sal Shen');

    // While sam edits the year, the manager changes the basis again: sam's save keeps both.
    await sam.getByRole('button', { name: 'Edit' }).click();
    await sam.getByLabel('Budget year').fill('2060');
    const updatedBySal = () => history.getByText('by Sal Shen').count();
    const { record: again } = await people.as<{ record: { version: number } }>('sal', 'query($id: ID!) { record(id: $id) { version } }', { id });
    await people.as('sal', 'mutation($id: ID!, $v: Int!, $data: JSON!) { updateRecord(id: $id, expectedVersion: $v, data: $data) { id } }', {
      id,
      v: again.version,
      data: { basis: 'Sales plan 2052, revised twice' },
    });
    await poll(updatedBySal).toBe(2);
    await sam.getByRole('button', { name: 'Save changes' }).click();
    await poll(() => history.getByText('by Sam Sun').count()).toBe(2);
    await poll(() => details.textContent()).toContain('2060');
    expect(await details.textContent()).toContain('Sales plan 2052, revised twice');
    // Only the year was sent: the history of sam's update names no other field.
    expect(await history.locator('li').first().locator('th').allTextContents()).toEqual(['Budget year']);
  });

  it('fits a phone-sized window without horizontal scrolling', async () => {
    const id = budgets[0]!;
    await people.as('fiona', 'mutation($id: ID!, $b: String!) { addComment(recordId: $id, body: $b) { id } }', { id, b: 'Travel lines are above last year: please explain them in the basis.' });
    const sam = await signIn('sam', { width: 390, height: 844 });
    await sam.goto(`/records/${id}`);
    await sam.getByRole('region', { name: 'History' }).waitFor();
    await poll(() => sam.getByRole('region', { name: 'Comments' }).textContent()).toContain('Travel lines are above last year');
    const overflow = () => sam.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await world.screenshot(sam, 'record-phone');

    await sam.goto('/records?procedure=finance.budget');
    await poll(() => rows(sam).count()).toBe(20);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await world.screenshot(sam, 'records-phone');
  });
});
