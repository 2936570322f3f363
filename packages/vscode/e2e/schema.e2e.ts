import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startSandbox } from '@celonis-scim/sandbox';
import type { Workbench } from './browser.js';
import { expand, rowAction, startWorkbench, stepCounter, until } from './steps.js';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const URN = 'urn:celonis:scim:schemas:extension:sandbox:2.0:User';
const ARTIFACTS = resolve(__dirname, '..', 'artifacts');

let sb: Sandbox;
let closeHost: (() => Promise<void>) | undefined;
let page: Page;
let wb: Workbench;

const team = () => {
  const t = sb.teams.custom;
  if (!t) throw new Error('no team');
  return t;
};

async function api(path: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${team().scimBaseUrl}${path}`, {
    headers: { authorization: `Bearer ${team().apiKey}` },
  });
  return (await res.json()) as Record<string, unknown>;
}

async function shot(name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path });
  expect(existsSync(path) && statSync(path).size > 10_000).toBe(true);
}

/** Problems counted in the status bar (errors plus warnings). */
async function problemCount(): Promise<number> {
  const text = await page.locator('[id="status.problems"]').innerText();
  return (text.match(/\d+/g) ?? []).map(Number).reduce((a, b) => a + b, 0);
}

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'custom', customSchema: true }],
    seed: { users: 3, groups: 1, seed: 8 },
  });
  const host = await startWorkbench({
    // What is typed is what lands in the document: no closing brackets or quotes added.
    settings: { 'editor.autoClosingBrackets': 'never', 'editor.autoClosingQuotes': 'never' },
  });
  ({ page, wb, close: closeHost } = host);
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
});

describe('team schema and any-provider connect in VS Code (code-server)', () => {
  it('connects a Celonis team through the multi-step input, going Back once; the counter follows the path', async () => {
    const t = team();
    await page.locator('.activitybar [aria-label*="Celonis Team Identities"]').first().click();
    await wb.runCommand('Celonis SCIM: Connect Team...');
    await wb.quickInput().locator('.monaco-list-row').first().waitFor({ timeout: 15_000 });
    await until('step 1 of 6', async () => (await stepCounter(wb)) === '1/6');
    await wb.pick('Celonis team');
    await until('step 2', async () => (await stepCounter(wb)) === '2/6');
    await wb.answer(t.teamUrl);
    await until('step 3', async () => (await stepCounter(wb)) === '3/6');
    // Back returns to the URL, which keeps what was typed.
    await wb.quickInput().locator('.codicon-quick-input-back, [aria-label="Back"]').first().click();
    await until('back at step 2', async () => (await stepCounter(wb)) === '2/6');
    expect(await wb.quickInput().locator('input.input').inputValue()).toBe(t.teamUrl);
    await page.keyboard.press('Enter');
    await until('step 3 again', async () => (await stepCounter(wb)) === '3/6');
    await wb.pick('OAuth client credentials');
    await until('step 4', async () => (await stepCounter(wb)) === '4/6');
    await wb.answer(t.clientId);
    await until('step 5', async () => (await stepCounter(wb)) === '5/6');
    expect(await wb.quickInput().locator('input.input').getAttribute('type')).toBe('password');
    await wb.answer(t.clientSecret);
    await until('step 6', async () => (await stepCounter(wb)) === '6/6');
    await wb.answer('custom');
    await wb.row('Team custom').first().waitFor({ timeout: 30_000 });
    expect(await wb.errorToasts()).toEqual([]);
  });

  it('flags a wrong-typed custom attribute from the generated schema, refuses to save it, then saves the fix', async () => {
    const list = await api('/Users?startIndex=1&count=1');
    const user = (list.Resources as Array<{ id: string; userName: string }>)[0];
    if (!user) throw new Error('no user');
    await expand(wb, 'Team custom');
    await expand(wb, 'Users of custom');
    await rowAction(wb, `, ${user.userName}`, 'Open as JSON');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor({ timeout: 20_000 });
    await until('document text', async () => (await editor.innerText()).includes(user.userName));
    await until('no problems', async () => (await problemCount()) === 0);

    const typeLine = async (line: string): Promise<void> => {
      await editor.click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type(line);
    };
    await typeLine(`"${URN}": { "contractor": "yes" },`);
    // Only the schema generated from the team's /Schemas knows this attribute is a boolean.
    await until('schema problem', async () => (await problemCount()) > 0, 30_000);
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    await until('problem listed', async () =>
      (await problems.innerText()).includes('Incorrect type. Expected "boolean"'),
    );
    await shot('schema-custom-problem.png');

    await editor.click();
    await page.keyboard.press('Control+S');
    await until('save refused', async () =>
      (await wb.errorToasts()).some((m) => m.includes(`${URN}:contractor must be a boolean`)),
    );
    expect(((await api(`/Users/${user.id}`))[URN] as object | undefined) ?? {}).toEqual({});
    await wb.clearNotifications();

    // The typed line (line 2) is replaced by the fixed one.
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    // Deleted first: a quote typed over a selection would wrap it (auto-surround).
    await page.keyboard.press('Backspace');
    await page.keyboard.type(`"${URN}": { "contractor": true, "grade": 7 },`);
    await until('problem gone', async () => (await problemCount()) === 0, 30_000);
    await page.keyboard.press('Control+S');
    await until(
      'saved',
      async () => ((await api(`/Users/${user.id}`))[URN] as { contractor?: boolean })?.contractor,
    );
    expect((await api(`/Users/${user.id}`))[URN]).toEqual({ contractor: true, grade: 7 });
    expect(await wb.errorToasts()).toEqual([]);
  });

  it('connects the same server as another SCIM 2.0 server with a static bearer token', async () => {
    const t = team();
    const res = await fetch(t.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${t.clientId}:${t.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `grant_type=client_credentials&scope=${encodeURIComponent(t.scope)}`,
    });
    const token = ((await res.json()) as { access_token: string }).access_token;
    await page.keyboard.press('Escape');
    await wb.runCommand('Celonis SCIM: Connect Team...');
    await wb.quickInput().locator('.monaco-list-row').first().waitFor({ timeout: 15_000 });
    await wb.pick('Other SCIM 2.0 server');
    await until('step 2 of 8', async () => (await stepCounter(wb)) === '2/8');
    await wb.answer(t.scimBaseUrl);
    await until('step 3', async () => (await stepCounter(wb)) === '3/8');
    await wb.pick('Bearer token');
    await until('step 4 of 5', async () => (await stepCounter(wb)) === '4/5');
    await wb.answer(token);
    await until('step 5 of 5', async () => (await stepCounter(wb)) === '5/5');
    await wb.answer('custom-bearer');
    await expand(wb, 'Team custom-bearer');
    await expand(wb, 'Users of custom-bearer');
    await until('users listed', async () => (await wb.row('User ').count()) >= 6);
    await shot('connect-bearer.png');
    expect(await wb.errorToasts()).toEqual([]);
  });
});
