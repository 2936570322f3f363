// Bundles the extension into one CommonJS file: the core client and undici inside, `vscode`
// left to the editor.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const production = process.argv.includes('--production');
await build({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: 'dist/extension.js',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
});

// The webviews' browser side: one script per view (chart.js and VS Code Elements inside), the
// shared stylesheet and the codicon font the elements use.
await build({
  entryPoints: { sync: 'src/webviews/ui/sync.ts', overview: 'src/webviews/ui/overview.ts' },
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  outdir: 'dist/webview',
  sourcemap: !production,
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
});
const require = createRequire(import.meta.url);
const codicons = dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
mkdirSync('dist/webview', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf'])
  copyFileSync(join(codicons, f), join('dist/webview', f));
copyFileSync('src/webviews/ui/webview.css', 'dist/webview/webview.css');
