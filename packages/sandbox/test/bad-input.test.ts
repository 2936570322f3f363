import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus, label, type SandboxExpect } from '../../../reliability/corpus/load.js';
import { api, PATCH_OP, start, type Res, type Sandbox } from './helpers.js';

// The checked-in bad-input corpus (reliability/corpus at the repo root) sent as raw HTTP to a
// real sandbox: always a SCIM error with the expected status and scimType, never a 500, and
// the server still answers afterwards.

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * Percent-encodes like encodeURIComponent, but an unpaired surrogate becomes its raw (invalid)
 * UTF-8 bytes instead of an exception, so the server sees exactly what a broken client sends.
 */
function encode(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) {
      const bytes = [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}

function check(res: Res, x: SandboxExpect | undefined, what: unknown): void {
  const l = `${label(what)} -> ${res.status} ${res.text.slice(0, 200)}`;
  expect(res.status, l).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.body?.schemas, l).toEqual([ERROR_SCHEMA]);
    expect(res.body?.status, l).toBe(String(res.status));
    expect(typeof res.body?.detail === 'string' && res.body.detail.length > 0, l).toBe(true);
  }
  if (!x) return;
  expect(res.status, l).toBe(x.status);
  if (x.scimType) expect(res.body?.scimType, l).toBe(x.scimType);
  if (x.detailIncludes) expect(res.body?.detail, l).toContain(x.detailIncludes);
  if (x.totalResults !== undefined) expect(res.body?.totalResults, l).toBe(x.totalResults);
}

let sb: Sandbox;
let call: ReturnType<typeof api>;
let userId: string;
let unique = 0;

beforeAll(async () => {
  sb = await start({ teams: [{ name: 'acme' }], seed: { users: 3, groups: 1, seed: 5 } });
  call = api(sb.teams.acme!);
  userId = (await call('GET', '/Users?count=1')).body.Resources[0].id;
});
afterAll(async () => sb?.close());

async function stillAnswers(): Promise<void> {
  const res = await call('GET', `/Users/${userId}`);
  expect(res.status).toBe(200);
  expect(res.body.id).toBe(userId);
}

describe('bad-input corpus as HTTP requests', () => {
  it('answers every malformed filter with 400 invalidFilter', async () => {
    for (const e of corpus('filters')) {
      const text = e.input as string;
      const res = await call('GET', `/Users?filter=${encode(text)}`);
      check(res, e.expect.sandbox, text);
      if (!e.expect.sandbox)
        expect(e.expect.sandboxNote, 'an entry without expectation says why').toBeTruthy();
    }
    await stillAnswers();
  });

  it('treats every injection attempt in a quoted filter value as a literal', async () => {
    for (const e of corpus('filter-values')) {
      const filter = `userName eq ${JSON.stringify(e.input)}`;
      check(await call('GET', `/Users?filter=${encode(filter)}`), e.expect.sandbox, e.input);
      const res = await call('POST', '/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter,
      });
      check(res, e.expect.sandbox, e.input);
    }
    await stillAnswers();
  });

  it('answers every malformed PATCH path with 400 invalidPath and leaves the user alone', async () => {
    const before = (await call('GET', `/Users/${userId}`)).body;
    for (const e of corpus('patch-paths')) {
      const body = {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: e.input, value: 'x' }],
      };
      check(await call('PATCH', `/Users/${userId}`, body), e.expect.sandbox, e.input);
    }
    expect((await call('GET', `/Users/${userId}`)).body).toEqual(before);
  });

  it('answers every malformed PATCH operation with the right 400', async () => {
    for (const e of corpus('patch-operations')) {
      const body = { schemas: [PATCH_OP], Operations: [e.input] };
      check(await call('PATCH', `/Users/${userId}`, body), e.expect.sandbox, e.input);
    }
    await stillAnswers();
  });

  for (const [file, path, key] of [
    ['users', '/Users', 'userName'],
    ['groups', '/Groups', 'displayName'],
  ] as const) {
    it(`answers every bad ${file} body with 400 invalidValue`, async () => {
      for (const e of corpus(file)) {
        const body = e.input as Record<string, unknown>;
        // Valid names are made unique so a 409 cannot hide the problem under test.
        if (body[key] === 'u' || body[key] === 'g') body[key] = `bad-${unique++}`;
        check(await call('POST', path, body), e.expect.sandbox, e.input);
        if (body[key] !== undefined && typeof body[key] === 'string' && body[key] !== '') {
          // A refused body must also be refused as a replacement of an existing resource.
          if (file === 'users')
            check(await call('PUT', `/Users/${userId}`, body), e.expect.sandbox, e.input);
        }
      }
      await stillAnswers();
    });
  }

  it('answers every body that is not a JSON object with 400 invalidSyntax or invalidValue', async () => {
    for (const e of corpus('raw-bodies')) {
      for (const [method, path] of [
        ['POST', '/Users'],
        ['PUT', `/Users/${userId}`],
        ['POST', '/Groups'],
        ['PATCH', `/Users/${userId}`],
        ['POST', '/Bulk'],
      ] as const) {
        const res = await call(method, path, e.input as string);
        check(res, e.expect.sandbox, `${method} ${path} ${label(e.input)}`);
        expect(['invalidSyntax', 'invalidValue']).toContain(res.body.scimType);
      }
    }
    await stillAnswers();
  });

  it('refuses bad credentials at the token endpoint with an OAuth error, never a 500', async () => {
    const team = sb.teams.acme!;
    for (const e of corpus('credentials')) {
      const c = e.input as Record<string, string | undefined>;
      // Entries whose id and secret are both fine are about the token URL: not the server's part.
      if (c.type !== 'oauth2' || (c.clientId === 'c' && c.clientSecret === 's')) continue;
      const form = new URLSearchParams({ grant_type: 'client_credentials', scope: team.scope });
      if (c.clientId !== undefined)
        form.set('client_id', c.clientId === 'c' ? team.clientId : c.clientId);
      if (c.clientSecret !== undefined)
        form.set('client_secret', c.clientSecret === 's' ? team.clientSecret : c.clientSecret);
      const res = await fetch(team.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      const body = (await res.json()) as { error?: string; access_token?: string };
      expect(res.status, label(c)).toBeGreaterThanOrEqual(400);
      expect(res.status, label(c)).toBeLessThan(500);
      expect(body.error, label(c)).toMatch(/^invalid_/);
      expect(body.access_token).toBeUndefined();
    }
    await stillAnswers();
  });

  it('answers every unknown path or bad query parameter with the expected SCIM error', async () => {
    for (const e of corpus('http-paths')) {
      const res = await fetch(`${sb.url}${e.input as string}`, {
        headers: { Authorization: `Bearer ${sb.teams.acme!.apiKey}` },
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      check({ status: res.status, headers: res.headers, body, text }, e.expect.sandbox, e.input);
    }
    await stillAnswers();
  });

  it('never counted a 500 for the whole corpus', () => {
    expect(sb.stats().byStatus[500] ?? 0).toBe(0);
  });
});
