import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, Workbench } from './browser.js';
import { startCodeServer, type CodeServer } from './code-server.js';
import { until } from './until.js';

export { until };

/** A required setting of the run, named in the error when missing. */
export function env(name: string, fallback?: string): string {
  const v = process.env[name] ?? fallback;
  if (!v)
    throw new Error(
      `${name} is not set: run the suite through "npm run e2e", which installs code-server and Chromium`,
    );
  return v;
}

/** A SCIM request to a sandbox team with its API key, bypassing the extension. */
export async function scimRequest(
  team: { scimBaseUrl: string; apiKey: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${team.scimBaseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${team.apiKey}`, 'content-type': 'application/scim+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Expands a tree row unless it is expanded already. */
export async function expand(wb: Workbench, rowLabel: string): Promise<void> {
  const row = wb.row(rowLabel).first();
  await row.waitFor({ timeout: 15_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
}

/**
 * Runs a tree row's context-menu action by its title. The menu is opened with a right click and
 * driven with the keyboard: the focus moves to the action (the menu marks it "focused") and
 * Enter runs it. A click or a hover on a menu that is still being laid out can be dropped.
 */
export async function rowAction(wb: Workbench, rowLabel: string, action: string): Promise<void> {
  const { page } = wb;
  const menu = page.locator('.monaco-menu').first();
  const focused = menu.locator('.action-item.focused');
  await until(`"${action}" in the context menu of ${rowLabel}`, async () => {
    if (!(await menu.isVisible())) {
      await wb.row(rowLabel).first().click({ button: 'right' });
      await menu.waitFor();
      await menu.locator('.action-item', { hasText: action }).first().waitFor({ timeout: 10_000 });
    }
    if ((await focused.count()) > 0 && (await focused.first().innerText()).includes(action))
      return true;
    await page.keyboard.press('ArrowDown');
    return false;
  });
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The step counter of the open multi-step input, e.g. "2/6". */
export async function stepCounter(wb: Workbench): Promise<string> {
  const title = await wb.quickInput().locator('.quick-input-titlebar').innerText();
  return /(\d+\s*\/\s*\d+)/.exec(title)?.[1]?.replace(/\s+/g, '') ?? '';
}

/** A code-server with the extension installed and a Chromium page on its workbench. */
export interface StartedWorkbench {
  page: Page;
  wb: Workbench;
  /** The folder code-server opened (files the tests open in the editor go here). */
  workspace: string;
  close(): Promise<void>;
}

/**
 * Starts code-server with the packaged extension (VSIX, else dist/) and the given user settings
 * and environment, opens its workbench in headless Chromium and waits until it is ready. The
 * default timeouts are long: the first load can take well over 30 s on two shared cores.
 */
export async function startWorkbench(opts: {
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
}): Promise<StartedWorkbench> {
  const cs: CodeServer = await startCodeServer({
    bin: env('CODE_SERVER_BIN'),
    nodeBin: env('NODE24_BIN'),
    vsix: env('VSIX', resolve(__dirname, '..', 'dist', 'celonis-scim-vscode.vsix')),
    ...(opts.settings ? { settings: opts.settings } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await cs.close();
  };
  try {
    browser = await launchBrowser(env('CHROMIUM_BIN', '/usr/bin/chromium'));
    const page = await browser.newPage({
      viewport: opts.viewport ?? { width: 1400, height: 1000 },
    });
    page.setDefaultNavigationTimeout(120_000);
    page.setDefaultTimeout(90_000);
    const wb = new Workbench(page);
    await wb.open(cs.url);
    return { page, wb, workspace: cs.workspace, close };
  } catch (e) {
    await close();
    throw e;
  }
}
