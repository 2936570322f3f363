import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScimClient, type ScimClient } from '@celonis-scim/core/node';
import { startSandbox } from '@celonis-scim/sandbox';

export { startSandbox };
export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
export type Team = Sandbox['teams'][string];

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The built binary: the tests run what users run (npm test builds first). */
export const CLI = join(packageRoot, 'dist', 'cli.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A scratch folder (HOME and the profile file live there), removed by `cleanup`. */
export function scratch(): { dir: string; profiles: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'celonis-scim-cli-'));
  return {
    dir,
    profiles: join(dir, 'config', 'profiles.json'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Runs `node dist/cli.js ...args` asynchronously (the sandbox runs in this process and must keep
 * answering). The environment is built from scratch: nothing of the caller's CELONIS_SCIM_*
 * variables or profile file leaks in.
 */
export function run(
  args: string[],
  options: { env?: Record<string, string>; input?: string; home: string },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.home,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: options.home,
        XDG_CONFIG_HOME: join(options.home, 'config'),
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The variables that connect to a sandbox team with OAuth client credentials. */
export function oauthEnv(team: Team): Record<string, string> {
  return {
    CELONIS_SCIM_TEAM_URL: team.teamUrl,
    CELONIS_SCIM_CLIENT_ID: team.clientId,
    CELONIS_SCIM_CLIENT_SECRET: team.clientSecret,
  };
}

/** A client of the test's own, to check what the CLI did on the server. */
export function checker(team: Team): ScimClient {
  return createScimClient({
    baseUrl: team.scimBaseUrl,
    auth: { type: 'apiKey', apiKey: team.apiKey },
    transportOptions: { proxy: false },
  });
}

/** Whether a text holds a secret; a boolean, so a failing assertion never prints the secret. */
export const leaks = (text: string, secret: string): boolean => text.includes(secret);

let counter = 0;
export function uniqueName(prefix = 'user'): string {
  counter++;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}@example.com`;
}
