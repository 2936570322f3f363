// Writes a package's version module from its package.json, so that a user agent or `--version`
// never states a version by hand. Each package's build runs it for itself (from the package
// directory); `npm run version-packages` runs it for all after `changeset version`.
//   node scripts/write-version.mjs [packageDir...]   (default: the current directory)
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Where each package keeps its version module (n8n-nodes has no src/). */
const MODULES = {
  '@celonis-scim/core': 'src/version.ts',
  '@celonis-scim/cli': 'src/version.ts',
  'celonis-scim-vscode': 'src/version.ts',
  'n8n-nodes-celonis-scim': 'shared/version.ts',
};

export function versionModule(name, version) {
  if (typeof version !== 'string' || !/^[0-9A-Za-z.+-]+$/.test(version))
    throw new Error(`${name}: package.json version ${JSON.stringify(version)} is not a semver`);
  return [
    `// Written from package.json by scripts/write-version.mjs at build time; do not edit.`,
    `/** The version of ${name}, as its package.json states it. */`,
    `export const VERSION = '${version}';`,
    '',
  ].join('\n');
}

const dirs = process.argv.slice(2);
for (const dir of dirs.length ? dirs : ['.']) {
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  const target = MODULES[pkg.name];
  if (!target) throw new Error(`${resolve(dir)}: ${pkg.name} has no version module to write`);
  const path = join(dir, target);
  const text = versionModule(pkg.name, pkg.version);
  const before = await readFile(path, 'utf8').catch(() => undefined);
  // Unchanged files stay untouched, so that a build does not wake watchers or turbo's hashes.
  if (before !== text) await writeFile(path, text);
}
