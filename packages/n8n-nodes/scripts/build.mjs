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

/**
 * Fits the core client to n8n's rules for community nodes (no `process`, no timers, no runtime
 * dependencies). The nodes always pass a transport built on n8n's request helper and n8n's
 * `sleep`, so the core's undici transport is replaced by a stub, and its default sleep by n8n's.
 * Each rewrite fails the build if the code it expects is gone.
 */
const forN8n = {
  name: 'core-for-n8n',
  setup(b) {
    b.onLoad({ filter: /core[\\/]dist[\\/]esm[\\/]transport[\\/]undici\.js$/ }, () => ({
      contents: `
        const unavailable = () => { throw new Error('The undici transport is not bundled in the n8n nodes: pass a transport.'); };
        export const createDispatcher = unavailable;
        export const createUndiciTransport = unavailable;`,
      loader: 'js',
    }));
    b.onLoad({ filter: /core[\\/]dist[\\/]esm[\\/]retry[\\/]index\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const pattern = /export const defaultSleep = [^;]+;/;
      if (!pattern.test(text))
        throw new Error(`${args.path}: defaultSleep not found; update build.mjs`);
      return {
        contents: `import { sleep as n8nSleep } from 'n8n-workflow';\n${text.replace(pattern, 'export const defaultSleep = n8nSleep;')}`,
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

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
    plugins: [forN8n],
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
