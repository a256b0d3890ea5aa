import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../server/src/services/demo.service.js';
import { adminPassword, browserAvailable, startBrowserWorld, type BrowserWorld } from '../support/browser.js';
import { createLinkedRecords, walkthroughs, type Entries, type Language, type Scalar, type Step, type Value, type Walkthrough } from './shipped-procedures.steps.js';
import { passwordOf, poll } from './workspace-support.js';

// Every shipped procedure, started from its generated form in Chromium and moved on from its
// record page by the people who would do it, half of them in English and half in Chinese
// (chosen with the header's language switch). The steps are a table, in
// shipped-procedures.steps.ts; this file is how a person carries them out: find a field by its
// label in the chosen language, type into it or choose from it, save, and read what the page
// says back. One server and one browser serve every walk-through; each person keeps one signed-in
// window.

/** The UI's own words (the messages.ts files of admin-ui/src), as a person reads them in each language. */
const UI = {
  en: {
    mainNavigation: 'Main navigation',
    switchLanguage: 'Switch the language to Simplified Chinese',
    start: 'Start',
    newRecord: (label: string) => `New: ${label}`,
    create: 'Create',
    addRow: 'Add a row',
    row: (n: number) => `Row ${n}`,
    stages: 'Stages',
    details: 'Details',
    actions: 'Actions',
    approvals: 'Approvals',
    history: 'History',
    actionComment: 'Comment for the action',
    decisionComment: 'Comment on your decision',
    approve: 'Approve',
    edit: 'Edit',
    save: 'Save changes',
    saved: 'Changes saved.',
    decided: 'Your decision is recorded.',
    done: (action: string) => `Done: ${action}.`,
    created: 'Created',
    moved: 'Moved',
    approvalDecided: 'Approval decided',
  },
  'zh-CN': {
    mainNavigation: '主导航',
    switchLanguage: '将语言切换为英语',
    start: '发起',
    newRecord: (label: string) => `新建：${label}`,
    create: '创建',
    addRow: '添加一行',
    row: (n: number) => `第 ${n} 行`,
    stages: '阶段',
    details: '详细信息',
    actions: '操作',
    approvals: '审批',
    history: '历史记录',
    actionComment: '操作备注',
    decisionComment: '审批意见',
    approve: '批准',
    edit: '编辑',
    save: '保存修改',
    saved: '修改已保存。',
    decided: '你的审批意见已记录。',
    done: (action: string) => `已完成：${action}。`,
    created: '创建',
    moved: '流转',
    approvalDecided: '审批决定',
  },
} as const;

type Label = { en: string; 'zh-CN'?: string };
interface Field {
  key: string;
  type: string;
  label?: Label;
  options?: { value: string; label: Label }[];
  columns?: Field[];
}
interface Definition {
  label: Label;
  form: { fields: Field[] };
  stages: { key: string; label: Label; initial?: boolean }[];
  actions: { key: string; label: Label }[];
  gates?: { key: string; label: Label }[];
}

/** Where a failed walk-through leaves its screenshots. */
const screenshots = path.join(tmpdir(), 'procedo-shipped-procedures');

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A field's accessible name: its label, with rjsf's "*" when it is required. */
const labelled = (label: string) => new RegExp(`^${escape(label)}\\s*\\*?$`);
const inLanguage = (label: Label | undefined, language: Language) => (label ? (label[language] ?? label.en) : '');

