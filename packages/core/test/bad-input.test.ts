import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  celonisUrls,
  createScimClient,
  FilterSyntaxError,
  formatFilter,
  parseFilter,
  patchOps,
  quoteFilterValue,
  ScimError,
  validatePatchPath,
  type AuthConfig,
  type ScimClient,
  type ScimGroup,
  type ScimUser,
} from '../src/node.js';
import { eq } from '../src/filter/builder.js';
import { checkPatchOperation } from '../src/patch/ops.js';
import { CORPUS_FILES, corpus, label, type CoreExpect } from '../../../reliability/corpus/load.js';
import { countingTransport, startSandbox, type Sandbox } from './helpers.js';

// The checked-in bad-input corpus (reliability/corpus at the repo root), run through the core:
// every entry must fail with the typed error its expectation names, and nothing may be sent
// when the client can tell the input is wrong before sending.

function caught(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, got none');
}

async function rejected(p: Promise<unknown>, what = ''): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error(`expected a rejection, got a result ${what}`);
}

/** What the resource clients throw: the same message, wrapped in a ScimError of kind invalid. */
function checkWrapped(e: Error, x: CoreExpect | undefined): void {
  expect(e).toBeInstanceOf(ScimError);
  expect((e as ScimError).kind).toBe('invalid');
  if (x?.messageIncludes) expect(e.message).toContain(x.messageIncludes);
}

function check(e: Error, x: CoreExpect | undefined): void {
  expect(x, 'corpus entry has a core expectation').toBeDefined();
  if (x?.name) expect(e.name).toBe(x.name);
  if (x?.kind) {
    expect(e).toBeInstanceOf(ScimError);
    expect((e as ScimError).kind).toBe(x.kind);
  }
  if (x?.status) expect((e as ScimError).status).toBe(x.status);
  if (x?.messageIncludes) expect(e.message).toContain(x.messageIncludes);
}

/** The user:password (or token) before the host of a URL, when it has one, is not in the message. */
function expectNoUserinfo(err: Error, url: string): void {
  const userinfo = /^\s*(?:[a-z][a-z0-9+.-]*:)?(?:\/\/)?([^/?#\s@]+)@/i.exec(url)?.[1];
  if (userinfo) expect(err.message, label(url)).not.toContain(`${userinfo}@`);
}

let sb: Sandbox;
let transport: ReturnType<typeof countingTransport>;
let client: ScimClient;
let userId: string;
let groupId: string;
let unique = 0;

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 2, groups: 1, seed: 6 } });
  const team = sb.teams.acme!;
  transport = countingTransport();
  client = createScimClient({
    baseUrl: team.scimBaseUrl,
    auth: { type: 'apiKey', apiKey: team.apiKey },
    transport,
    retry: false,
  });
  userId = (await client.users.listPage({ count: 1 })).Resources?.[0]?.id ?? '';
  expect(userId).not.toBe('');
  groupId = (await client.groups.listPage({ count: 1 })).Resources?.[0]?.id ?? '';
  expect(groupId).not.toBe('');
});
afterAll(async () => {
  await transport?.close();
  await sb?.close();
});

