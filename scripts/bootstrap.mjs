// Makes a fresh clone runnable: installs dependencies (npm ci) when they are missing or
// older than the lock file. Used by `npm start`, `npm test` and the demos, so that the README's
// commands need no extra step.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const root = fileURLToPath(new URL('..', import.meta.url));

export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (res.status !== 0) {
    process.exit(res.status ?? 1);
  }
}

/**
 * What `npm start` needs: the sandbox and the CLI (with core, which it builds on) and the root's
 * build tools. Not the n8n and VS Code packages' development dependencies (n8n-workflow, the
 * VS Code test and packaging tools), which are most of the install.
 */
const START_WORKSPACES = ['@celonis-scim/sandbox', '@celonis-scim/cli'];

// Written by this script after a partial install, so that a later full one is not skipped.
const PARTIAL = join(root, 'node_modules', '.celonis-scim-partial-install');
const MARKER = join(root, 'node_modules', '.package-lock.json');
const LOCK = join(root, 'package-lock.json');

/** `full`, `start` (only what `npm start` needs), or undefined when missing or out of date. */
function installed() {
  if (!existsSync(MARKER) || statSync(MARKER).mtimeMs < statSync(LOCK).mtimeMs) return undefined;
  // An install after the partial one (`npm install`) rewrites the marker and makes it full.
  const partial = existsSync(PARTIAL) && statSync(PARTIAL).mtimeMs >= statSync(MARKER).mtimeMs;
  return partial ? 'start' : 'full';
}

/**
 * Installs when needed. `start` installs only what `npm start` needs; `full` (the default)
 * everything, also over an earlier partial install.
 */
export function ensureInstalled(scope = 'full') {
  const have = installed();
  if (have === 'full' || (have === 'start' && scope === 'start')) return;
  if (scope === 'start') {
    console.log('Installing what npm start needs (npm ci for the sandbox and the CLI)...');
    run('npm', [
      'ci',
      '--no-audit',
      '--no-fund',
      '--include-workspace-root',
      ...START_WORKSPACES.map((w) => `--workspace=${w}`),
    ]);
    writeFileSync(PARTIAL, 'start\n');
  } else {
    console.log('Installing dependencies (npm ci)...');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureInstalled();
}
