import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startSandbox } from '@celonis-scim/sandbox';
import { Workbench } from './browser.js';
import {
  env,
  expand as expandRow,
  rowAction as runRowAction,
  scimRequest,
  startWorkbench,
  stepCounter,
  until,
} from './steps.js';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const ARTIFACTS = resolve(__dirname, '..', 'artifacts');

let sb: Sandbox;
let closeHost: (() => Promise<void>) | undefined;
let page: Page;
let wb: Workbench;
/** The folder code-server opened (files the tests open in the editor go here). */
let workspaceDir: string | undefined;
const t0 = Date.now();
const timings: Record<string, number> = {};

async function api(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const t = sb.teams.acme;
  if (!t) throw new Error('no team');
  return scimRequest(t, method, path, body);
}

const patchOp = (ops: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: ops,
});

async function shot(name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path });
  expect(existsSync(path) && statSync(path).size > 10_000).toBe(true);
  return path;
}

async function noErrorToast(): Promise<void> {
  expect(await wb.errorToasts()).toEqual([]);
}

/** Expands a tree row unless it is expanded already. */
const expand = (rowLabel: string): Promise<void> => expandRow(wb, rowLabel);

/** Runs a tree row's inline or context-menu action by its title. */
const rowAction = (rowLabel: string, action: string): Promise<void> =>
  runRowAction(wb, rowLabel, action);

beforeAll(async () => {
  const started = Date.now();
  // Screenshots of this run only (failed-*.png from an earlier run would mislead).
  rmSync(ARTIFACTS, { recursive: true, force: true });
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 25, groups: 3, seed: 5 } });
  const settings = { 'celonisScim.pageSize': 10 };
  if (process.env.VSCODE_E2E_HOST === 'electron') {
    // Desktop VS Code where it can be downloaded (not on machines without internet access).
    const vsix = env('VSIX', resolve(__dirname, '..', 'dist', 'celonis-scim-vscode.vsix'));
    const { startElectronVSCode } = await import('./electron-host.js');
    const desktop = await startElectronVSCode(vsix, settings);
    page = desktop.page;
    closeHost = desktop.close;
    wb = new Workbench(page);
    await wb.ready();
  } else {
    const host = await startWorkbench({ settings });
    ({ page, wb, close: closeHost, workspace: workspaceDir } = host);
  }
  timings.startup = Date.now() - started;
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({
      path: join(ARTIFACTS, `failed-${ctx.task.name.replace(/\W+/g, '-')}.png`),
    });
  }
});

afterAll(async () => {
  await closeHost?.();
  await sb?.close();
  timings.total = Date.now() - t0;
  console.log(`e2e timings (ms): ${JSON.stringify(timings)}`);
});

