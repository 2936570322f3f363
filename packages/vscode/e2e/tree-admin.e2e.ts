import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startSandbox } from '@celonis-scim/sandbox';
import type { Workbench } from './browser.js';
import { rowAction, scimRequest, startWorkbench, until } from './steps.js';

// The tree as an admin console in a real VS Code: a multi-selection deactivated at once, users
// dragged onto a group, Go to User revealing a user beyond the first page. Server state is
// checked over HTTP.

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const ARTIFACTS = resolve(__dirname, '..', 'artifacts');
const USERS = 60;

let sb: Sandbox;
let closeHost: (() => Promise<void>) | undefined;
let page: Page;
let wb: Workbench;

interface ApiUser {
  id: string;
  userName: string;
  displayName?: string;
  active?: boolean;
}

async function api(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const t = sb.teams.acme;
  if (!t) throw new Error('no team');
  return scimRequest(t, method, path, body);
}

async function usersInOrder(): Promise<ApiUser[]> {
  return (await api('GET', `/Users?startIndex=1&count=${USERS}`)).json.Resources as ApiUser[];
}

async function membersOf(groupId: string): Promise<string[]> {
  const g = await api('GET', `/Groups/${groupId}`);
  return ((g.json.members as Array<{ value: string }> | undefined) ?? []).map((m) => m.value);
}

/** A user's tree row: its aria-label is "User <label>, <userName>[, inactive]". */
const userRow = (userName: string) => wb.row(`, ${userName}`).first();

async function expand(rowLabel: string): Promise<void> {
  const row = wb.row(rowLabel).first();
  await row.waitFor({ timeout: 20_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.dblclick();
  await until('expanded', async () => (await row.getAttribute('aria-expanded')) === 'true');
}

const contextAction = (rowLabel: string, action: string): Promise<void> =>
  rowAction(wb, rowLabel, action);

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'acme' }],
    seed: { users: USERS, groups: 3, seed: 9 },
  });
  const t = sb.teams.acme;
  if (!t) throw new Error('no team');
  const host = await startWorkbench({
    // A click selects a row and a double click expands it, as many admins set it: the
    // selection clicks below must not expand users.
    settings: { 'celonisScim.pageSize': 10, 'workbench.tree.expandMode': 'doubleClick' },
    env: {
      // The packaged extension reads the connection below only with the development flag.
      CELONIS_SCIM_VSCODE_DEV: '1',
      CELONIS_SCIM_VSCODE_CONNECT: JSON.stringify({
        url: t.teamUrl,
        name: 'acme',
        authType: 'oauth2',
        clientId: t.clientId,
        secret: t.clientSecret,
      }),
    },
    viewport: { width: 1400, height: 1100 },
  });
  ({ page, wb, close: closeHost } = host);
  await page
    .locator('.activitybar [aria-label*="Celonis Team Identities"]')
    .first()
    .click({ timeout: 90_000 });
  await wb.widenSideBar(260);
  await wb.row('Team acme').first().waitFor({ timeout: 60_000 });
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({
      path: join(ARTIFACTS, `failed-tree-${ctx.task.name.replace(/\W+/g, '-')}.png`),
    });
  }
});

afterAll(async () => {
  await closeHost?.();
  await sb?.close();
});

describe('the Teams tree as an admin console (code-server)', () => {
  it('multi-selects 10 users and deactivates them at once', async () => {
    const first = (await usersInOrder()).slice(0, 10);
    // Every one of them active first, so that the check below means something.
    for (const u of first)
      await api('PATCH', `/Users/${u.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'active', value: true }],
      });
    await expand('Team acme');
    await expand('Users of acme');
    await until('first page', async () => (await wb.row('User ').count()) >= 10);
    await userRow(first[0]!.userName).click();
    await userRow(first[9]!.userName).click({ modifiers: ['Shift'] });
    await until(
      'ten selected',
      async () =>
        (await page.locator('.monaco-list-row.selected[aria-label^="User "]').count()) === 10,
    );
    await contextAction(`, ${first[4]!.userName}`, 'Deactivate User');
    await until('all ten inactive on the server', async () => {
      const states = await Promise.all(first.map((u) => api('GET', `/Users/${u.id}`)));
      return states.every((s) => s.json.active === false);
    });
    await until('one summary', async () =>
      (await wb.notificationTexts()).some((t) => t.includes('Deactivated 10 of 10 users')),
    );
    await until('rows marked inactive', async () => (await wb.row(', inactive').count()) >= 10);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'bulk-deactivate.png') });
    expect(await wb.errorToasts()).toEqual([]);
    await wb.clearNotifications();
  });

  it('drags 3 users onto a group and they become its members', async () => {
    const groups = (await api('GET', '/Groups?excludedAttributes=members')).json
      .Resources as Array<{ id: string; displayName: string }>;
    const group = groups[0]!;
    const before = new Set(await membersOf(group.id));
    const loaded = (await usersInOrder()).slice(0, 10);
    const three = loaded.filter((u) => !before.has(u.id)).slice(0, 3);
    expect(three).toHaveLength(3);
    await expand('Groups of acme');
    const target = wb.row(`Group ${group.displayName}`).first();
    await target.waitFor({ timeout: 20_000 });
    await userRow(three[0]!.userName).click();
    await userRow(three[1]!.userName).click({ modifiers: ['Control'] });
    await userRow(three[2]!.userName).click({ modifiers: ['Control'] });
    await userRow(three[2]!.userName).dragTo(target);
    await until('three new members on the server', async () => {
      const now = new Set(await membersOf(group.id));
      return three.every((u) => now.has(u.id));
    });
    await until('summary', async () =>
      (await wb.notificationTexts()).some((t) =>
        t.includes(`Added 3 users to ${group.displayName}`),
      ),
    );
    expect(await wb.errorToasts()).toEqual([]);
  });

  it('Go to User reveals and selects a user beyond the first page', async () => {
    const all = await usersInOrder();
    const target = all[33]!;
    // Not shown yet: the folder has loaded its first page only.
    expect(await userRow(target.userName).count()).toBe(0);
    await wb.runCommand('Go to User...');
    const input = wb.quickInput().locator('input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(target.userName);
    await wb.pick(target.userName);
    const row = userRow(target.userName);
    await row.waitFor({ timeout: 20_000 });
    await until('selected', async () => (await row.getAttribute('aria-selected')) === 'true');
    await page.screenshot({ path: join(ARTIFACTS, 'go-to-user.png') });
    expect(await wb.errorToasts()).toEqual([]);
  });

  it('Open as JSON names the tab and breadcrumbs after the user, not the id', async () => {
    const target = (await usersInOrder())[33]!;
    await contextAction(`, ${target.userName}`, 'Open as JSON');
    const tab = page.locator('.tabs-container .tab.active').first();
    await until('tab', async () => (await tab.count()) > 0 && (await tab.innerText()).length > 0);
    // The tab shows the name and the extension in separate parts.
    const tabText = (await tab.innerText()).replace(/\s+/g, '');
    expect(tabText).toContain(`${target.userName}.json`);
    expect(tabText).not.toContain(target.id);
    const crumbs = await page.locator('.breadcrumbs-control').first().innerText();
    expect(crumbs).toContain(target.userName);
    expect(crumbs).not.toContain(target.id);
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await until('document', async () => (await editor.innerText()).includes(target.id));
    await page.screenshot({ path: join(ARTIFACTS, 'named-tab.png') });
    expect(await wb.errorToasts()).toEqual([]);
  });
});
