import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createUndiciTransport, type TransportRequest } from '../src/node.js';
import { oauthClient, startSandbox } from './helpers.js';

// The CI secret scanner (scripts/ci/secret-scan.mjs), run as CI runs it: a child process over
// real files. It lives at the repository root; this package's suite runs it in `npm test`.
const SCANNER = resolve(__dirname, '..', '..', '..', 'scripts', 'ci', 'secret-scan.mjs');
// Characters that URL-encoding, form-encoding and JSON-escaping each change, so that every
// encoded form differs from the plain one.
const ODD = 'cnry+/Q"é7 x~\\';
const PLAIN = 'cnryScan7Q';

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secret-scan-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

/** A fresh folder with the given files (name -> content). */
function tree(files: Record<string, string | Buffer>): string {
  const root = join(dir, `t${++n}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

function scan(canary: string | undefined, args: string[]) {
  const env = { ...process.env };
  delete env.SCIM_SANDBOX_CANARY;
  if (canary !== undefined) env.SCIM_SANDBOX_CANARY = canary;
  const res = spawnSync(process.execPath, [SCANNER, ...args], { env, encoding: 'utf8' });
  const output = `${res.stdout}${res.stderr}`;
  return { status: res.status, output, leaks: output.split('\n').filter((l) => /^LEAK /.test(l)) };
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const form = (s: string) => new URLSearchParams({ x: s }).toString().slice(2);

/** Each form a leak takes, with the scanner's name for it; `c` is the canary. */
const planted = (c: string): Array<[string, string | Buffer]> => [
  ['plain', `secret=acme-secret-${c}-0a1b`],
  ['url-encoded', `client_secret=${encodeURIComponent(`acme-secret-${c}-0a1b`)}`],
  ['form-encoded', `grant_type=client_credentials&client_secret=${form(`s-${c}-1`)}`],
  ['json-escaped', JSON.stringify({ clientSecret: `acme-secret-${c}-0a1b` })],
  // HTTP Basic: base64 of "id:secret" (form-encoded); the canary at each of 3 alignments.
  ['base64 of form-encoded', `Authorization: Basic ${b64(`acme-client:${form(`s-${c}`)}`)}`],
  ['base64 of form-encoded', `Authorization: Basic ${b64(`acme-client1:${form(`s-${c}`)}`)}`],
  ['base64 of form-encoded', `Authorization: Basic ${b64(`acme-client12:${form(`s-${c}`)}`)}`],
  ['base64', `token ${b64(`x${c}y`)}`],
  ['base64url', `jwt.${b64url(`{"tok":"ab${c}?>?"}`)}.sig`],
  ['utf16le', Buffer.concat([Buffer.from([1, 2, 3]), Buffer.from(`k=${c}`, 'utf16le')])],
  ['hex', `dump ${Buffer.from(`--${c}--`).toString('hex')}`],
];

describe('secret-scan.mjs', () => {
  it('finds the canary in each encoded form, at the right byte, and never prints it', () => {
    for (const c of [ODD, PLAIN]) {
      for (const [name, content] of planted(c)) {
        // Text or binary around it, and an offset that moves the alignment.
        const prefix = Buffer.from(`\x00\xffsome log line ${'.'.repeat(n % 3)}\n`, 'latin1');
        const root = tree({ 'logs/suite.log': Buffer.concat([prefix, Buffer.from(content)]) });
        const res = scan(c, [`logs=${root}`]);
        expect(res.status, `${name} of ${JSON.stringify(c)}`).toBe(1);
        // For letters and digits several forms coincide (URL-encoding changes nothing).
        const forms = res.leaks.map((l) => /\(([^)]+)\)$/.exec(l)?.[1]);
        if (c === ODD) expect(forms, name).toContain(name);
        expect(res.leaks.join('\n')).toContain(`${join(root, 'logs', 'suite.log')} at byte `);
        expect(res.output).not.toContain(c);
        expect(res.output).not.toContain(String(content).slice(-20));
      }
    }
    // The plain form's offset is exact: after the prefix and "secret=acme-secret-".
    const root = tree({ 'a.json': `{"x":1}\nsecret=acme-secret-${PLAIN}-0a1b` });
    expect(scan(PLAIN, [`r=${root}`]).leaks).toEqual([
      `LEAK r: ${join(root, 'a.json')} at byte 27 (plain)`,
    ]);
    // Some twenty runs of the scanner as a child process: seconds alone, far more on a busy machine.
  }, 120_000);

  it('passes a clean tree and says how many files and bytes of each source it read', () => {
    const logs = tree({ 'a.log': 'GET /acme/scim/v2/Users 200 1.2ms\n', 'b/c.json': '{}' });
    const db = tree({ 'database.sqlite': Buffer.alloc(4096, 7) });
    const res = scan(PLAIN, [`logs=${logs}`, `n8n=${db}`, '--expect', 'n8n=database\\.sqlite$']);
    expect(res.output).toContain('scanned logs: 2 files, 36 bytes');
    expect(res.output).toContain('scanned n8n: 1 files, 4096 bytes');
    expect(res.output).toMatch(
      /secret-scan: 3 files, 4132 bytes, \d+ forms of the canary: no leak/,
    );
    expect(res.status).toBe(0);
  });

  it('finds a canary that straddles the boundary between two read chunks', () => {
    const at = 8 * 1024 * 1024 - 4;
    const big = Buffer.alloc(at + 64, 0x2e);
    big.write(PLAIN, at, 'latin1');
    const res = scan(PLAIN, [`big=${tree({ 'big.bin': big })}`]);
    expect(res.leaks).toEqual([expect.stringMatching(new RegExp(`at byte ${at} \\(plain\\)$`))]);
  });

  it('skips node_modules, reports a canary in a file name, and fails on a scan of nothing', () => {
    const root = tree({ [`node_modules/x/${PLAIN}.txt`]: PLAIN, 'ok.txt': 'fine' });
    expect(scan(PLAIN, [`r=${root}`]).status).toBe(0);
    const named = tree({ [`shot-${PLAIN}.png`]: 'no content leak' });
    const res = scan(PLAIN, [`r=${named}`]);
    expect(res.status).toBe(1);
    expect(res.leaks).toEqual([
      `LEAK r: ${join(named, 'shot-<canary>.png')} (the file name holds the canary)`,
    ]);
    const empty = scan(PLAIN, [`r=${tree({})}`]);
    expect(empty.status).toBe(1);
    expect(empty.output).toContain('EMPTY r: no file to scan');
    const missing = scan(PLAIN, [`r=${join(dir, 'does-not-exist')}`]);
    expect(missing.status).toBe(1);
    expect(missing.output).toContain('does-not-exist does not exist');
  });

  it('fails when an expected file (the n8n database, the output channel log) was not scanned', () => {
    const root = tree({ 'logs/main.log': 'nothing' });
    const res = scan(PLAIN, [`vscode=${root}`, '--expect', 'vscode=Celonis SCIM\\.log$']);
    expect(res.status).toBe(1);
    expect(res.output).toContain('MISSING vscode: no scanned file matches /Celonis SCIM\\.log$/');
  });

  it('refuses to run without a canary or with malformed arguments (exit 2)', () => {
    const root = tree({ 'a.txt': 'x' });
    expect(scan(undefined, [`r=${root}`]).status).toBe(2);
    const bad = scan(PLAIN, [root]);
    expect(bad.status).toBe(2);
    expect(bad.output).toContain('is not SOURCE=PATH');
    expect(scan(PLAIN, [`r=${root}`, '--expect', 'other=x']).status).toBe(2);
  });

  it('catches the credentials of a real OAuth exchange with a canary sandbox in a leaky log', async () => {
    vi.stubEnv('SCIM_SANDBOX_CANARY', PLAIN);
    const sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 1, groups: 0 } });
    const inner = createUndiciTransport({ proxy: false });
    const sent: TransportRequest[] = [];
    try {
      const team = sb.teams.acme!;
      const client = oauthClient(team, {
        transport: async (req) => {
          sent.push(req);
          return inner(req);
        },
      });
      for await (const u of client.users.list({})) {
        expect(u.id).toBeTruthy();
        break;
      }
      // A logger that wrote the request headers (what must never happen) leaks both the
      // Basic credential of the token request and the bearer token of the SCIM request.
      const headers = sent.map((r) => JSON.stringify(r.headers));
      expect(headers.some((h) => /basic /i.test(h))).toBe(true);
      const onlyBasic = headers.filter((h) => /basic /i.test(h)).join('\n');
      const onlyBearer = headers.filter((h) => /bearer /i.test(h)).join('\n');
      // Neither line holds the canary in plain form when it is the Basic one.
      expect(onlyBasic).not.toContain(PLAIN);
      const root = tree({ 'basic.log': onlyBasic, 'bearer.log': onlyBearer });
      const res = scan(PLAIN, [`logs=${root}`]);
      expect(res.status).toBe(1);
      expect(res.leaks).toEqual([
        expect.stringMatching(/basic\.log at byte \d+ \(base64\)$/),
        expect.stringMatching(/bearer\.log at byte [\d, ]+ \(plain\)$/),
      ]);
      expect(res.output).not.toContain(PLAIN);
    } finally {
      await inner.close();
      await sb.close();
    }
  });
});