describe('Celonis Team Identities in VS Code (code-server)', () => {
  it('connects a seeded sandbox team through the welcome view and quick inputs', async () => {
    const t = sb.teams.acme;
    if (!t) throw new Error('no team');
    await page
      .locator('.activitybar [aria-label*="Celonis Team Identities"]')
      .first()
      .click({ timeout: 90_000 });
    await wb.widenSideBar(260);
    const button = page.locator('.welcome-view-content a, .welcome-view-content .monaco-button', {
      hasText: 'Connect a Team',
    });
    await button.first().click();
    // Each step is answered once the input shows it: keys typed while the next step is being
    // built would land in the one before.
    const step = (n: string) => until(`step ${n}`, async () => (await stepCounter(wb)) === n);
    await step('1/6');
    await wb.pick('Celonis team');
    await step('2/6');
    await wb.answer(t.teamUrl);
    await step('3/6');
    await wb.pick('OAuth client credentials');
    await step('4/6');
    await wb.answer(t.clientId);
    await step('5/6');
    await wb.answer(t.clientSecret);
    await step('6/6');
    await wb.answer('acme');
    await wb.row('Team acme').first().waitFor({ timeout: 30_000 });
    await noErrorToast();
  });

  it('expands Users a page at a time and loads more', async () => {
    await expand('Team acme');
    await expand('Users of acme');
    await until('first page', async () => (await wb.row('User ').count()) >= 10);
    expect(await wb.row('User ').count()).toBe(10);
    await wb.row('Load more (10 of 25)').first().click();
    await until('second page', async () => (await wb.row('User ').count()) >= 20);
    expect(await wb.row('Load more (20 of 25)').count()).toBe(1);
    await shot('tree.png');
    await noErrorToast();
  });

  it('filters Users by plain text and clears the filter', async () => {
    const list = await api('GET', '/Users?startIndex=1&count=25');
    const users = list.json.Resources as Array<{ userName: string }>;
    const target = users[17]?.userName ?? '';
    await rowAction('Users of acme', 'Filter...');
    await wb.answer(target);
    await until('filtered folder', async () => (await wb.row(`filter ${target}`).count()) === 1);
    await until('one match', async () => (await wb.row('User ').count()) === 1);
    expect(await wb.row(`, ${target}`).count()).toBe(1);
    await shot('tree-filtered.png');
    await rowAction('Users of acme', 'Clear Filter');
    await until('filter cleared', async () => (await wb.row('User ').count()) === 10);
    await noErrorToast();
  });

  it('opens a user as JSON, saves an edit (the sandbox has it), then resolves a conflict', async () => {
    const list = await api('GET', '/Users?startIndex=1&count=1');
    const user = (list.json.Resources as Array<{ id: string; userName: string }>)[0];
    if (!user) throw new Error('no user');
    await api(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([
        { op: 'remove', path: 'title' },
        { op: 'remove', path: 'nickName' },
      ]),
    );
    await rowAction(`, ${user.userName}`, 'Open as JSON');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor({ timeout: 20_000 });
    await until('document text', async () => (await editor.innerText()).includes(user.userName));
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('"title": "Edited in VS Code",');
    await page.keyboard.press('Control+S');
    await until(
      'saved title',
      async () => (await api('GET', `/Users/${user.id}`)).json.title === 'Edited in VS Code',
    );
    await shot('editor.png');
    await noErrorToast();

    // Someone else changes the user; our next save must not silently overwrite it.
    await api(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([{ op: 'replace', path: 'displayName', value: 'Changed Elsewhere' }]),
    );
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('"nickName": "mine",');
    await page.keyboard.press('Control+S');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    expect(await dialog.innerText()).toContain('changed on the server');
    await shot('conflict.png');
    await dialog.locator('.monaco-button', { hasText: 'Overwrite' }).click();
    await until(
      'overwritten',
      async () => (await api('GET', `/Users/${user.id}`)).json.nickName === 'mine',
    );

    // The contributed JSON schema validates scim:// documents: a wrong type is a problem.
    const problemCount = async (): Promise<number> =>
      ((await page.locator('[id="status.problems"]').innerText()).match(/\d+/g) ?? [])
        .map(Number)
        .reduce((a, b) => a + b, 0);
    expect(await problemCount()).toBe(0);
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('"profileUrl": 42,');
    await until('schema problem', async () => (await problemCount()) > 0);
    await shot('schema-problem.png');
    for (let i = 0; i < 40 && (await editor.innerText()).includes('profileUrl'); i++)
      await page.keyboard.press('Control+Z');
    await until('problem gone', async () => (await problemCount()) === 0);

    // Another conflict, this time answered with Compare: a diff opens and nothing is saved.
    await api(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([{ op: 'replace', path: 'title', value: 'Theirs' }]),
    );
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('"userType": "Contractor",');
    await page.keyboard.press('Control+S');
    await dialog.waitFor({ timeout: 15_000 });
    await dialog.locator('.monaco-button', { hasText: 'Compare' }).click();
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 15_000 });
    await until('save refused', async () =>
      (await wb.errorToasts()).some((t) => t.includes('not saved')),
    );
    await shot('compare.png');
    const server = (await api('GET', `/Users/${user.id}`)).json;
    expect(server.title).toBe('Theirs');
    expect(server.userType).toBeUndefined();
    // The refused save's notification is expected here; clear it for the next checks.
    await wb.clearNotifications();
    timings.editAndConflict = Date.now() - t0;
  });

  it('adds a member to a group through the multi-select quick pick', async () => {
    const groups = await api('GET', '/Groups?startIndex=1&count=10');
    const group = (
      groups.json.Resources as Array<{
        id: string;
        displayName: string;
        members?: Array<{ value: string }>;
      }>
    )[0];
    if (!group) throw new Error('no group');
    const members = new Set((group.members ?? []).map((m) => m.value));
    const all = await api('GET', '/Users?startIndex=1&count=25');
    const outsider = (all.json.Resources as Array<{ id: string; userName: string }>).find(
      (u) => !members.has(u.id),
    );
    if (!outsider) throw new Error('every user is a member');
    await page.keyboard.press('Escape');
    await expand('Groups of acme');
    await wb.row(`Group ${group.displayName}`).first().waitFor({ timeout: 15_000 });
    await rowAction(`Group ${group.displayName}`, 'Add Members...');
    const input = wb.quickInput().locator('input.input');
    await input.waitFor();
    await input.fill(outsider.userName);
    const option = wb
      .quickInput()
      .locator('.monaco-list-row', { hasText: outsider.userName })
      .first();
    await option.waitFor({ timeout: 15_000 });
    // A click while the list is still re-rendering can be lost: when the count has not come to 1
    // after a click, click again.
    const count = wb.quickInput().locator('.quick-input-count');
    const picked = async () => /\b1\b/.test(await count.innerText());
    for (let i = 0; i < 3 && !(await picked()); i++) {
      await option.locator('.monaco-checkbox, input[type=checkbox]').first().click();
      await until('one member picked', picked, 5_000).catch(() => false);
    }
    expect(await count.innerText()).toMatch(/\b1\b/);
    await shot('add-members.png');
    await wb.quickInput().locator('.monaco-button', { hasText: 'OK' }).first().click();
    await wb.quickInput().waitFor({ state: 'hidden', timeout: 10_000 });
    await until('member added', async () => {
      const g = await api('GET', `/Groups/${group.id}`);
      return ((g.json.members as Array<{ value: string }> | undefined) ?? []).some(
        (m) => m.value === outsider.id,
      );
    });
    await noErrorToast();
  });

  it('deactivates a user and deletes another after the modal confirmation', async () => {
    await expand('Users of acme');
    const list = await api('GET', '/Users?startIndex=1&count=10');
    const users = (
      list.json.Resources as Array<{ id: string; userName: string; active?: boolean }>
    ).filter((u) => u.active !== false);
    const [a, b] = [users[1], users[2]];
    if (!a || !b) throw new Error('not enough users');
    await rowAction(`, ${a.userName}`, 'Deactivate User');
    await until(
      'deactivated',
      async () => (await api('GET', `/Users/${a.id}`)).json.active === false,
    );
    await until(
      'marked inactive',
      async () => (await wb.row(`, ${a.userName}, inactive`).count()) === 1,
    );

    await rowAction(`, ${b.userName}`, 'Delete...');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    expect(await dialog.innerText()).toContain(b.userName);
    await dialog.locator('.monaco-button', { hasText: 'Delete' }).first().click();
    await until('deleted', async () => (await api('GET', `/Users/${b.id}`)).status === 404);
    await until('row gone', async () => (await wb.row(`, ${b.userName}`).count()) === 0);
    await shot('tree-after.png');
    await noErrorToast();
  });
});

