import { spawn } from 'node:child_process';
import { connect } from 'node:net';
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

  it('refuses bad timeout flags, naming the flag', async () => {
    expect(await output(run(['--headers-timeout', 'soon']), /See --help/)).toMatch(
      /--headers-timeout must be a number, got "soon"/,
    );
    expect(await output(run(['--keep-alive-timeout', '0']), /See --help/)).toMatch(
      /--keep-alive-timeout must be a whole number of milliseconds from 1/,
    );
    expect(
      await output(run(['--headers-timeout', '5000', '--request-timeout', '1000']), /See --help/),
    ).toMatch(/--headers-timeout \(5000 ms\) must not exceed --request-timeout \(1000 ms\)/);
  });

  it('applies --headers-timeout: a silent client is disconnected after it', async () => {
    const child = run(['--port', '0', '--quiet', '--headers-timeout', '300']);
    try {
      const text = await output(child, /Ctrl-C/);
      const url = new URL(/running at (\S+)/.exec(text)![1]!);
      const started = performance.now();
      const ms = await new Promise<number>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname);
        socket.on('error', reject);
        socket.write('GET /demo/scim/v2/Us');
        socket.resume();
        socket.on('close', () => resolve(performance.now() - started));
        setTimeout(() => {
          socket.destroy();
          reject(new Error('the silent connection was not closed within 5 s'));
        }, 5000).unref();
      });
      expect(ms).toBeGreaterThanOrEqual(280);
    } finally {
      child.kill('SIGTERM');
    }
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
