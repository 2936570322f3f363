import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const run = (args: string[]) =>
  spawn(process.execPath, ['--import', 'tsx', cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });

function output(child: ReturnType<typeof run>, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`timed out; output so far:\n${text}`)), 20_000);
    const on = (c: Buffer) => {
      text += c.toString();
      if (until.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
  });
}

describe('CLI', () => {
  it('prints --help', async () => {
    const text = await output(run(['--help']), /--drop-after/);
    expect(text).toMatch(/--port/);
    expect(text).toMatch(/--db FILE/);
  });

  it('refuses unknown flags and non-numbers', async () => {
    expect(await output(run(['--nope']), /See --help/)).toMatch(/nope/);
    expect(await output(run(['--port', 'x']), /See --help/)).toMatch(/--port must be a number/);
  });

  it('starts seeded teams and prints their URLs, credentials and a curl example', async () => {
    const child = run(['--seed', '--port', '0', '--users', '7', '--teams', 'red,blue', '--quiet']);
    try {
      const text = await output(child, /Ctrl-C/);
      expect(text).toMatch(/Team red/);
      expect(text).toMatch(/Team blue/);
      expect(text).toMatch(/curl -s -H 'Authorization: Bearer red-api-/);
      const scim = /SCIM base URL\s+(\S+)/.exec(text)![1]!;
      const key = /API key\s+(\S+)/.exec(text)![1]!;
      const res = await fetch(`${scim}/Users?count=0`, {
        headers: { Authorization: `Bearer ${key}` },
      });
      expect(((await res.json()) as { totalResults: number }).totalResults).toBe(7);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