// ---- Sync Team from File and Team Overview (webviews) --------------------------------------

/** The visible webview's page (code-server nests it: the webview iframe, then its active frame). */
function webview() {
  return page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
}

interface ApiUser {
  id: string;
  userName: string;
  active?: boolean;
  name?: { givenName?: string; familyName?: string };
  meta?: { lastModified?: string };
}

async function allOf<T>(endpoint: string): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const r = await api('GET', `/${endpoint}?startIndex=${out.length + 1}&count=100`);
    const page = (r.json.Resources ?? []) as T[];
    out.push(...page);
    if (page.length === 0 || out.length >= (r.json.totalResults as number)) return out;
  }
}

const csvCell = (v: string) => `"${v.replace(/"/g, '""')}"`;

describe('Sync Team from File and Team Overview (webviews)', () => {
  it('syncs a 300-row CSV: plan shown, unsafe plan refused until confirmed, applied, tree refreshed', async () => {
    if (!workspaceDir) throw new Error('the webview scenarios need the code-server host');
    // The team's users as they are (so that they are not changed), less 4 active ones, which the
    // plan deactivates (above the 10% limit: unsafe); then new people up to 300 rows.
    const current = (await allOf<ApiUser>('Users')).sort((a, b) =>
      a.userName.localeCompare(b.userName),
    );
    const left = current.filter((u) => u.active !== false).slice(-4);
    const kept = current.filter((u) => !left.includes(u));
    const lines = ['Email,First name,Last name,Active'];
    for (const u of kept)
      lines.push(
        [
          u.userName,
          u.name?.givenName ?? '',
          u.name?.familyName ?? '',
          u.active === false ? 'no' : 'yes',
        ]
          .map(csvCell)
          .join(','),
      );
    const created = 300 - kept.length;
    for (let i = 1; i <= created; i++) {
      const n = String(i).padStart(3, '0');
      lines.push(`sync.person${n}@example.com,Sync,Person ${n},yes`);
    }
    writeFileSync(join(workspaceDir, 'people.csv'), `${lines.join('\n')}\n`);

    await page.keyboard.press('Control+P');
    await wb.quickInput().locator('input.input').fill('people.csv');
    await wb.pick('people.csv');
    await page.locator('.tab', { hasText: 'people.csv' }).first().waitFor({ timeout: 60_000 });
    await wb.runCommand('Sync Team from File');
    const view = webview();
    await view.locator('tr[data-column="Email"]').waitFor({ timeout: 30_000 });
    await view.locator('#plan-button').click();
    await view.locator('#unsafe').waitFor({ timeout: 30_000 });
    const count = (kind: string) => view.locator(`[data-count="${kind}"] .value`).innerText();
    expect(await count('create')).toBe(String(created));
    expect(await count('deactivate')).toBe('4');
    expect(await count('update')).toBe('0');
    await view.locator('#filter input').fill('deactivate');
    await until(
      'filtered changes',
      async () => (await view.locator('#shown').innerText()) === '4 shown',
    );
    await shot('sync-plan.png');
    await view.locator('#filter input').fill('');

    // Without the confirmation the extension refuses, and nothing is written.
    const writes = sb.stats().writes;
    await view.locator('#apply-button').click();
    await until('refusal', async () =>
      /unsafe/i.test(
        (await view
          .locator('#error')
          .innerText()
          .catch(() => '')) || '',
      ),
    );
    expect(sb.stats().writes).toEqual(writes);
    expect((await api('GET', '/Users?count=1')).json.totalResults).toBe(current.length);

    await view.locator('#confirm-unsafe').click();
    await view.locator('#apply-button').click();
    await view.locator('#report-counts').waitFor({ timeout: 120_000 });
    expect(await view.locator('#report-counts [data-count="create"] .value').innerText()).toBe(
      String(created + 4),
    );
    await shot('sync-report.png');

    // The server has it, and the tree shows the new total.
    const after = await allOf<ApiUser>('Users');
    expect(after).toHaveLength(current.length + created);
    expect(after.find((u) => u.userName === 'sync.person007@example.com')).toMatchObject({
      active: true,
      name: { givenName: 'Sync', familyName: 'Person 007' },
    });
    for (const u of left) expect(after.find((x) => x.id === u.id)?.active).toBe(false);
    // The folder's first page shows the new total once the tree is refreshed (expanded first
    // when this scenario runs alone).
    const usersRow = wb.row('Users of acme');
    await until(
      'tree refreshed',
      async () => {
        if ((await usersRow.count()) === 0) await expand('Team acme');
        else if ((await usersRow.first().getAttribute('aria-expanded')) !== 'true')
          await expand('Users of acme');
        const total = `of ${after.length})`; // "Load more... (10 of <total>)" once reloaded
        return (await wb.row(total).count()) > 0;
      },
      60_000,
    );
    await noErrorToast();
  });

  it('opens the Team Overview and its figures match the server', async () => {
    // Closes the sync view only (earlier scenarios may leave edited JSON documents open).
    const syncTab = page.locator('.tab', { hasText: 'Sync acme from people.csv' }).first();
    await syncTab.click({ button: 'middle' });
    await syncTab.waitFor({ state: 'detached', timeout: 15_000 });
    await wb.runCommand('Team Overview');
    const view = webview();
    const figure = (name: string) =>
      view.locator(`.card[data-figure="${name}"] .value`).innerText({ timeout: 60_000 });
    const users = await allOf<ApiUser>('Users');
    const groups = await allOf<{ displayName: string; members?: Array<{ value: string }> }>(
      'Groups',
    );
    const members = new Set(groups.flatMap((g) => (g.members ?? []).map((m) => m.value)));
    const n = (x: number) => x.toLocaleString('en');
    expect(await figure('users')).toBe(n(users.length));
    expect(await figure('active')).toBe(n(users.filter((u) => u.active !== false).length));
    expect(await figure('inactive')).toBe(n(users.filter((u) => u.active === false).length));
    expect(await figure('groups')).toBe(n(groups.length));
    const noGroup = users.filter((u) => !members.has(u.id)).length;
    expect(await view.locator('[data-figure="no-group"] h2').innerText()).toBe(
      `Users in no group (${n(noGroup)})`,
    );
    const empty = groups.filter((g) => !g.members?.length).length;
    expect(await view.locator('[data-figure="empty-groups"] h2').innerText()).toBe(
      `Groups with no members (${n(empty)})`,
    );
    const cutoff = Date.now() - 90 * 86_400_000;
    const stale = users.filter((u) => Date.parse(u.meta?.lastModified ?? '') < cutoff).length;
    expect(await view.locator('[data-figure="stale"] h2').innerText()).toBe(
      `Users not changed in 90 days (${n(stale)})`,
    );
    // The chart is drawn (a canvas with pixels), and its table says the same per group.
    await view.locator('canvas').first().waitFor();
    for (const g of groups.slice(0, 3))
      await expect
        .poll(() => view.locator('#per-group tr', { hasText: g.displayName }).first().textContent())
        .toContain(String((g.members ?? []).length));
    await shot('overview.png');
    await noErrorToast();
  });
});
