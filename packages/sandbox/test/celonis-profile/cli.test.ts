import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

function run(args: string[], until: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const text = new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timed out; output so far:\n${out}`)), 20_000);
    const on = (c: Buffer) => {
      out += c.toString();
      if (until.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
  });
  return { child, text };
}

describe('CLI --profile', () => {
  it('sets the profile per team and the rate limits of every team', async () => {
    const { child, text } = run(
      [
        '--port',
        '0',
        '--quiet',
        '--teams',
        'acme,globex',
        '--profile',
        'acme=celonis',
        '--rate-limit-per-second',
        '20',
      ],
      /Ctrl-C/,
    );
    try {
      const out = await text;
      expect(out).toMatch(/Team acme \(Celonis profile\)/);
      expect(out).toMatch(/Team globex\n/);
      const url = /running at (\S+)/.exec(out)![1]!;
      const key = (team: string) =>
        new RegExp(`Team ${team}[\\s\\S]*?API key\\s+(\\S+)`).exec(out)![1]!;
      const res = await fetch(`${url}/acme/scim/v2/Schemas`, {
        headers: { Authorization: `Bearer ${key('acme')}` },
      });
      expect(res.headers.get('x-ratelimit-limit')).toBe('20');
      expect(await res.text()).toContain('urn:celonis:params:scim:schemas:extension:2.0:User');
      const plain = await fetch(`${url}/globex/scim/v2/Schemas`, {
        headers: { Authorization: `Bearer ${key('globex')}` },
      });
      expect(await plain.text()).not.toContain(
        'urn:celonis:params:scim:schemas:extension:2.0:User',
      );
    } finally {
      child.kill();
    }
  });

  it('refuses an unknown profile or team', async () => {
    expect(await run(['--profile', 'okta'], /See --help/).text).toMatch(
      /--profile must be rfc or celonis/,
    );
    expect(await run(['--teams', 'a', '--profile', 'b=celonis'], /See --help/).text).toMatch(
      /names team "b"/,
    );
  });
});