describe.runIf(browserAvailable())('every shipped procedure, from its generated form to its next step', { timeout: 120_000 }, () => {
  let world: BrowserWorld;
  const ids: Record<string, string> = {};
  const definitions = new Map<string, Definition>();
  /** Department labels by their English label, in each language. */
  const departments = new Map<string, Label>();
  /** One signed-in window per person, kept for the whole file. */
  const windows = new Map<string, Page>();
  const usedNow = new Set<string>();

  beforeAll(async () => {
    await rm(screenshots, { recursive: true, force: true });
    world = await startBrowserWorld();
    const admin = await world.tokenOf('admin', adminPassword);
    // The demo users of `procedo demo`, created through the API (with passwords long enough for it).
    for (const user of DEMO_USERS) {
      ids[user.username] = await world.createUser({ username: user.username, password: passwordOf(user.username), displayName: user.displayName, department: user.department, roles: [...user.roles] });
      if (user.manages) await world.api('mutation($d: String!, $u: ID) { setDepartmentManager(department: $d, user: $u) { key } }', { d: user.department, u: ids[user.username] }, admin);
    }
    const tokens = new Map<string, string>();
    const as = async <T,>(username: string, query: string, variables?: Record<string, unknown>): Promise<T> => {
      if (!tokens.has(username)) tokens.set(username, await world.tokenOf(username, passwordOf(username)));
      return world.api<T>(query, variables, tokens.get(username));
    };
    await createLinkedRecords(as, ids);
    for (const { procedure } of walkthroughs) {
      const data = await world.api<{ procedure: { definition: Definition } }>('query($k: String!) { procedure(key: $k) { definition } }', { k: procedure }, admin);
      definitions.set(procedure, data.procedure.definition);
    }
    const { departments: list } = await world.api<{ departments: { en: string; zh: string }[] }>('{ departments { en: label(locale: "en") zh: label(locale: "zh-CN") } }', undefined, admin);
    for (const d of list) departments.set(d.en, { en: d.en, 'zh-CN': d.zh });
  }, 120_000);
  afterAll(async () => world?.close());

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      await mkdir(screenshots, { recursive: true });
      const name = context.task.name.split(' ')[0];
      for (const username of usedNow) {
        await windows.get(username)?.screenshot({ path: path.join(screenshots, `${name}-${username}.png`), fullPage: true }).catch(() => undefined);
      }
    }
    usedNow.clear();
  });

  /** The person's window, in the walk-through's language (switched with the header's button when it differs). */
  async function personIn(username: string, language: Language): Promise<Page> {
    let page = windows.get(username);
    if (!page) {
      page = await world.page({ username, password: passwordOf(username) });
      windows.set(username, page);
    }
    usedNow.add(username);
    const shown = (await page.locator('html').getAttribute('lang')) ?? 'en';
    if (shown !== language) {
      await page.getByRole('button', { name: UI[shown === 'zh-CN' ? 'zh-CN' : 'en'].switchLanguage }).click();
      await page.getByRole('navigation', { name: UI[language].mainNavigation }).waitFor();
    }
    return page;
  }

  for (const walkthrough of walkthroughs) {
    const language = walkthrough.language;
    const t = UI[language];
    const { fill, expectShown, take, edit, approve } = actingIn(language);
    it(`${walkthrough.procedure} (${language === 'en' ? 'English' : 'Chinese'}): ${story(walkthrough)}`, async () => {
      const definition = definitions.get(walkthrough.procedure)!;
      const say = (label: Label | undefined) => inLanguage(label, language);
      const stageLabel = (english: string) => say(find(definition.stages, english, 'stage').label);
      const fields = definition.form.fields.filter((f) => f.type !== 'section');

      // The starter opens Start, chooses the procedure and fills in its form.
      const starter = await personIn(walkthrough.starter, language);
      await starter.getByRole('navigation', { name: t.mainNavigation }).getByRole('link', { name: t.start, exact: true }).click();
      await starter.getByRole('link', { name: say(definition.label), exact: true }).click();
      await starter.getByRole('heading', { name: t.newRecord(say(definition.label)) }).waitFor();
      const form = starter.locator('main form');
      await fill(form, fields, walkthrough.create);
      await form.getByRole('button', { name: t.create, exact: true }).click();

      // The record is created: its page shows the initial stage and what was entered.
      await settled(starter, form, () => /\/records\/[0-9a-f-]{36}$/.test(starter.url()), 'creating the record');
      const recordUrl = new URL(starter.url()).pathname;
      const initial = definition.stages.find((s) => s.initial)!;
      await poll(() => currentStage(starter)).toContain(say(initial.label));
      await expectShown(starter, fields, walkthrough.create);
      await poll(() => starter.getByRole('region', { name: t.history }).textContent()).toContain(t.created);
      // It is named as pickers name it: by its first text in the form's order, else the procedure
      // and its number. (Soft: a wrong name fails the test, and the walk-through still goes on.)
      const name = titleOf(fields, walkthrough.create) ?? `${say(definition.label)} #${recordUrl.split('/').at(-1)!.slice(0, 8)}`;
      expect.soft(await starter.getByRole('heading', { level: 1 }).textContent(), "the record page's heading names the record as its pickers do").toBe(name);

      let stage = say(initial.label);
      for (const step of walkthrough.steps) {
        const page = await personIn(step.as, language);
        if (new URL(page.url()).pathname !== recordUrl) {
          await page.goto(recordUrl);
          await page.getByRole('list', { name: t.stages }).waitFor();
        }
        // A page left open on the record has followed the others' steps (over its event stream).
        await poll(() => currentStage(page)).toContain(stage);
        if ('take' in step) {
          const action = say(find(definition.actions, step.take, 'action').label);
          await take(page, action, step);
          stage = stageLabel(step.reaches);
          await poll(() => currentStage(page)).toContain(stage);
        } else if ('edit' in step) {
          await edit(page, fields, step);
        } else {
          const gate = say(find(definition.gates ?? [], step.approve, 'gate').label);
          await approve(page, gate, step);
        }
      }
    });

  }

  /** What a person does on the pages, in one language: fill in forms, take actions, approve. */
  function actingIn(language: Language) {
    const t = UI[language];
    /** Enters the values into the form's fields, found by their labels in the chosen language. */
    async function fill(scope: Locator, fields: readonly Field[], entries: Entries): Promise<void> {
      for (const [english, value] of Object.entries(entries)) {
        const field = find(fields, english, 'field');
        const label = inLanguage(field.label, language);
        if (field.type === 'table') {
          await fillTable(scope, field, label, value as readonly Readonly<Record<string, Scalar>>[]);
        } else {
          await fillOne(scope, field, label, value as Scalar, true);
        }
      }
    }

    async function fillTable(scope: Locator, field: Field, label: string, rows: readonly Readonly<Record<string, Scalar>>[]): Promise<void> {
      // The table is a group named by its label; the innermost one (a section may bear the same name).
      const table = scope.getByRole('group', { name: labelled(label) }).filter({ has: scope.page().getByRole('button', { name: new RegExp(escape(t.addRow)) }) }).last();
      await found(table, `the table "${label}"`);
      for (const [i, entries] of rows.entries()) {
        const row = table.getByRole('group', { name: t.row(i + 1), exact: true });
        if ((await row.count()) === 0) await table.getByRole('button', { name: new RegExp(escape(t.addRow)) }).click();
        await found(row, `row ${i + 1} of "${label}"`);
        for (const [english, value] of Object.entries(entries)) {
          const column = find(field.columns ?? [], english, `column of ${field.key}`);
          await fillOne(row, column, inLanguage(column.label, language), value, false);
        }
      }
    }

    async function fillOne(scope: Locator, field: Field, label: string, value: Scalar, topLevel: boolean): Promise<void> {
      switch (field.type) {
        case 'boolean': {
          const box = scope.getByRole('checkbox', { name: labelled(label) });
          await found(box, `the checkbox "${label}"`);
          await box.setChecked(value === true);
          return;
        }
        case 'multiselect': {
          // A person reads the field's label above its boxes: the boxes are a group by that name.
          const group = scope.getByRole('group', { name: labelled(label) });
          await found(group, `the choices "${label}" (a group named by the field's label)`);
          for (const option of value as readonly string[]) {
            await group.getByRole('checkbox', { name: inLanguage(find(field.options ?? [], option, `option of ${field.key}`).label, language), exact: true }).check();
          }
          return;
        }
        default:
          break;
      }
      const control = await controlOf(scope, label, topLevel);
      const text = String(value);
      switch (field.type) {
        case 'select':
          await control.selectOption({ label: inLanguage(find(field.options ?? [], text, `option of ${field.key}`).label, language) });
          return;
        case 'department':
          await poll(() => control.getAttribute('aria-busy')).toBe('false');
          await control.selectOption({ label: inLanguage(departments.get(text) ?? { en: text }, language) });
          return;
        case 'link':
        case 'user': {
          // A searchable picker: type what names the choice (a person by their name, a record by a
          // piece of its title) and pick the option it offers.
          const name = field.type === 'user' ? (DEMO_USERS.find((u) => u.username === text)?.displayName ?? text) : text;
          await control.fill(name);
          const list = scope.page().locator(`[id="${await control.getAttribute('aria-controls')}"]`);
          const option = list.getByRole('option').filter({ hasText: name }).first();
          try {
            await option.waitFor({ timeout: 15_000 });
          } catch {
            const offered = await list.getByRole('option').allTextContents();
            throw new Error(`"${label}" offers no ${field.type === 'user' ? 'person' : 'record'} "${name}"; it offers ${offered.length > 0 ? offered.map((o) => `"${o}"`).join(', ') : 'nothing'}`);
          }
          await option.click();
          await poll(() => control.getAttribute('aria-expanded')).toBe('false');
          return;
        }
        default:
          await control.fill(text);
      }
    }

    /** The input of a field by its label; at the top level, not a column of a table row of the same name. */
    async function controlOf(scope: Locator, label: string, topLevel: boolean): Promise<Locator> {
      const candidates = scope.getByLabel(labelled(label));
      await found(candidates, `the field "${label}"`);
      if (!topLevel) return candidates.first();
      const index = await candidates.evaluateAll((elements) => elements.findIndex((e) => !e.closest('.ws-row-item')));
      if (index < 0) throw new Error(`The form has no field "${label}" outside its tables`);
      return candidates.nth(index);
    }

    /** The record page shows what was typed (text as is; options by their label). */
    async function expectShown(page: Page, fields: readonly Field[], entries: Entries): Promise<void> {
      const details = page.getByRole('region', { name: t.details });
      for (const text of shownTexts(fields, entries)) await poll(() => details.textContent()).toContain(text);
    }

    function shownTexts(fields: readonly Field[], entries: Entries): string[] {
      const texts: string[] = [];
      const add = (field: Field, value: Value) => {
        if (field.type === 'text' || field.type === 'textarea') texts.push(String(value));
        if (field.type === 'select') texts.push(inLanguage(find(field.options ?? [], String(value), 'option').label, language));
      };
      for (const [english, value] of Object.entries(entries)) {
        const field = find(fields, english, 'field');
        if (field.type !== 'table') add(field, value);
        else for (const row of value as readonly Readonly<Record<string, Scalar>>[]) for (const [column, v] of Object.entries(row)) add(find(field.columns ?? [], column, 'column'), v);
      }
      return texts;
    }

    /** Takes an action from the Actions panel: it must be offered and possible. */
    async function take(page: Page, action: string, step: Extract<Step, { take: string }>): Promise<void> {
      const panel = page.getByRole('region', { name: t.actions });
      const button = panel.getByRole('button', { name: action, exact: true });
      await found(button, `the action "${action}" for ${step.as}`);
      try {
        await poll(() => button.isEnabled()).toBe(true);
      } catch {
        const reasons = await page.locator(`[id="${await button.getAttribute('aria-describedby')}"]`).textContent();
        throw new Error(`${step.as} cannot take "${action}": ${reasons}`);
      }
      if (step.comment) await panel.getByLabel(t.actionComment).fill(step.comment);
      await button.click();
      await settled(page, page.locator('main'), async () => (await page.getByRole('status').filter({ hasText: t.done(action) }).count()) > 0, `${step.as} taking "${action}"`);
      await poll(() => page.getByRole('region', { name: t.history }).textContent()).toContain(t.moved);
    }

    /** Edits the record through its edit form and saves; the record then shows what was entered. */
    async function edit(page: Page, fields: readonly Field[], step: Extract<Step, { edit: Entries }>): Promise<void> {
      const details = page.getByRole('region', { name: t.details });
      const button = details.getByRole('button', { name: t.edit, exact: true });
      await found(button, `the "${t.edit}" button for ${step.as} on the record in "${await currentStage(page)}"`);
      await button.click();
      const form = details.locator('form');
      await fill(form, fields, step.edit);
      await form.getByRole('button', { name: t.save, exact: true }).click();
      await settled(page, form, async () => (await page.getByRole('status').filter({ hasText: t.saved }).count()) > 0, `${step.as} saving the edit form`);
      await expectShown(page, fields, step.edit);
    }

    /** Approves the person's pending approval of the gate from the Approvals panel. */
    async function approve(page: Page, gate: string, step: Extract<Step, { approve: string }>): Promise<void> {
      const approvals = page.getByRole('region', { name: t.approvals });
      const mine = approvals.getByRole('listitem').filter({ hasText: gate }).filter({ has: page.getByRole('button', { name: t.approve, exact: true }) }).first();
      await found(mine, `an approval "${gate}" waiting on ${step.as}`);
      if (step.comment) await mine.getByLabel(t.decisionComment).fill(step.comment);
      await mine.getByRole('button', { name: t.approve, exact: true }).click();
      await settled(page, page.locator('main'), async () => (await page.getByRole('status').filter({ hasText: t.decided }).count()) > 0, `${step.as} approving "${gate}"`);
      await poll(() => page.getByRole('region', { name: t.history }).textContent()).toContain(t.approvalDecided);
    }

    return { fill, expectShown, take, edit, approve };
  }
});

