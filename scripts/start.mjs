// `npm start`: installs and builds when needed, then runs the sandbox with seeded demo teams,
// prints their URLs and credentials, and ends with the next commands to paste. Extra arguments
// go to the sandbox CLI (`npm start -- --help`).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureInstalled, run, root } from './bootstrap.mjs';
import { BANNER_END, nextSteps } from './next-steps.mjs';

ensureInstalled('start');
// The CLI too: the next steps use it.
run('npx', [
  'turbo',
  'run',
  'build',
  '--filter=@celonis-scim/sandbox',
  '--filter=@celonis-scim/cli',
  '--output-logs=errors-only',
]);
const extra = process.argv.slice(2);
const args = extra.length > 0 ? extra : ['--seed', '--port', process.env.PORT ?? '8787'];
const sandbox = spawn(process.execPath, [join(root, 'packages/sandbox/dist/cli.js'), ...args], {
  cwd: root,
  stdio: ['inherit', 'pipe', 'inherit'],
});

// The sandbox's output is passed through as it comes; once its banner is complete, the next
// steps follow it.
let banner = '';
sandbox.stdout.setEncoding('utf8').on('data', (chunk) => {
  process.stdout.write(chunk);
  if (banner === undefined) return;
  banner += chunk;
  if (!banner.includes(BANNER_END)) return;
  const steps = nextSteps(banner);
  if (steps) process.stdout.write(`${steps}\n`);
  banner = undefined;
});

// Ctrl-C at a terminal reaches the sandbox too (same process group): it closes, exits, and so
// does this script. A signal sent to this script alone is passed on.
process.on('SIGTERM', () => sandbox.kill('SIGTERM'));
process.on('SIGINT', () => {
  setTimeout(() => sandbox.kill('SIGTERM'), 1000).unref();
});
sandbox.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
