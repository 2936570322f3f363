// `npm start`: installs and builds when needed, then runs the sandbox with seeded demo teams
// and prints their URLs and credentials. Extra arguments go to the sandbox CLI
// (`npm start -- --help`).
import { ensureInstalled, run, root } from './bootstrap.mjs';
import { join } from 'node:path';

ensureInstalled();
run('npx', [
  'turbo',
  'run',
  'build',
  '--filter=@celonis-scim/sandbox',
  '--output-logs=errors-only',
]);
const extra = process.argv.slice(2);
const args = extra.length > 0 ? extra : ['--seed', '--port', process.env.PORT ?? '8787'];
run(process.execPath, [join(root, 'packages/sandbox/dist/cli.js'), ...args]);
