import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ScimError,
  TeamUrlError,
  bulkStatus,
  celonisUrls,
  chunkOperations,
  type BulkOperation,
} from '../src/index.js';
import { capabilitiesFrom } from '../src/discovery.js';
import { kindForStatus, redact } from '../src/errors.js';
import {
  backoffDelay,
  isIdempotentMethod,
  isRetryable,
  parseRetryAfter,
  resolveRetry,
} from '../src/retry/index.js';

describe('celonisUrls', () => {
  it.each([
    'https://acme.eu-1.celonis.cloud',
    'https://acme.eu-1.celonis.cloud/',
    'acme.eu-1.celonis.cloud',
    'https://acme.eu-1.celonis.cloud/scim/v2/',
    'https://acme.eu-1.celonis.cloud/scim/v2/Users?filter=x',
    'https://acme.eu-1.celonis.cloud/oauth2/token',
  ])('derives the SCIM and token URLs from %s', (input) => {
    expect(celonisUrls(input)).toEqual({
      teamUrl: 'https://acme.eu-1.celonis.cloud',
      scimBaseUrl: 'https://acme.eu-1.celonis.cloud/scim/v2',
      tokenUrl: 'https://acme.eu-1.celonis.cloud/oauth2/token',
    });
  });

  it('keeps the base URL of another SCIM provider as it is, without /scim/v2 appended', () => {
    expect(celonisUrls('https://idp.example.com/api/scim').scimBaseUrl).toBe(
      'https://idp.example.com/api/scim',
    );
    expect(celonisUrls('https://idp.example.com/scim/v1/').scimBaseUrl).toBe(
      'https://idp.example.com/scim/v1',
    );
  });

  it('says why a team URL is refused as a typed reason, the message without the prefix', () => {
    const reasons = ['', 'not a url', 'ftp://x', 'https://u:p@acme.eu-1.celonis.cloud'].map((u) => {
      try {
        celonisUrls(u);
      } catch (e) {
        expect(e).toBeInstanceOf(TeamUrlError);
        const err = e as TeamUrlError;
        expect(err.message).toBe(`celonisUrls: ${err.detail}`);
        expect(err.detail).not.toMatch(/celonisUrls/);
        return err.problem;
      }
      return undefined;
    });
    expect(reasons).toEqual(['empty', 'notUrl', 'scheme', 'credentials']);
  });

  it('keeps a path prefix (a sandbox team)', () => {
    expect(celonisUrls('http://127.0.0.1:8787/acme').scimBaseUrl).toBe(
      'http://127.0.0.1:8787/acme/scim/v2',
    );
  });

  it('rejects empty and non-http input with a usable message', () => {
    expect(() => celonisUrls('')).toThrow(/team URL is empty/);
    expect(() => celonisUrls('ftp://x')).toThrow(/https/);
  });
});

describe('retry rules', () => {
  const policy = resolveRetry({ baseDelayMs: 100, maxDelayMs: 1000 });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:10 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('uses full jitter under an exponential ceiling capped at maxDelayMs', () => {
    expect(backoffDelay(policy, 1, () => 0.999)).toBe(99);
    expect(backoffDelay(policy, 3, () => 0.999)).toBe(399);
    expect(backoffDelay(policy, 10, () => 0.999)).toBe(999);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
  });

  it('repeats only what cannot be applied twice', () => {
    const dropped = { type: 'error', sent: 'unknown' } as const;
    const refused = { type: 'error', sent: false } as const;
    expect(isRetryable({ type: 'response', status: 429 }, false)).toBe(true);
    expect(isRetryable({ type: 'response', status: 503 }, false)).toBe(true);
    expect(isRetryable({ type: 'response', status: 500 }, true)).toBe(false);
    expect(isRetryable({ type: 'response', status: 502 }, false)).toBe(false);
    expect(isRetryable({ type: 'response', status: 409 }, true)).toBe(false);
    expect(isRetryable(refused, false)).toBe(true);
    expect(isRetryable(dropped, false)).toBe(false);
    expect(isRetryable(dropped, true)).toBe(true);
    expect(isIdempotentMethod('POST', false)).toBe(false);
    expect(isIdempotentMethod('PATCH', false)).toBe(false);
    expect(isIdempotentMethod('PATCH', true)).toBe(true);
    expect(isIdempotentMethod('PUT', false)).toBe(true);
    expect(isIdempotentMethod('DELETE', false)).toBe(true);
  });

  it('turns retries off with false', () => {
    expect(resolveRetry(false).retries).toBe(0);
  });
});

