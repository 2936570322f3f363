// One CommonJS bundle per entry (tsc builds the ESM and the types before). The
// `./node` bundle requires the main bundle instead of inlining it, so that a program loading
// both gets one copy of every class (ScimError, TransportError) and `instanceof` holds.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mainEntry = join(root, 'src', 'index.ts');

const mainAsExternal = {
  name: 'main-entry-external',
  setup(b) {
    b.onResolve({ filter: /index\.js$/ }, (args) => {
      if (join(args.resolveDir, args.path).replace(/\.js$/, '.ts') !== mainEntry) return undefined;
      return { path: './index.cjs', external: true };
    });
  },
};

for (const [entry, plugins] of [
  ['index', []],
  ['node', [mainAsExternal]],
]) {
  await build({
    entryPoints: [join(root, 'src', `${entry}.ts`)],
    outfile: join(root, 'dist', 'cjs', `${entry}.cjs`),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['undici'],
    plugins,
    sourcemap: true,
    logLevel: 'warning',
  });
}