/** The walk-through in a few words, for the test's name. */
function story(w: Walkthrough): string {
  const people = [...new Set(w.steps.map((s) => s.as).filter((p) => p !== w.starter))];
  return `${w.starter} starts it${people.length > 0 ? `, then ${people.join(' and ')}` : ''}`;
}

/** A record's title as the server gives it to pickers: the first text or textarea entered, in the form's order. */
function titleOf(fields: readonly Field[], entries: Entries): string | undefined {
  for (const field of fields) {
    const value = field.label && (field.type === 'text' || field.type === 'textarea') ? entries[field.label.en] : undefined;
    const text = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
    if (text !== '') return text.length > 60 ? `${text.slice(0, 59)}…` : text;
  }
  return undefined;
}

/** The entry of a definition list by its English label (a mistake in the steps table fails loudly). */
function find<T extends { label?: Label }>(list: readonly T[], english: string, what: string): T {
  const found = list.find((item) => item.label?.en === english);
  if (!found) throw new Error(`No ${what} labelled "${english}" in the definition`);
  return found;
}

/** Waits a little for something the page should show, failing with what is missing. */
async function found(locator: Locator, what: string): Promise<void> {
  try {
    await locator.first().waitFor({ timeout: 10_000 });
  } catch {
    throw new Error(`Cannot find ${what} on the page`);
  }
}

