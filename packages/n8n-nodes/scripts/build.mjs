// Bundles each node and credential into one CommonJS file (n8n loads CJS), with the SCIM core
// inside and n8n-workflow left to n8n. The nodes import core's main entry, which holds no HTTP
// library and no timers: they pass a transport built on n8n's request helper and n8n's `sleep`.
// The build fails if a bundle requires anything else, or reaches `process` or a timer (n8n Cloud
// refuses them).
import { build } from 'esbuild';
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = [
  'credentials/CelonisScimApi.credentials.ts',
  'credentials/CelonisScimOAuth2Api.credentials.ts',
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
    mainFields: ['module', 'main'],
    conditions: ['import'],
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const text = await readFile(outfile, 'utf8');
  const required = [...text.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  const foreign = required.filter((name) => name !== 'n8n-workflow');
  if (foreign.length)
    throw new Error(`${entry}: the bundle requires ${[...new Set(foreign)].join(', ')}`);
  if (/\bset(Timeout|Interval|Immediate)\s*\(/.test(text))
    throw new Error(`${entry}: a timer ended up in the bundle`);
  if (/\bprocess\.[a-z]/i.test(text)) throw new Error(`${entry}: the bundle reads \`process\``);
  // n8n reads a node's codex file (categories, aliases, documentation links) beside its bundle.
  const codex = entry.replace(/\.ts$/, '.json');
  if (entry.startsWith('nodes/')) await cp(join(root, codex), join(root, 'dist', codex));
}
await mkdir(join(root, 'dist', 'icons'), { recursive: true });
await cp(join(root, 'icons'), join(root, 'dist', 'icons'), { recursive: true });
console.log(`built ${entries.length} bundles into dist/`);
