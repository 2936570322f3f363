import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../../../scripts/ci/chromium.js';
import { until } from './until.js';

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
    // The first load of the workbench can take long on a busy shared machine.
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
    await this.pick(title);
  }

  /** Types into the open quick input and accepts once the input holds the text. */
  async answer(text: string): Promise<void> {
    const input = this.quickInput().locator('input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    await until('the typed answer', async () => (await input.inputValue()) === text);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Accepts the quick input's row with this label: moves the list's focus to it and presses
   * Enter. The focus is state the list reports (its "focused" row), where a click on a list that
   * is still being filtered or re-rendered can land on nothing.
   */
  async pick(label: string): Promise<void> {
    const rows = this.quickInput().locator('.monaco-list-row');
    await rows.filter({ hasText: label }).first().waitFor({ timeout: 15_000 });
    const focused = this.quickInput().locator('.monaco-list-row.focused');
    await until(`the row "${label}" focused`, async () => {
      if ((await focused.count()) > 0 && (await focused.first().innerText()).includes(label))
        return true;
      await this.page.keyboard.press('ArrowDown');
      return false;
    });
    await this.page.keyboard.press('Enter');
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

  /**
   * Clears every notification with the workbench's own command and waits until no toast is
   * left. (Hovering a toast for its close button fails when the toast keeps re-rendering.)
   */
  async clearNotifications(): Promise<void> {
    const toasts = this.page.locator('.notification-toast');
    if ((await toasts.count()) === 0) return;
    await this.runCommand('Notifications: Clear All Notifications');
    await until('no notification toasts', async () => (await toasts.count()) === 0);
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