describe('bad-input corpus against the core', () => {
  it('has at least 200 entries', () => {
    expect(CORPUS_FILES.reduce((n, f) => n + corpus(f).length, 0)).toBeGreaterThanOrEqual(200);
  });

  it('refuses every malformed filter with a FilterSyntaxError and sends nothing', async () => {
    for (const e of corpus('filters')) {
      const text = e.input as string;
      const err = caught(() => parseFilter(text));
      check(err, e.expect.core);
      expect(err, label(text)).toBeInstanceOf(FilterSyntaxError);
      const pos = (err as FilterSyntaxError).position;
      expect(pos >= 0 && pos <= text.length, label(text)).toBe(true);
      const before = transport.calls.length;
      check(await rejected(client.users.listPage({ filter: text })), e.expect.core);
      expect(transport.calls.length, label(text)).toBe(before);
    }
  });

  it('keeps every injection attempt in a filter value a literal, locally and on the wire', async () => {
    for (const e of corpus('filter-values')) {
      const v = e.input as string;
      expect(e.expect.core?.roundTrip).toBe(true);
      expect(parseFilter(formatFilter(eq('userName', v))), label(v)).toEqual(eq('userName', v));
      expect(parseFilter(`userName eq ${quoteFilterValue(v)}`), label(v)).toEqual(
        eq('userName', v),
      );
      // Sent for real: a value that escaped its quotes would match the seeded users.
      expect(await client.users.findOne(eq('userName', v)), label(v)).toBeUndefined();
    }
  });

  it('refuses every malformed PATCH path before sending', async () => {
    for (const e of corpus('patch-paths')) {
      const path = e.input as string;
      check(
        caught(() => validatePatchPath(path)),
        e.expect.core,
      );
      check(
        caught(() => patchOps.replace(path, 'x')),
        e.expect.core,
      );
      const before = transport.calls.length;
      checkWrapped(
        await rejected(client.users.patch(userId, [{ op: 'replace', path, value: 'x' }])),
        e.expect.core,
      );
      expect(transport.calls.length, label(path)).toBe(before);
    }
  });

  it('refuses every malformed PATCH operation before sending', async () => {
    for (const e of corpus('patch-operations')) {
      check(
        caught(() => checkPatchOperation(e.input)),
        e.expect.core,
      );
      const before = transport.calls.length;
      // Deliberately ill-typed: the corpus holds what untyped callers (JS, n8n) may pass.
      const ops = [e.input] as unknown as Parameters<ScimClient['users']['patch']>[1];
      checkWrapped(await rejected(client.users.patch(userId, ops)), e.expect.core);
      expect(transport.calls.length, label(e.input)).toBe(before);
    }
  });

  for (const [file, create] of [
    ['users', (b: unknown) => client.users.create(b as ScimUser)],
    ['groups', (b: unknown) => client.groups.create(b as ScimGroup)],
  ] as const) {
    it(`refuses every bad ${file} body: before sending when it can know, else with the server's 400`, async () => {
      for (const e of corpus(file)) {
        const body = e.input as Record<string, unknown>;
        // Valid names are made unique so a 409 cannot hide the problem under test.
        if (body.userName === 'u') body.userName = `bad-${process.pid}-${unique++}`;
        if (body.displayName === 'g') body.displayName = `bad-${process.pid}-${unique++}`;
        const before = transport.calls.filter((c) => c.method === 'POST').length;
        if (e.expect.core?.accepted) {
          expect((await create(body)).id, label(e.input)).toBeTruthy();
          continue;
        }
        const err = await rejected(create(body), label(e.input));
        check(err, e.expect.core);
        const sent = transport.calls.filter((c) => c.method === 'POST').length - before;
        expect(sent, label(e.input)).toBe(e.expect.core?.sent ? 1 : 0);
      }
    });
  }

  it('refuses every id that is not one, in every id-taking method, before sending', async () => {
    const u = client.users;
    const g = client.groups;
    const byId: Array<[string, (id: string) => Promise<unknown>]> = [
      ['users.get', (id) => u.get(id)],
      ['users.replace', (id) => u.replace(id, { userName: 'x@example.com' })],
      ['users.patch', (id) => u.patch(id, [{ op: 'replace', path: 'title', value: 'x' }])],
      ['users.delete', (id) => u.delete(id)],
      ['users.activate', (id) => u.activate(id)],
      ['users.deactivate', (id) => u.deactivate(id)],
      ['users.groupsOf', (id) => u.groupsOf(id)],
      ['groups.get', (id) => g.get(id)],
      ['groups.delete', (id) => g.delete(id)],
      ['groups.members', (id) => g.members(id).next()],
      ['groups.addMembers', (id) => g.addMembers(id, [userId])],
      ['groups.removeMembers', (id) => g.removeMembers(id, [userId])],
      ['groups.replaceMembers', (id) => g.replaceMembers(id, [userId])],
      ['addMembers (member id)', (id) => g.addMembers(groupId, [id])],
      ['removeMembers (member id)', (id) => g.removeMembers(groupId, [id])],
      ['replaceMembers (member id)', (id) => g.replaceMembers(groupId, [userId, id])],
    ];
    let refusedCount = 0;
    for (const e of corpus('ids')) {
      const id = e.input as string;
      const x = e.expect.core;
      expect(x, label(id)).toBeDefined();
      if (x?.sent) {
        // Not an id the client can rule out: sent percent-encoded, it names nothing.
        for (const f of [u.get(id), g.get(id), u.delete(id)]) check(await rejected(f), x);
        continue;
      }
      for (const [name, call] of byId) {
        const before = transport.calls.length;
        const err = await rejected(call(id), `${name} ${label(id)}`);
        check(err, x);
        expect((err as ScimError).status, `${name} ${label(id)}`).toBeUndefined();
        expect(transport.calls.length, `${name} ${label(id)}: nothing sent`).toBe(before);
        refusedCount++;
      }
    }
    expect(refusedCount).toBeGreaterThan(0);
  });

  it('refuses every bad team URL in celonisUrls, never repeating credentials', () => {
    for (const e of corpus('team-urls')) {
      const err = caught(() => celonisUrls(e.input as string));
      check(err, e.expect.core);
      expectNoUserinfo(err, e.input as string);
    }
  });

  it('refuses every bad base URL in createScimClient, never repeating credentials', () => {
    for (const e of corpus('base-urls')) {
      const err = caught(() =>
        createScimClient({
          baseUrl: e.input as string,
          auth: { type: 'apiKey', apiKey: 'k' },
          transport,
        }),
      );
      check(err, e.expect.core);
      expectNoUserinfo(err, e.input as string);
    }
  });

  it('refuses every bad credential in createScimClient, before any request', () => {
    const before = transport.calls.length;
    for (const e of corpus('credentials')) {
      const auth = { ...(e.input as Record<string, unknown>) };
      if (auth.tokenUrl === 'T') auth.tokenUrl = sb.teams.acme!.tokenUrl;
      const err = caught(() =>
        createScimClient({
          baseUrl: sb.teams.acme!.scimBaseUrl,
          auth: auth as unknown as AuthConfig,
          transport,
        }),
      );
      check(err, e.expect.core);
      for (const secret of ['sec\nret', 'sec\r\nX-Injected: 1'])
        expect(err.message, 'the error never echoes the secret').not.toContain(secret);
    }
    expect(transport.calls.length).toBe(before);
  });
});
