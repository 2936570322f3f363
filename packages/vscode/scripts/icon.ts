/**
 * media/icon.png (the Marketplace and Open VSX want a PNG of at least 128 px) drawn from
 * media/icon.svg by Chromium, so that the picture has one source.
 * Run: npm run icon (installs Chromium through the tool script first).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser } from '../e2e/browser.js';

const media = join(resolve(__dirname, '..'), 'media');

async function main(): Promise<void> {
  const chromiumBin = process.env.CHROMIUM_BIN;
  if (!chromiumBin) throw new Error('CHROMIUM_BIN is not set: run npm run icon');
  const svg = readFileSync(join(media, 'icon.svg'), 'utf8');
  const browser = await launchBrowser(chromiumBin);
  try {
    const tab = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await tab.setContent(
      `<html><body style="margin:0;background:transparent">${svg}</body></html>`,
    );
    const png = await tab.locator('svg').screenshot({ omitBackground: true });
    writeFileSync(join(media, 'icon.png'), png);
    console.log(`icon: ${join(media, 'icon.png')} (${png.length} bytes)`);
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
