/**
 * Takes docs/workflow.png: starts the demo (sandbox + n8n), signs in, opens the sample workflow
 * in the editor with headless Chromium and saves a screenshot. Chromium from the system
 * (`CHROMIUM`, default /usr/bin/chromium).
 */
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../../../scripts/ci/chromium.ts';
import { OWNER, startDemo } from './demo-env.mts';

const out = join(process.cwd(), 'docs', 'workflow.png');
const demo = await startDemo();
try {
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 860 },
    args: [...CHROMIUM_FLAGS],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const login = await page.request.post(`${demo.url}/rest/login`, {
    data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
  });
  if (!login.ok()) throw new Error(`login failed: ${login.status()} ${await login.text()}`);
  await page.goto(`${demo.url}/workflow/onboarding`, { waitUntil: 'networkidle', timeout: 90_000 });
  await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60_000 });
  // Close whatever onboarding pop-ups n8n shows on a first visit.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
  await page.waitForTimeout(1500);
  const fit = page.locator('[data-test-id="zoom-to-fit"]');
  if (await fit.count()) await fit.first().click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out });
  if (process.env.OPEN_NODE) {
    // Tall enough for the whole parameter list, Output at its end included.
    await page.setViewportSize({ width: 1440, height: 1250 });
    await page.locator('[data-test-id="canvas-node"]', { hasText: 'Upsert Hire' }).dblclick();
    await page.waitForTimeout(2000);
    await page.screenshot({ path: join(process.cwd(), 'docs', 'node.png') });
    await page.setViewportSize({ width: 1440, height: 860 });
  }
  // The sync template, and its Preview node's panel.
  await page.goto(`${demo.url}/workflow/hrsync`, { waitUntil: 'networkidle', timeout: 90_000 });
  await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60_000 });
  for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
  if (await fit.count()) await fit.first().click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(process.cwd(), 'docs', 'hr-sync.png') });
  await page.locator('[data-test-id="canvas-node"]', { hasText: 'Preview' }).first().dblclick();
  await page.waitForTimeout(2500);
  await page.screenshot({ path: join(process.cwd(), 'docs', 'sync-node.png') });
  await browser.close();
  console.log(`saved ${out}`);
} finally {
  await demo.stop();
}
