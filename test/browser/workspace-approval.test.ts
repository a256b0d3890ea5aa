import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, startBrowserWorld, type BrowserWorld } from '../support/browser.js';
import { approvedBudget, createPeople, createRecord, passwordOf, poll, type People } from './workspace-support.js';

// The department workspace in a real Chromium, on the shipped company definitions: an employee's
// budget adjustment (finance.budget-adjustment) from the generated form to its approval, the
// server's field errors on the fields they concern, and the pages in both languages.
describe.runIf(browserAvailable())('the workspace: a budget adjustment from application to approval', { timeout: 180_000 }, () => {
  let world: BrowserWorld;
  let people: People;
  let budgetId: string;

  beforeAll(async () => {
    world = await startBrowserWorld();
    people = await createPeople(world, ['ceo', 'cfo', 'sal', 'sam', 'fiona']);
    budgetId = await approvedBudget(people, 2027, 'Sales plan 2027', '500000');
  }, 180_000);
  afterAll(async () => world?.close());
  // On a failure, what the pages showed (in .tmp/screenshots) and what the server said.
  const opened: Page[] = [];
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      for (const [i, page] of opened.entries()) await world.screenshot(page, `failed-workspace-approval-${i}`).catch(() => undefined);
      console.error(world.server.output().slice(-4000));
    }
    opened.length = 0;
  });

  const signIn = async (username: string, language: 'en' | 'zh-CN' = 'en') => {
    const page = await world.page({ username, password: passwordOf(username), language });
    opened.push(page);
    return page;
  };
  const action = (page: Page, name: string) => page.getByRole('region', { name: 'Actions' }).getByRole('button', { name });
  /** The errors shown with a form field: rjsf's `<id>__error` list, which the input is described by. */
  const errorOf = async (page: Page, label: string) => {
    const id = await page.getByLabel(label).getAttribute('id');
    const list = page.locator(`[id="${id}__error"]`);
    return (await list.count()) > 0 ? ((await list.textContent()) ?? '') : '';
  };
  /** The reasons a blocked action shows (the element its button is described by). */
  const reasonsOf = async (page: Page, name: string) => {
    const id = await action(page, name).getAttribute('aria-describedby');
    return id ? page.locator(`#${id}`).textContent() : null;
  };

  it('lets an employee start the application from the generated form, and shows why it cannot be submitted yet', async () => {
    const sam = await signIn('sam');
    await sam.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Start' }).click();
    await sam.getByRole('heading', { name: 'Finance' }).waitFor();
    await world.screenshot(sam, 'start-en');
    await sam.getByRole('link', { name: 'Budget adjustment' }).click();
    await sam.getByRole('heading', { name: 'New: Budget adjustment' }).waitFor();

    // The link field offers the approved budgets the employee may pick, found by typing.
    const budget = sam.getByRole('combobox', { name: /^Budget to adjust/ });
    await budget.fill('Sales plan');
    await sam.getByRole('option', { name: /^Sales plan 2027/ }).click();
    await sam.getByLabel('Budget year').fill('2027');
    // "Which other reason" appears only when the reason is "Other" (its visibleWhen).
    const reason = sam.getByLabel('Reason', { exact: false }).first();
    await reason.selectOption({ label: 'Other' });
    await sam.getByLabel('Which other reason').waitFor();
    await reason.selectOption({ label: 'Market environment changed' });
    await poll(() => sam.getByLabel('Which other reason').count()).toBe(0);
    await sam.getByLabel('Current approved amount').fill('500000');
    await sam.getByLabel('Requested amount').fill('560000');
    // The adjusted budget lines: a table of rows (the form starts with the one row it needs).
    const firstRow = sam.getByRole('group', { name: 'Row 1' });
    await firstRow.getByLabel('Item').fill('Trade fairs');
    await firstRow.getByLabel('Amount').fill('500000');
    await sam.getByRole('button', { name: 'Add a row' }).click();
    const secondRow = sam.getByRole('group', { name: 'Row 2' });
    await secondRow.getByLabel('Item').fill('Two northern trade fairs');
    await secondRow.getByLabel('Amount').fill('60000');
    await sam.getByRole('button', { name: 'Create' }).click();

    await sam.getByRole('heading', { level: 1 }).waitFor();
    await poll(() => sam.url()).toMatch(/\/records\/[0-9a-f-]{36}$/);
    const progress = sam.getByRole('list', { name: 'Stages' });
    await poll(() => progress.locator('[aria-current="step"]').textContent()).toContain('Application');
    // The server computed the difference; it is shown in the user's language.
    await poll(() => sam.getByRole('region', { name: 'Details' }).textContent()).toContain('¥60,000.00');

    // Submitting needs the explanation: the action is blocked and says why.
    const submit = action(sam, 'Submit for approval');
    await poll(() => submit.isDisabled()).toBe(true);
    await poll(() => reasonsOf(sam, 'Submit for approval')).toContain('"Explanation" must be filled in');

    // The applicant fills it in through the edit form; the action becomes possible.
    await sam.getByRole('button', { name: 'Edit' }).click();
    await sam.getByLabel('Explanation').fill('A competitor entered the northern market: two more trade fairs are needed.');
    await sam.getByRole('button', { name: 'Save changes' }).click();
    await poll(() => sam.getByRole('status').first().textContent()).toContain('Changes saved');
    await poll(() => submit.isEnabled()).toBe(true);
    await submit.click();
    await poll(() => progress.locator('[aria-current="step"]').textContent()).toContain('Finance and management approval');
  });

  it('is blocked for finance until the approval is complete; the approvers decide from their inbox', async () => {
    const fiona = await signIn('fiona');
    const task = fiona.getByRole('listitem').filter({ hasText: 'Budget adjustment' });
    await poll(() => task.textContent()).toContain('Your approval: Adjustment approval');
    await task.getByRole('link').click();

    // Recording the adjustment waits for the approval, and the page says so.
    const record = action(fiona, 'Record the approved adjustment');
    await poll(() => record.isDisabled()).toBe(true);
    await poll(() => reasonsOf(fiona, 'Record the approved adjustment')).toContain('The approval "Adjustment approval" is still pending.');

    const approvals = fiona.getByRole('region', { name: 'Approvals' });
    await approvals.getByLabel('Comment on your decision').fill('The quotes are in order.');
    await approvals.getByRole('button', { name: 'Approve' }).click();
    await poll(() => fiona.getByRole('status').first().textContent()).toContain('Your decision is recorded');

    // The CEO approves from the inbox too.
    const ceo = await signIn('ceo');
    const ceoTask = ceo.getByRole('listitem').filter({ hasText: 'Budget adjustment' });
    await poll(() => ceoTask.textContent()).toContain('Your approval: Adjustment approval');
    await ceoTask.getByRole('link').click();
    await ceo.getByRole('region', { name: 'Approvals' }).getByRole('button', { name: 'Approve' }).click();
    await poll(() => ceo.getByRole('status').first().textContent()).toContain('Your decision is recorded');

    // Fiona's open page learns of it without a reload: the action is now possible.
    await poll(() => record.isEnabled()).toBe(true);
    await record.click();
    await poll(() => fiona.getByRole('list', { name: 'Stages' }).locator('[aria-current="step"]').textContent()).toContain('Approved');
    const history = fiona.getByRole('region', { name: 'History' });
    await poll(() => history.textContent()).toContain('Approval complete');
  });

  it('shows a refusal only the server can make on the field it concerns, in the chosen language', async () => {
    // Money is exact decimal text: its limits (min: 0) are checked by the server, not by the JSON Schema.
    const sam = await signIn('sam');
    await sam.goto('/start/finance.budget-adjustment');
    await sam.getByLabel('Budget year').fill('2027');
    await sam.getByLabel('Reason', { exact: false }).first().selectOption({ label: 'Company strategy changed' });
    await sam.getByLabel('Current approved amount').fill('-100');
    await sam.getByLabel('Requested amount').fill('50000');
    const row = sam.getByRole('group', { name: 'Row 1' });
    await row.getByLabel('Item').fill('Exhibition');
    await row.getByLabel('Amount').fill('50000');
    await sam.getByRole('button', { name: 'Create' }).click();

    await poll(() => errorOf(sam, 'Current approved amount')).toContain('must be at least 0.00');
    expect(await errorOf(sam, 'Requested amount')).toBe('');
    await poll(() => sam.getByRole('alert').first().textContent()).toContain('The server did not accept the form');
    expect(sam.url()).toContain('/start/finance.budget-adjustment');
    await world.screenshot(sam, 'new-record-error-en');

    // The same error in Chinese once the user switches language, still on its field.
    await sam.getByRole('button', { name: 'Switch the language to Simplified Chinese' }).click();
    await poll(() => errorOf(sam, '原预算金额')).toContain('不能小于 0.00');

    // Corrected, the record is created.
    await sam.getByLabel('原预算金额').fill('20000');
    await sam.getByRole('button', { name: '创建' }).click();
    await poll(() => sam.url()).toMatch(/\/records\/[0-9a-f-]{36}$/);
  });

  it('shows the inbox and a record page with approvals, history and comments, in English and Chinese', async () => {
    const id = await createRecord(people, 'sam', 'finance.budget-adjustment', {
      budget: budgetId,
      budgetYear: 2027,
      reason: 'other',
      reasonDetail: 'The northern distributor went bankrupt; we take over its customers.',
      currentAmount: '500000',
      requestedAmount: '540000',
      explanation: 'Two more sales people for the northern region from March.',
      lines: [
        { item: 'Trade fairs', amount: '500000' },
        { item: 'Northern sales staff', amount: '40000' },
      ],
    });
    await people.as('sam', 'mutation($id: ID!, $b: String!) { addComment(recordId: $id, body: $b) { id } }', { id, b: 'The customer list is attached to the explanation.' });
    await people.move('sam', id, 'submit');
    await people.decide('fiona', id, 'APPROVE', 'Within the finance plan.');
    await people.as('fiona', 'mutation($id: ID!, $b: String!) { addComment(recordId: $id, body: $b) { id } }', { id, b: 'Please approve before Friday: the fair needs a deposit.' });

    for (const language of ['en', 'zh-CN'] as const) {
      const ceo = await signIn('ceo', language);
      const task = ceo.locator('.ws-task').first();
      await task.waitFor();
      await world.screenshot(ceo, `inbox-${language}`);
      await ceo.goto(`/records/${id}`);
      await ceo.locator('.ws-approval').first().waitFor();
      // The linked budget shows by its title.
      await poll(() => ceo.getByRole('region', { name: language === 'en' ? 'Details' : '详细信息' }).getByRole('link').first().textContent()).toContain('Sales plan 2027');
      const history = ceo.getByRole('region', { name: language === 'en' ? 'History' : '历史记录' });
      await poll(() => history.textContent()).toContain(language === 'en' ? 'Approval decided' : '审批决定');
      await poll(() => ceo.getByRole('region', { name: language === 'en' ? 'Comments' : '评论' }).textContent()).toContain('Please approve before Friday');
      await world.screenshot(ceo, `record-${language}`);
    }
  });
});
