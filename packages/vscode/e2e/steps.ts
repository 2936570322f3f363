import type { Workbench } from './browser.js';

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

/** Polls `fn` until it gives a truthy value, or fails naming what it waited for. */
export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Expands a tree row unless it is expanded already. */
export async function expand(wb: Workbench, rowLabel: string): Promise<void> {
  const row = wb.row(rowLabel).first();
  await row.waitFor({ timeout: 15_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
}

/** Runs a tree row's context-menu action by its title. */
export async function rowAction(wb: Workbench, rowLabel: string, action: string): Promise<void> {
  const { page } = wb;
  const row = wb.row(rowLabel).first();
  await row.click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item', { hasText: action }).first();
  await item.waitFor({ timeout: 10_000 });
  await item.hover();
  await page.waitForTimeout(100);
  await item.click();
  // A click that lands while the menu is still settling is dropped; Enter on the hovered item is not.
  const menu = page.locator('.monaco-menu');
  try {
    await menu.first().waitFor({ state: 'hidden', timeout: 1500 });
  } catch {
    await item.hover();
    await page.keyboard.press('Enter');
    await menu.first().waitFor({ state: 'hidden', timeout: 5000 });
  }
}

/** The step counter of the open multi-step input, e.g. "2/6". */
export async function stepCounter(wb: Workbench): Promise<string> {
  const title = await wb.quickInput().locator('.quick-input-titlebar').innerText();
  return /(\d+\s*\/\s*\d+)/.exec(title)?.[1]?.replace(/\s+/g, '') ?? '';
}
