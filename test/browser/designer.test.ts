import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { adminPassword, browserAvailable, startBrowserWorld, type BrowserWorld } from '../support/browser.js';

/**
 * The procedure the first test designs in the browser: an employee of any department starts it,
 * the manager of the record's department approves it (gate `manager-approval`) and then
 * completes it. Later tests (workspace, inbox) may start and approve records of it.
 */
export const DESIGNED_PROCEDURE_KEY = 'rnd.equipment-request';

// The procedure designer in a real Chromium, against the real server and its shipped definitions.
describe.runIf(browserAvailable())('the procedure designer', { timeout: 240_000 }, () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    world = await startBrowserWorld();
    await world.createUser({ username: 'erin', password: 'erin-password', displayName: 'Erin Engineer', department: 'rnd', roles: ['employee'] });
    // The R&D manager, who approves the designed procedure's records from the inbox.
    const raj = await world.createUser({ username: 'raj', password: 'raj-password', displayName: 'Raj Rao', department: 'rnd', roles: ['employee', 'manager'] });
    const admin = await world.tokenOf('admin', adminPassword);
    await world.api('mutation($u: ID) { setDepartmentManager(department: "rnd", user: $u) { key } }', { u: raj }, admin);
  }, 180_000);
  afterAll(async () => world?.close());

  it('lets an administrator design a new procedure, see a problem next to its element, fix it and publish it', async () => {
    const page = await world.page({ username: 'admin', password: adminPassword });
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Designer' }).click();
    await page.getByRole('heading', { name: 'Procedure designer' }).waitFor();
    // Shipped procedures are listed by department, with their versions.
    const finance = page.getByRole('region', { name: 'Finance' });
    await expect.poll(() => finance.getByRole('row', { name: /finance\.budget-adjustment/ }).textContent()).toContain('Published v1');

    await page.getByRole('button', { name: 'New procedure' }).click();
    const create = page.getByRole('form', { name: 'New procedure' });
    await create.getByLabel('Department').selectOption('rnd');
    await create.getByLabel('Name').fill('equipment-request');
    await create.getByRole('button', { name: 'Create' }).click();

    // Overview: labels; employees may start it (the default).
    await fillLabel(page.getByRole('group', { name: 'Label', exact: true }), 'Equipment request', '设备申请');
    await expect.poll(() => page.getByRole('group', { name: 'Who may start it' }).locator('summary').first().textContent()).toBe('Roles: Employee');

    // Form: a text, a choice, a field shown only for one choice, a table with columns.
    await page.getByRole('tab', { name: 'Form' }).click();
    const editor = page.locator('.dz-fieldeditor');
    await addField(page, 'Text', 'title', 'Title', '标题');
    await editor.getByRole('checkbox', { name: 'Required' }).check();
    await addField(page, 'Choice', 'category', 'Category', '类别');
    const options = editor.getByRole('group', { name: 'Options' });
    await options.getByLabel('Value').first().fill('equipment');
    await options.getByLabel('English').first().fill('Equipment');
    await options.getByLabel('中文').first().fill('设备');
    await options.getByRole('button', { name: 'Add option' }).click();
    await options.getByLabel('Value').nth(1).fill('other');
    await options.getByLabel('English').nth(1).fill('Other');
    await options.getByLabel('中文').nth(1).fill('其他');
    await addField(page, 'Long text', 'otherReason', 'Why something else', '其他原因');
    const shown = editor.getByRole('group', { name: 'Shown when' });
    await shown.getByRole('button', { name: 'Add a condition' }).click();
    await shown.getByLabel('Field').selectOption('$.category');
    await shown.getByLabel('Operator').selectOption('equal');
    await shown.getByLabel('Value').selectOption('other');
    await addField(page, 'Table', 'items', 'Items', '物品清单');
    const columns = editor.getByRole('group', { name: 'Columns' });
    await columns.getByRole('textbox', { name: 'Key' }).first().fill('name');
    await fillLabel(columns.getByRole('group', { name: 'Label' }).first(), 'Item', '物品');
    await columns.getByRole('button', { name: 'Add column' }).click();
    await columns.getByRole('textbox', { name: 'Key' }).nth(1).fill('quantity');
    await columns.getByLabel('Type').nth(1).selectOption('integer');
    await fillLabel(columns.getByRole('group', { name: 'Label' }).nth(1), 'Quantity', '数量');

    // The live preview renders the server's JSON Schema: the table's columns and the choice.
    const preview = page.getByTestId('form-preview');
    await expect.poll(() => preview.getByLabel('Category').count()).toBe(1);
    await preview.getByTitle('Add', { exact: true }).click();
    await expect.poll(() => preview.getByLabel('Quantity').count()).toBe(1);
    expect(await preview.getByLabel('Title').count()).toBe(1);

    // Stages: three, the first initial, the last final.
    await page.getByRole('tab', { name: 'Stages and actions' }).click();
    await addStage(page, 0, 'draft', 'Draft', '草稿');
    await addStage(page, 1, 'manager-review', 'Manager review', '经理审核');
    await addStage(page, 2, 'approved', 'Approved', '已批准');
    await stageCard(page, 2).getByRole('checkbox', { name: 'Final (records end here)' }).check();
    await stageCard(page, 1).getByLabel('Due time').selectOption('working');
    await stageCard(page, 1).getByLabel('Working days', { exact: true }).fill('2');
    await expect.poll(() => page.getByRole('figure', { name: 'Flow' }).locator('.react-flow__node').count()).toBe(3);

    // An action without a target: saving shows the problem on that action.
    await page.getByRole('button', { name: '+ Add action', exact: true }).click();
    const submit = actionCard(page, 0);
    await submit.getByRole('textbox', { name: 'Key' }).fill('submit');
    await fillLabel(submit.getByRole('group', { name: 'Label', exact: true }), 'Submit', '提交');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/problem/);
    await expect.poll(() => submit.getByRole('alert').textContent()).toContain('missing "to"');
    await submit.getByLabel('To', { exact: true }).selectOption('manager-review');

    // The second action is added from the keyboard form between two stages.
    const connect = page.getByRole('form', { name: 'Add an action between stages' });
    await connect.getByLabel('From').selectOption('manager-review');
    await connect.getByLabel('To').selectOption('approved');
    await connect.getByRole('button', { name: 'Add action' }).click();
    const complete = actionCard(page, 1);
    await complete.getByRole('textbox', { name: 'Key' }).fill('complete');
    await fillLabel(complete.getByRole('group', { name: 'Label', exact: true }), 'Complete', '完成');
    await complete.getByRole('checkbox', { name: 'The record’s creator' }).uncheck();
    await complete.getByRole('checkbox', { name: 'The department’s manager' }).check();
    await expect.poll(() => page.getByRole('figure', { name: 'Flow' }).locator('.react-flow__edge').count()).toBe(2);

    // The gate: the department's manager approves before the last stage.
    await page.getByRole('tab', { name: 'Approval gates' }).click();
    await page.getByRole('button', { name: 'Add gate' }).click();
    const gate = page.locator('#dz-gate-0');
    await gate.getByRole('textbox', { name: 'Key' }).first().fill('manager-approval');
    await fillLabel(gate.getByRole('group', { name: 'Label', exact: true }), 'Manager approval', '经理审批');
    await expect.poll(() => gate.getByRole('group', { name: 'Level 1' }).getByRole('checkbox', { name: 'The department’s manager' }).isChecked()).toBe(true);
    await gate.getByLabel('A rejection sends the record to').selectOption('draft');
    await page.getByRole('tab', { name: 'Stages and actions' }).click();
    await actionCard(page, 1).getByRole('group', { name: 'Approvals needed first' }).getByRole('checkbox', { name: 'Manager approval' }).check();

    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Draft v1 saved.');
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Version 1 published.');
    await expect.poll(() => page.url()).toContain('/designer/rnd/equipment-request');

    // What was published, read through the API.
    const admin = await world.tokenOf('admin', adminPassword);
    const { procedure } = await world.api<{ procedure: { version: number; definition: Record<string, unknown>; stages: { key: string }[] } }>(
      `{ procedure(key: "${DESIGNED_PROCEDURE_KEY}") { version definition stages { key } } }`,
      undefined,
      admin,
    );
    expect(procedure.version).toBe(1);
    expect(procedure.stages.map((s) => s.key)).toEqual(['draft', 'manager-review', 'approved']);
    expect(procedure.definition).toMatchObject({
      key: DESIGNED_PROCEDURE_KEY,
      department: 'rnd',
      label: { en: 'Equipment request', 'zh-CN': '设备申请' },
      start: { roles: ['employee'] },
      form: {
        fields: [
          { key: 'title', type: 'text', required: true },
          { key: 'category', type: 'select', options: [{ value: 'equipment' }, { value: 'other' }] },
          { key: 'otherReason', type: 'textarea', visibleWhen: { all: [{ fact: 'data', path: '$.category', operator: 'equal', value: 'other' }] } },
          { key: 'items', type: 'table', columns: [{ key: 'name', type: 'text', label: { en: 'Item', 'zh-CN': '物品' } }, { key: 'quantity', type: 'integer' }] },
        ],
      },
      stages: [{ key: 'draft', initial: true }, { key: 'manager-review', dueIn: { workingDays: 2 } }, { key: 'approved', final: true }],
      actions: [
        { key: 'submit', from: 'draft', to: 'manager-review', by: { creator: true } },
        { key: 'complete', from: 'manager-review', to: 'approved', by: { departmentManager: true }, requires: ['manager-approval'] },
      ],
      gates: [{ key: 'manager-approval', levels: [{ approvers: { departmentManager: true } }], onReject: { stage: 'draft' } }],
    });

    // An employee can start it; the hidden field is dropped unless the category is "other".
    const erin = await world.tokenOf('erin', 'erin-password');
    const created = await world.api<{ createRecord: { stage: { key: string }; data: Record<string, unknown> } }>(
      'mutation($d: JSON!) { createRecord(procedure: "rnd.equipment-request", data: $d) { stage { key } data } }',
      { d: { title: 'Oscilloscope', category: 'equipment', items: [{ name: 'Scope', quantity: 1 }] } },
      erin,
    );
    expect(created.createRecord).toEqual({ stage: { key: 'draft' }, data: { title: 'Oscilloscope', category: 'equipment', items: [{ name: 'Scope', quantity: 1 }] } });
  });

  it('lets an employee start the designed procedure in the workspace and the manager approve it from the inbox; the history shows both', async () => {
    // Runs after the design test above: the procedure is published.
    const erin = await world.page({ username: 'erin', password: 'erin-password' });
    await erin.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Start' }).click();
    await erin.getByRole('link', { name: 'Equipment request' }).click();
    await erin.getByRole('heading', { name: 'New: Equipment request' }).waitFor();
    await erin.getByLabel('Title').fill('Logic analyser for the lab');
    // The conditional field designed above appears only for "Other".
    const category = erin.getByLabel('Category');
    await category.selectOption({ label: 'Other' });
    await erin.getByLabel('Why something else').fill('A 32-channel analyser, not on the equipment list.');
    await erin.getByRole('button', { name: 'Add a row' }).click();
    const row = erin.getByRole('group', { name: 'Row 1' });
    await row.getByLabel('Item').fill('Logic analyser');
    await row.getByLabel('Quantity').fill('1');
    await erin.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => erin.url(), { timeout: 15_000 }).toMatch(/\/records\/[0-9a-f-]{36}$/);
    const recordUrl = new URL(erin.url()).pathname;
    const erinActions = erin.getByRole('region', { name: 'Actions' });
    await erinActions.getByRole('button', { name: 'Submit' }).click();
    const stages = erin.getByRole('list', { name: 'Stages' });
    await expect.poll(() => stages.locator('[aria-current="step"]').textContent(), { timeout: 15_000 }).toContain('Manager review');

    // The manager finds it in the inbox, approves it and completes it.
    const raj = await world.page({ username: 'raj', password: 'raj-password' });
    const task = raj.getByRole('listitem').filter({ hasText: 'Equipment request' });
    await expect.poll(() => task.textContent(), { timeout: 15_000 }).toContain('Manager approval');
    await task.getByRole('link').first().click();
    await expect.poll(() => new URL(raj.url()).pathname).toBe(recordUrl);
    const approvals = raj.getByRole('region', { name: 'Approvals' });
    await approvals.getByLabel('Comment on your decision').fill('Approved: the lab needs it this quarter.');
    await approvals.getByRole('button', { name: 'Approve' }).click();
    const complete = raj.getByRole('region', { name: 'Actions' }).getByRole('button', { name: 'Complete' });
    await expect.poll(() => complete.isEnabled(), { timeout: 15_000 }).toBe(true);
    await complete.click();
    await expect.poll(() => raj.getByRole('list', { name: 'Stages' }).locator('[aria-current="step"]').textContent(), { timeout: 15_000 }).toContain('Approved');

    // Both people's steps are in the history, on the employee's page too.
    await erin.reload();
    const history = erin.getByRole('region', { name: 'History' });
    await expect.poll(() => history.textContent(), { timeout: 15_000 }).toContain('Erin Engineer');
    const text = (await history.textContent()) ?? '';
    expect(text).toContain('Raj Rao');
    expect(text).toContain('Approved: the lab needs it this quarter.');
  });

  it('shows the differences between two versions and exports the definition as YAML', async () => {
    const page = await world.page({ username: 'admin', password: adminPassword });
    await page.goto('/designer/finance/budget');
    await page.getByRole('tab', { name: 'Overview' }).click();
    const label = page.getByRole('group', { name: 'Label', exact: true });
    await label.getByLabel('English').fill('Annual department budget');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Draft v2 saved.');

    await page.getByRole('tab', { name: 'Versions' }).click();
    const history = page.getByRole('region', { name: 'Version history' });
    await expect.poll(() => history.getByRole('row').count()).toBe(3);
    await history.getByLabel('Compare').selectOption('1');
    await history.getByLabel('with').selectOption('2');
    await history.getByRole('button', { name: 'Show the differences' }).click();
    const diff = page.getByRole('figure', { name: /Changes from v1/ });
    await expect.poll(() => diff.locator('ins').allTextContents()).toEqual([expect.stringContaining('en: Annual department budget')]);
    expect(await diff.locator('del').allTextContents()).toEqual([expect.stringMatching(/en: (Department budget|Budget)/)]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as YAML' }).last().click()]);
    expect(download.suggestedFilename()).toBe('budget.yaml');
    const text = await readFile((await download.path())!, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/procedure.schema.json');
    const exported = parse(text) as { key: string; label: { en: string }; stages: unknown[] };
    const { procedure } = await world.api<{ procedure: { definition: { stages: unknown[] } } }>('{ procedure(key: "finance.budget") { definition } }', undefined, await world.tokenOf('admin', adminPassword));
    expect(exported).toMatchObject({ key: 'finance.budget', label: { en: 'Annual department budget' }, stages: procedure.definition.stages });
    await page.context().close();
  });

  it('adds an action by dragging from one stage to another in the diagram', async () => {
    const page = await world.page({ username: 'admin', password: adminPassword });
    await page.goto('/designer/finance/budget');
    await page.getByRole('tab', { name: 'Stages and actions' }).click();
    const diagram = page.getByRole('figure', { name: 'Flow' });
    await expect.poll(() => diagram.locator('.react-flow__edge').count()).toBeGreaterThan(0);
    const edges = await diagram.locator('.react-flow__edge').count();
    const actions = await page.locator('.dz-action').count();
    await diagram.locator('.react-flow__node[data-id="finance-review"] .react-flow__handle.source').dragTo(diagram.locator('.react-flow__node[data-id="withdrawn"] .react-flow__handle.target'));
    await expect.poll(() => page.locator('.dz-action').count()).toBe(actions + 1);
    const added = page.locator(`#dz-action-${actions}`);
    expect(await added.getByRole('textbox', { name: 'Key' }).inputValue()).toBe('to-withdrawn');
    expect(await added.getByLabel('To', { exact: true }).inputValue()).toBe('withdrawn');
    expect(await added.getByRole('group', { name: 'From' }).getByRole('checkbox', { name: 'Finance review' }).isChecked()).toBe(true);
    expect(await diagram.locator('.react-flow__edge').count()).toBe(edges + 1);
    await page.context().close();
  });

  it('is shown in both languages (screenshots), and refused to non-administrators', async () => {
    for (const language of ['en', 'zh-CN'] as const) {
      const page = await world.page({ username: 'admin', password: adminPassword, language });
      await page.goto('/designer/finance/budget-adjustment');
      await page.getByRole('tab', { name: language === 'en' ? 'Form' : '表单' }).click();
      await page.locator('.dz-fielditem__main').nth(2).click();
      await page.getByTestId('form-preview').locator('input, select').first().waitFor();
      await world.screenshot(page, `designer-${language}`);
      await page.getByRole('tab', { name: language === 'en' ? 'Stages and actions' : '阶段与操作' }).click();
      await expect.poll(() => page.locator('.react-flow__edge').count()).toBeGreaterThan(3);
      await world.screenshot(page, `designer-flow-${language}`);
      await page.getByRole('tab', { name: language === 'en' ? 'Approval gates' : '审批关卡' }).click();
      await world.screenshot(page, `designer-gates-${language}`);
      await page.getByRole('tab', { name: language === 'en' ? 'Rules' : '规则' }).click();
      await world.screenshot(page, `designer-rules-${language}`);
      await page.goto('/designer');
      await page.locator('.dz-department').first().waitFor();
      await world.screenshot(page, `designer-list-${language}`);
      await page.context().close();
    }
    const phone = await world.page({ username: 'admin', password: adminPassword, viewport: { width: 390, height: 844 } });
    await phone.goto('/designer/finance/budget-adjustment');
    await phone.getByTestId('form-preview').locator('input, select').first().waitFor();
    await world.screenshot(phone, 'designer-phone');
    await phone.context().close();

    const employee = await world.page({ username: 'erin', password: 'erin-password' });
    await employee.goto('/designer');
    await expect.poll(() => employee.getByRole('alert').textContent()).toContain('Only administrators');
  });
});

async function fillLabel(group: Locator, en: string, zh: string) {
  await group.getByLabel('English').fill(en);
  await group.getByLabel('中文').fill(zh);
}

async function addField(page: Page, type: string, key: string, en: string, zh: string) {
  const list = page.getByRole('region', { name: 'Fields' });
  await list.getByLabel('Type').selectOption({ label: type });
  await list.getByRole('button', { name: 'Add field' }).click();
  const editor = page.locator('.dz-fieldeditor');
  await editor.getByRole('textbox', { name: 'Key' }).first().fill(key);
  await fillLabel(editor.getByRole('group', { name: 'Label' }).first(), en, zh);
}

function stageCard(page: Page, index: number): Locator {
  return page.locator(`#dz-stage-${index}`);
}

function actionCard(page: Page, index: number): Locator {
  return page.locator(`#dz-action-${index}`);
}

async function addStage(page: Page, index: number, key: string, en: string, zh: string) {
  await page.getByRole('button', { name: 'Add stage' }).click();
  const card = stageCard(page, index);
  await card.getByRole('textbox', { name: 'Key' }).fill(key);
  await fillLabel(card.getByRole('group', { name: 'Label', exact: true }), en, zh);
}
