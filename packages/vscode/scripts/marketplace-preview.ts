/**
 * The extension's Marketplace page as a picture: the header the Marketplace builds from
 * package.json (icon, display name, publisher, description, gallery banner) above README.md
 * rendered with markdown-it, the renderer vsce itself uses. README images are absolute
 * raw.githubusercontent.com URLs of files in this folder; they are served from the working tree
 * (nothing leaves the machine), and a URL that names no file here fails the run, as it would
 * show broken on the Marketplace.
 *
 * Run: CHROMIUM_BIN=/path/to/chromium node --import tsx scripts/marketplace-preview.ts
 * (npm run preview:marketplace installs Chromium through the tool script first).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';
import { launchBrowser } from '../e2e/browser.js';

const root = resolve(__dirname, '..');
const RAW =
  'https://raw.githubusercontent.com/celonis-scim/celonis-scim-toolkit/main/packages/vscode/';
const OUT = join(root, 'media', 'marketplace-preview.png');

interface Manifest {
  displayName: string;
  publisher: string;
  description: string;
  version: string;
  icon: string;
  galleryBanner?: { color?: string; theme?: 'dark' | 'light' };
}

const escape = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

function page(manifest: Manifest, readme: string): string {
  const banner = manifest.galleryBanner?.color ?? '#1e1e1e';
  const ink = manifest.galleryBanner?.theme === 'light' ? '#1e1e1e' : '#ffffff';
  const body = new MarkdownIt({ html: true, linkify: true }).render(readme);
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;font-family:"Segoe UI",system-ui,sans-serif;color:#1e1e1e;background:#fff}
header{background:${banner};color:${ink};padding:28px 48px;display:flex;gap:28px;align-items:center}
header img{width:128px;height:128px}
header h1{margin:0 0 6px;font-size:30px;font-weight:600}
header .by{opacity:.85;margin-bottom:10px}
header .install{display:inline-block;margin-top:12px;background:#0066b8;color:#fff;padding:6px 14px;border-radius:2px}
main{max-width:980px;padding:24px 48px 48px;line-height:1.5}
main img{max-width:100%;border:1px solid #ddd}
code{background:#f3f3f3;padding:1px 4px}
pre{background:#f3f3f3;padding:10px;overflow:auto}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px}
</style></head><body><header><img src="${RAW}${escape(manifest.icon)}" alt="icon">
<div><h1>${escape(manifest.displayName)}</h1>
<div class="by">${escape(manifest.publisher)} | v${escape(manifest.version)}</div>
<div>${escape(manifest.description)}</div><span class="install">Install</span></div></header>
<main>${body}</main></body></html>`;
}

async function main(): Promise<void> {
  const chromiumBin = process.env.CHROMIUM_BIN;
  if (!chromiumBin) throw new Error('CHROMIUM_BIN is not set: run npm run preview:marketplace');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const missing: string[] = [];
  const browser = await launchBrowser(chromiumBin);
  try {
    const tab = await browser.newPage({ viewport: { width: 1100, height: 1700 } });
    // Every request of the page is answered here: README images from this folder, nothing else.
    await tab.route('**/*', async (route) => {
      const url = route.request().url();
      const file = url.startsWith(RAW) ? join(root, url.slice(RAW.length)) : undefined;
      if (file && existsSync(file)) return route.fulfill({ path: file });
      missing.push(url);
      return route.fulfill({ status: 404, body: '' });
    });
    await tab.setContent(page(manifest, readme), { waitUntil: 'load' });
    const broken = await tab.$$eval('img', (imgs) =>
      imgs.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src),
    );
    if (missing.length > 0 || broken.length > 0)
      throw new Error(
        `README images that would not show on the Marketplace: ${[...new Set([...missing, ...broken])].join(', ')}`,
      );
    writeFileSync(OUT, await tab.screenshot());
    console.log(`Marketplace page preview: ${OUT}`);
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
