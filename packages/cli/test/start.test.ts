import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot, run, scratch } from './helpers.js';

// `npm start` ends with the next steps: the first command of them, pasted, must connect the CLI
// to the sandbox that `npm start` just started. The sandbox here is the same binary `npm start`
// runs, and its banner goes through the same function.
const repoRoot = join(packageRoot, '..', '..');
const sandboxCli = join(repoRoot, 'packages', 'sandbox', 'dist', 'cli.js');
const { nextSteps, BANNER_END } = (await import(
  pathToFileURL(join(repoRoot, 'scripts', 'next-steps.mjs')).href
)) as { nextSteps: (banner: string) => string | undefined; BANNER_END: string };

const tmp = scratch();
let sandbox: ChildProcess;
let banner = '';

beforeAll(async () => {
  sandbox = spawn(process.execPath, [sandboxCli, '--seed', '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Waits for the banner itself, as `npm start` does.
  await new Promise<void>((resolve, reject) => {
    sandbox.stdout!.setEncoding('utf8').on('data', (d: string) => {
      banner += d;
      if (banner.includes(BANNER_END)) resolve();
    });
    sandbox.on('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
  });
});
afterAll(() => {
  sandbox.kill('SIGTERM');
  tmp.cleanup();
});

describe('npm start: the next steps', () => {
  it('the profile line, pasted, connects the CLI to the sandbox just started', async () => {
    const steps = nextSteps(banner);
    expect(steps).toBeDefined();
    const lines = steps!.split('\n').map((l) => l.trim());
    expect(lines).toContain('npm run demo:n8n');
    expect(lines).toContain('npm run demo:vscode');
    // npx finds the celonis-scim binary in its own package's folder, not at the root.
    expect(lines.indexOf('cd packages/cli')).toBeGreaterThan(lines.indexOf('npm run demo:vscode'));
    const profile = lines.find((l) => l.startsWith('npx celonis-scim profile add '));
    expect(profile).toBeDefined();
    // The secret the banner printed for the first team, in the line itself.
    const secret = /client secret +(\S+)/.exec(banner)![1]!;
    expect(profile).toContain(`--client-secret ${secret}`);

    const home = tmp.dir;
    const added = await run(profile!.split(/\s+/).slice(2), { home });
    expect(added.code, added.stderr).toBe(0);
    const list = lines.find((l) => l.startsWith('npx celonis-scim users list'));
    const users = await run(list!.split(/\s+/).slice(2), { home });
    expect(users.code, users.stderr).toBe(0);
    expect(users.stdout.trim().split('\n')).toHaveLength(4);
    expect(users.stdout).toMatch(/@acme\.example\.com/);
  });

  it('no next steps for output without a team (npm start -- --help)', () => {
    expect(nextSteps('Usage: celonis-scim-sandbox [options]\n')).toBeUndefined();
  });
});