async function currentStage(page: Page): Promise<string> {
  return (await page.locator('ol.ws-progress [aria-current="step"]').textContent()) ?? '';
}

/**
 * After a submit: waits until `done` holds, or the page shows why not (an alert, or the form's
 * errors on its fields), and fails with what the person would read.
 */
async function settled(page: Page, scope: Locator, done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  let problem = '';
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (await done()) return;
    problem = await problemsShown(page, scope);
    if (problem) break;
    await page.waitForTimeout(100);
  }
  // Give the page a moment to finish what it shows.
  await page.waitForTimeout(300);
  if (await done()) return;
  problem = (await problemsShown(page, scope)) || problem;
  throw new Error(`${what} failed: ${problem || 'nothing happened'}`);
}

/** The alerts and field errors a person sees. */
async function problemsShown(page: Page, scope: Locator): Promise<string> {
  const alerts = (await page.getByRole('alert').allInnerTexts()).map((s) => s.trim().replace(/\s*\n+\s*/g, ' ')).filter(Boolean);
  const fieldErrors = await scope.evaluateAll((elements) =>
    elements.flatMap((root) =>
      [...root.querySelectorAll('[id$="__error"]')]
        .filter((e) => (e.textContent ?? '').trim() !== '')
        .map((e) => {
          const id = e.id.replace(/__error$/, '');
          const label = root.querySelector(`label[for="${id}"]`)?.textContent ?? id;
          return `${label}: ${(e.textContent ?? '').trim()}`;
        }),
    ),
  );
  return [...new Set([...alerts, ...fieldErrors])].join(' | ');
}
