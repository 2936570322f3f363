// Bundles each node and credential into one CommonJS file (n8n loads CJS), with the SCIM core
// inside and n8n-workflow left to n8n. Fails if undici slips into a bundle: the nodes send every
// request through n8n's own helpers.
import { build } from 'esbuild';
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = [
  'credentials/CelonisScimApi.credentials.ts',
  'nodes/CelonisScim/CelonisScim.node.ts',
  'nodes/CelonisScimTrigger/CelonisScimTrigger.node.ts',
];

await rm(join(root, 'dist'), { recursive: true, force: true });
for (const entry of entries) {
  const outfile = join(root, 'dist', entry.replace(/\.ts$/, '.js'));
  await build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['n8n-workflow'],
    plugins: [
      {
        name: 'no-undici',
        setup(b) {
          b.onResolve({ filter: /^undici$/ }, () => ({ path: 'undici', namespace: 'no-undici' }));
          b.onLoad({ filter: /.*/, namespace: 'no-undici' }, () => ({
            contents: 'module.exports = {};',
            loader: 'js',
          }));
        },
      },
    ],
    mainFields: ['module', 'main'],
    conditions: ['import'],
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const text = await readFile(outfile, 'utf8');
  if (/require\(["']undici["']\)/.test(text))
    throw new Error(`${entry}: undici ended up in the bundle`);
}
await mkdir(join(root, 'dist', 'icons'), { recursive: true });
await cp(join(root, 'icons'), join(root, 'dist', 'icons'), { recursive: true });
console.log(`built ${entries.length} bundles into dist/`);