describe('ScimError', () => {
  it('maps statuses to kinds', () => {
    expect([401, 403, 404, 409, 412, 429, 400, 500, 503].map((s) => kindForStatus(s))).toEqual([
      'auth',
      'forbidden',
      'notFound',
      'conflict',
      'preconditionFailed',
      'rateLimited',
      'invalid',
      'server',
      'server',
    ]);
  });

  it('gives hints in plain words', () => {
    const e = new ScimError({
      kind: 'conflict',
      method: 'POST',
      path: '/Users',
      status: 409,
      scimType: 'uniqueness',
    });
    expect(e.hint).toMatch(/a user with this userName already exists in this team/i);
    expect(e.message).toContain('POST /Users failed with HTTP 409 (uniqueness)');
    const f = new ScimError({
      kind: 'invalid',
      method: 'GET',
      path: '/Users',
      status: 400,
      scimType: 'invalidFilter',
      detail: 'bad at 7',
    });
    expect(f.hint).toContain('bad at 7');
    expect(
      new ScimError({ kind: 'preconditionFailed', method: 'PUT', path: '/Users/1' }).hint,
    ).toMatch(/reload and retry/);
    expect(new ScimError({ kind: 'forbidden', method: 'GET', path: '/Users' }).hint).toMatch(
      /user-provisioning\.scim/,
    );
    expect(new ScimError({ kind: 'auth', method: 'GET', path: '/Users' }).hint).toMatch(
      /client id\/secret or API key/,
    );
    expect(
      new ScimError({ kind: 'network', method: 'GET', path: '/Users', code: 'ENOTFOUND' }).hint,
    ).toMatch(/host name/);
  });

  it('serialises without anything but its fields', () => {
    const e = new ScimError({ kind: 'server', method: 'GET', path: '/Users', status: 500 });
    expect(Object.keys(JSON.parse(JSON.stringify(e)))).toContain('hint');
    expect(inspect(e)).toContain('ScimError');
  });

  it('redacts known secrets and Authorization values', () => {
    expect(redact('token abc123secret leaked', ['abc123secret'])).toBe('token [redacted] leaked');
    expect(redact('{"authorization":"Bearer xyz.abc"}', [])).not.toContain('xyz.abc');
    expect(redact('Authorization: AppKey k-123456', [])).not.toContain('k-123456');
  });
});

describe('capabilities', () => {
  it('reads ServiceProviderConfig flags and limits', () => {
    const caps = capabilitiesFrom({
      patch: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      filter: { supported: true, maxResults: 200 },
      bulk: { supported: true, maxOperations: 50, maxPayloadSize: 4096 },
    });
    expect(caps).toMatchObject({
      patch: false,
      sort: true,
      etag: true,
      maxResults: 200,
      bulk: { supported: true, maxOperations: 50, maxPayloadSize: 4096 },
    });
  });

  it('falls back to safe defaults for an empty document', () => {
    expect(capabilitiesFrom({})).toMatchObject({
      patch: true,
      sort: false,
      etag: false,
      maxResults: undefined,
      bulk: { supported: false },
    });
  });
});

describe('bulk chunking', () => {
  const op = (i: number, size = 10): BulkOperation => ({
    method: 'POST',
    path: '/Users',
    bulkId: `b${i}`,
    data: { userName: 'x'.repeat(size) },
  });

  it('respects maxOperations', () => {
    const chunks = chunkOperations(
      Array.from({ length: 25 }, (_, i) => op(i)),
      10,
      1_000_000,
    );
    expect(chunks.map((c) => c.length)).toEqual([10, 10, 5]);
  });

  it('respects maxPayloadSize and keeps order', () => {
    const ops = Array.from({ length: 20 }, (_, i) => op(i, 100));
    const chunks = chunkOperations(ops, 1000, 1000);
    for (const c of chunks)
      expect(
        JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
          Operations: c,
        }).length,
      ).toBeLessThanOrEqual(1000);
    expect(chunks.flat().map((o) => o.bulkId)).toEqual(ops.map((o) => o.bulkId));
  });

  it('refuses an operation larger than the payload limit', () => {
    expect(() => chunkOperations([op(0, 5000)], 10, 1000)).toThrow(/maxPayloadSize/);
  });

  it('reads the status forms servers use', () => {
    expect(bulkStatus({ method: 'POST', status: '201' })).toBe(201);
    expect(bulkStatus({ method: 'POST', status: 409 })).toBe(409);
    expect(bulkStatus({ method: 'POST', status: { code: '400' } as unknown as string })).toBe(400);
  });
});
