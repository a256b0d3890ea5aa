import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, startBrowserWorld, type BrowserWorld } from '../support/browser.js';
import { createPeople, createRecord, passwordOf, poll, type People } from './workspace-support.js';

// The generated forms render the server's form state (`formState`): computed totals follow the
// typing, later stages' fields are no inputs on create, and a select chooses nothing by itself.
describe.runIf(browserAvailable())('the workspace forms follow the server’s form state', { timeout: 180_000 }, () => {
  let world: BrowserWorld;
  let people: People;

  beforeAll(async () => {
    world = await startBrowserWorld();
    people = await createPeople(world, ['sam', 'sal']);
  }, 180_000);
  afterAll(async () => world?.close());
  const opened: Page[] = [];
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      for (const [i, page] of opened.entries()) await world.screenshot(page, `failed-forms-state-${i}`).catch(() => undefined);
      console.error(world.server.output().slice(-4000));
    }
    opened.length = 0;
  });
  const signIn = async (username: string) => {
    const page = await world.page({ username, password: passwordOf(username), language: 'en' });
    opened.push(page);
    return page;
  };
  /** The form-state requests the page sends. */
  const formStateRequests = (page: Page) => {
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql') && request.postData()?.includes('query FormState')) sent.push(request.postData()!);
    });
    return sent;
  };

  it('updates the computed totals while the user types, with one request per pause', async () => {
    const sam = await signIn('sam');
    await sam.goto('/start/finance.budget-adjustment');
    await sam.getByRole('heading', { name: 'New: Budget adjustment' }).waitFor();

    // A required select starts on "Choose…": the form picks no reason for the user.
    const reason = sam.getByLabel('Reason', { exact: false }).first();
    expect(await reason.locator('option:checked').textContent()).toBe('Choose…');

    const total = sam.getByLabel('Total of the lines');
    const difference = sam.getByLabel('Change (requested − current)');
    expect(await total.getAttribute('readonly')).not.toBeNull();
    expect(await difference.getAttribute('readonly')).not.toBeNull();

    const requests = formStateRequests(sam);
    const firstRow = sam.getByRole('group', { name: 'Row 1' });
    await firstRow.getByLabel('Item').fill('Trade fair');
    await firstRow.getByLabel('Amount').pressSequentially('1234.10', { delay: 30 });
    // Exact decimal money, computed by the server as the user types.
    await poll(() => total.inputValue()).toBe('1234.10');
    // Seven keystrokes, answered after the pause: far fewer requests than keystrokes.
    expect(requests.length).toBeLessThan(4);

    await sam.getByRole('button', { name: 'Add a row' }).click();
    await sam.getByRole('group', { name: 'Row 2' }).getByLabel('Item').fill('Booth');
    await sam.getByRole('group', { name: 'Row 2' }).getByLabel('Amount').pressSequentially('0.20', { delay: 30 });
    await poll(() => total.inputValue()).toBe('1234.30');

    await sam.getByLabel('Current approved amount').fill('1000.10');
    await sam.getByLabel('Requested amount').fill('1234.30');
    await poll(() => difference.inputValue()).toBe('234.20');
    await world.screenshot(sam, 'form-state-totals-en');

    // "Which other reason" is shown, and required, when the server says so.
    await reason.selectOption({ label: 'Other' });
    const detail = sam.getByLabel('Which other reason', { exact: false });
    await detail.waitFor();
    await reason.selectOption({ label: 'Market environment changed' });
    await poll(() => detail.count()).toBe(0);
  });

  it('shows on create only the first stage’s fields as inputs, and a stored record’s earlier data read-only', async () => {
    // A performance review: the manager sets the indicators; the scores come in a later stage.
    const sal = await signIn('sal');
    await sal.goto('/start/hr.performance-review');
    await sal.getByRole('heading', { name: 'New: Performance review' }).waitFor();
    await sal.getByLabel('Post').waitFor();
    expect(await sal.getByLabel('Review cycle', { exact: false }).locator('option:checked').textContent()).toBe('Choose…');
    for (const later of ["Supervisor's score", 'Self-assessment score', 'Bonus granted', 'Achievements and problems discussed']) {
      expect(await sal.getByLabel(later).count(), later).toBe(0);
    }
    // The total weight is computed by the server: shown, read-only.
    expect(await sal.getByLabel('Total weight (%)').getAttribute('readonly')).not.toBeNull();
    await world.screenshot(sal, 'form-state-review-create-en');

    // A sales opportunity's "Payment received" (a later stage's box, false by default) is no input
    // on create, and its default does not make the server refuse the new record.
    const seller = await signIn('sam');
    await seller.goto('/start/sales.opportunity');
    await seller.getByLabel('Customer').fill('Northwind');
    await seller.getByLabel('Sales channel', { exact: false }).selectOption({ label: 'Direct sales' });
    expect(await seller.getByLabel('Payment received').count()).toBe(0);
    await seller.getByRole('button', { name: 'Create' }).click();
    await poll(() => seller.url()).toMatch(/\/records\/[0-9a-f-]{36}$/);

    // A submitted budget adjustment: nothing is the applicant's to change any more.
    const id = await createRecord(people, 'sam', 'finance.budget-adjustment', {
      budgetYear: 2027,
      reason: 'market-change',
      currentAmount: '100',
      requestedAmount: '150',
      lines: [{ item: 'Fair', amount: '150' }],
    });
    const sam = await signIn('sam');
    await sam.goto(`/records/${id}`);
    await poll(() => sam.getByRole('region', { name: 'Details' }).textContent()).toContain('¥50.00');
    // The applicant may edit the draft: the form shows the computed values read-only beside the inputs.
    const edit = sam.getByRole('button', { name: 'Edit' });
    await edit.click();
    expect(await sam.getByLabel('Change (requested − current)').inputValue()).toBe('50.00');
    expect(await sam.getByLabel('Budget year').getAttribute('readonly')).toBeNull();
    // The manager of the department reads it, but may change nothing of it: no Edit button.
    const manager = await signIn('sal');
    const answered = manager.waitForResponse((r) => r.request().postData()?.includes('query FormEditable') ?? false);
    await manager.goto(`/records/${id}`);
    await answered;
    await poll(() => manager.getByRole('region', { name: 'Details' }).textContent()).toContain('¥50.00');
    expect(await manager.getByRole('button', { name: 'Edit' }).count()).toBe(0);
  });
});
