import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../../../scripts/ci/chromium.js';

/** Debian's Chromium, headless, with the flags that keep it quiet in a container (playwright gives it a fresh profile). */
export async function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS],
  });
}

/** Drives the VS Code workbench the way a person does: palette, quick inputs, tree rows. */
export class Workbench {
  constructor(readonly page: Page) {
    // With E2E_KEEP_DIR set, the workbench's console (where VS Code in the browser logs its
    // errors) is kept next to code-server's data, for CI's secret scan.
    const keepDir = process.env.E2E_KEEP_DIR;
    if (keepDir) {
      const dir = join(keepDir, 'code-server');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'browser-console.log');
      page.on('console', (m) => appendFileSync(file, `[${m.type()}] ${m.text()}\n`));
      page.on('pageerror', (e) => appendFileSync(file, `[pageerror] ${e.message}\n`));
    }
  }

  async open(url: string): Promise<void> {
    // A loaded machine can take longer than the default 30 s to serve the workbench.
    await this.page.goto(url, { timeout: 120_000 });
    await this.ready();
  }

  async ready(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.activitybar').waitFor({ timeout: 60_000 });
  }

  /** Drags the side bar's edge so that screenshots show whole labels. */
  async widenSideBar(by: number): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box) return;
    const x = box.x + box.width + 1;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + by, y, { steps: 8 });
    await this.page.mouse.up();
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input.input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await this.quickInput()
      .locator('.monaco-list-row', { hasText: title })
      .first()
      .waitFor({ timeout: 15_000 });
    await this.page.keyboard.press('Enter');
  }

  /** Types into the open quick input and accepts. */
  async answer(text: string): Promise<void> {
    const input = this.quickInput().locator('input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    await this.page.waitForTimeout(150);
    await this.page.keyboard.press('Enter');
  }

  async pick(label: string): Promise<void> {
    const row = this.quickInput().locator('.monaco-list-row', { hasText: label }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
  }

  row(ariaLabelPart: string): Locator {
    return this.page.locator(
      `.monaco-list-row[aria-label*="${ariaLabelPart.replace(/"/g, '\\"')}"]`,
    );
  }

  treeRows(): Locator {
    return this.page.locator(
      '[id="workbench.view.extension.celonisScim"] .monaco-list-row, .pane-body .monaco-list-row',
    );
  }

  async notificationTexts(): Promise<string[]> {
    return this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
  }

  async clearNotifications(): Promise<void> {
    const toasts = this.page.locator('.notification-toast');
    for (let i = 0; i < 10 && (await toasts.count()) > 0; i++) {
      await toasts.first().hover();
      const clear = toasts.first().locator('.codicon-notifications-clear, .codicon-close').first();
      if ((await clear.count()) > 0) await clear.click();
      else await this.page.keyboard.press('Escape');
      await this.page.waitForTimeout(200);
    }
  }

  async errorToasts(): Promise<string[]> {
    const toasts = this.page.locator('.notification-toast');
    const n = await toasts.count();
    const errors: string[] = [];
    for (let i = 0; i < n; i++) {
      const t = toasts.nth(i);
      if ((await t.locator('.codicon-error').count()) > 0)
        errors.push(await t.locator('.notification-list-item-message').innerText());
    }
    return errors;
  }
}
