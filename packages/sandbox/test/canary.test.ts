import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, start, token } from './helpers.js';

// The secret canary (SCIM_SANDBOX_CANARY): CI sets it for the whole run and then scans every log
// and artifact for it, so these tests check that every credential the sandbox makes carries it.
const C = 'cnryTest42';

afterEach(() => vi.unstubAllEnvs());

describe('secret canary', () => {
  it('marks generated secrets, API keys, app keys and every issued token; each still works', async () => {
    vi.stubEnv('SCIM_SANDBOX_CANARY', C);
    const lines: string[] = [];
    const sb = await start({
      teams: [{ name: 'acme' }, { name: 'globex', clientSecret: 'given-secret-1' }],
      log: (line) => lines.push(line),
    });
    try {
      const acme = sb.teams.acme!;
      expect(acme.clientSecret).toMatch(new RegExp(`^acme-secret-${C}-[0-9a-f]{24}$`));
      expect(acme.apiKey).toMatch(new RegExp(`^acme-api-${C}-[0-9a-f]{24}$`));
      expect(acme.appKey).toMatch(new RegExp(`^acme-app-${C}-[0-9a-f]{24}$`));
      expect(acme.clientId).not.toContain(C);
      // A secret the caller chose is the one its client sends: it stays as given.
      expect(sb.teams.globex!.clientSecret).toBe('given-secret-1');
      expect(sb.teams.globex!.apiKey).toContain(C);

      for (const basic of [true, false]) {
        const t = await token(acme, { basic });
        expect(t.status).toBe(200);
        const access = String(t.body.access_token);
        expect(access.startsWith(C)).toBe(true);
        expect(access.length).toBe(C.length + 32);
        expect((await api(acme, `Bearer ${access}`)('GET', '/Users?count=1')).status).toBe(200);
      }
      expect((await api(acme)('GET', '/Users?count=1')).status).toBe(200);
      expect((await api(acme, `AppKey ${acme.appKey}`)('GET', '/Users?count=1')).status).toBe(200);
      expect((await token(sb.teams.globex!)).body.access_token).toMatch(new RegExp(`^${C}`));
      // The sandbox's own request log carries none of them.
      expect(lines.length).toBeGreaterThanOrEqual(7);
      expect(lines.join('\n')).not.toContain(C);
    } finally {
      await sb.close();
    }
  });

  it('keeps the credentials stable across restarts with the same canary', async () => {
    vi.stubEnv('SCIM_SANDBOX_CANARY', C);
    const a = await start({ teams: [{ name: 'acme' }] });
    const b = await start({ teams: [{ name: 'acme' }] });
    try {
      expect(b.teams.acme!.clientSecret).toBe(a.teams.acme!.clientSecret);
      expect(b.teams.acme!.apiKey).toBe(a.teams.acme!.apiKey);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('leaves credentials and tokens unmarked when the variable is unset or empty', async () => {
    vi.stubEnv('SCIM_SANDBOX_CANARY', '');
    const sb = await start({ teams: [{ name: 'acme' }] });
    try {
      const acme = sb.teams.acme!;
      expect(acme.clientSecret).toMatch(/^acme-secret-[0-9a-f]{24}$/);
      expect(acme.apiKey).toMatch(/^acme-api-[0-9a-f]{24}$/);
      expect(acme.appKey).toMatch(/^acme-app-[0-9a-f]{24}$/);
      const t = await token(acme);
      expect(String(t.body.access_token)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    } finally {
      await sb.close();
    }
  });

  it('refuses a canary that is too short or not letters and digits, saying what to use', async () => {
    for (const bad of ['ab12', 'cnry 7Q!', 'cnry-7Qx2', 'x'.repeat(41)]) {
      vi.stubEnv('SCIM_SANDBOX_CANARY', bad);
      await expect(start({ teams: [{ name: 'acme' }] })).rejects.toThrow(
        /SCIM_SANDBOX_CANARY must be 6 to 40 letters or digits.*unset it or use a marker such as/,
      );
    }
  });
});
