// Runs `n8n-node lint` of @n8n/node-cli, the lint n8n's verification uses, on this package's
// shipped sources. The CLI's strict mode demands that eslint.config.mjs be its template word for
// word, which would also lint the test harnesses with the rules for code running inside n8n; so
// this lints a copy of what the package is built from (package.json, nodes, credentials, shared,
// icons) with the template config, resolving ESLint and the config from the tool folder.
// Usage: node scripts/n8n-node-lint.mjs <folder where @n8n/node-cli is installed>
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prefix = process.argv[2];
if (!prefix) {
  console.error('usage: node scripts/n8n-node-lint.mjs <folder where @n8n/node-cli is installed>');
  process.exit(2);
}
const tools = join(prefix, 'node_modules');
const cli = join(tools, '@n8n/node-cli');
const work = mkdtempSync(join(tmpdir(), 'n8n-node-lint-'));
try {
  for (const part of ['package.json', 'nodes', 'credentials', 'shared', 'icons'])
    cpSync(join(root, part), join(work, part), { recursive: true });
  cpSync(
    join(cli, 'dist/template/templates/shared/default/eslint.config.mjs'),
    join(work, 'eslint.config.mjs'),
  );
  // The starter's compiler settings; the sources import the bundled core and n8n-workflow.
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'commonjs',
        moduleResolution: 'node',
        target: 'es2019',
        esModuleInterop: true,
        skipLibCheck: true,
      },
      include: ['credentials/**/*', 'nodes/**/*', 'shared/**/*'],
    }),
  );
  const modules = join(work, 'node_modules');
  mkdirSync(join(modules, '@celonis-scim'), { recursive: true });
  for (const name of readdirSync(tools)) {
    if (name.startsWith('@')) {
      mkdirSync(join(modules, name), { recursive: true });
      for (const sub of readdirSync(join(tools, name)))
        symlinkSync(join(tools, name, sub), join(modules, name, sub));
    } else symlinkSync(join(tools, name), join(modules, name));
  }
  symlinkSync(join(root, '../core'), join(modules, '@celonis-scim/core'));
  execFileSync(join(tools, '.bin/n8n-node'), ['lint'], {
    cwd: work,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${join(tools, '.bin')}:${process.env.PATH}` },
  });
  console.log('n8n-node lint: no findings (template eslint.config.mjs, strict mode)');
} finally {
  rmSync(work, { recursive: true, force: true });
}
