import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ScimError,
  SCHEMA_ENTERPRISE_USER,
  createUndiciTransport,
  type ScimUser,
  type TransportRequest,
} from '../src/node.js';
import { and, eq, pr } from '../src/filter/builder.js';
import { collect, oauthClient, startSandbox, uniqueName, type Sandbox } from './helpers.js';

let sb: Sandbox;
let client: ReturnType<typeof oauthClient>;

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }] });
  client = oauthClient(sb.teams.acme!);
});
afterAll(async () => {
  await client?.close();
  await sb?.close();
});

function newUser(extra: Partial<ScimUser> = {}): ScimUser {
  const userName = uniqueName();
  return {
    userName,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    displayName: 'Ada Lovelace',
    emails: [{ value: userName, type: 'work', primary: true }],
    active: true,
    ...extra,
  };
}

describe('users', () => {
  it('creates a user with the enterprise extension and keeps unknown attributes', async () => {
    const created = await client.users.create(
      newUser({ [SCHEMA_ENTERPRISE_USER]: { department: 'Finance', employeeNumber: '42' } }),
    );
    expect(created.id).toBeTruthy();
    expect(created.schemas).toContain(SCHEMA_ENTERPRISE_USER);
    expect(created[SCHEMA_ENTERPRISE_USER]?.department).toBe('Finance');
    expect(created.meta?.resourceType).toBe('User');
    const again = await client.users.get(created.id!);
    expect(again.userName).toBe(created.userName);
  });

  it('gets with attributes and excludedAttributes', async () => {
    const u = await client.users.create(newUser());
    const slim = await client.users.get(u.id!, { attributes: ['userName'] });
    expect(slim.userName).toBe(u.userName);
    expect(slim.emails).toBeUndefined();
    const noEmails = await client.users.get(u.id!, { excludedAttributes: 'emails' });
    expect(noEmails.emails).toBeUndefined();
    expect(noEmails.displayName).toBe('Ada Lovelace');
  });

  it('finds by userName and filter, and returns undefined for no match', async () => {
    const u = await client.users.create(newUser());
    expect((await client.users.getByUserName(u.userName))?.id).toBe(u.id);
    expect((await client.users.findOne(`userName eq "${u.userName}"`))?.id).toBe(u.id);
    expect(await client.users.getByUserName('nobody-' + u.userName)).toBeUndefined();
  });

  it('accepts filters from the builder', async () => {
    const u = await client.users.create(newUser({ userName: `o'brien-${uniqueName()}` }));
    const found = await client.users.findOne(and(eq('userName', u.userName), pr('emails')));
    expect(found?.id).toBe(u.id);
    const none = await collect(
      client.users.list({ filter: and(eq('userName', u.userName), eq('active', false)) }),
    );
    expect(none).toEqual([]);
  });

  it('escapes quotes and backslashes in values it puts into filters', async () => {
    const u = await client.users.create(newUser({ userName: `o"brien\\${uniqueName()}` }));
    expect((await client.users.getByUserName(u.userName))?.id).toBe(u.id);
  });

  it('lists with filter, sortBy and pageSize across pages, and one page with listPage', async () => {
    const tag = `Sorted${Date.now()}`;
    const made = await client.users.provision(
      Array.from({ length: 7 }, (_, i) =>
        newUser({ displayName: `${tag} ${String.fromCharCode(71 - i)}` }),
      ),
      { bulk: false },
    );
    expect(made.every((r) => r.ok)).toBe(true);
    const before = client.log.length;
    const listed = await collect(
      client.users.list({
        filter: `displayName sw "${tag}"`,
        sortBy: 'displayName',
        sortOrder: 'descending',
        pageSize: 3,
      }),
    );
    expect(listed.map((u) => u.displayName)).toEqual(
      ['G', 'F', 'E', 'D', 'C', 'B', 'A'].map((c) => `${tag} ${c}`),
    );
    expect(client.log.slice(before).filter((e) => e.path === '/Users').length).toBe(3);
    const page = await client.users.listPage({
      filter: `displayName sw "${tag}"`,
      startIndex: 3,
      count: 2,
      sortBy: 'displayName',
    });
    expect(page.totalResults).toBe(7);
    expect(page.Resources?.map((u) => u.displayName)).toEqual([`${tag} C`, `${tag} D`]);
  });

  it('replaces (PUT) and patches, with and without If-Match', async () => {
    const u = await client.users.create(newUser());
    const replaced = await client.users.replace(
      u.id!,
      { ...u, displayName: 'Replaced' },
      { ifMatch: u.meta!.version! },
    );
    expect(replaced.displayName).toBe('Replaced');
    const patched = await client.users.patch(u.id!, [
      { op: 'replace', path: 'title', value: 'Engineer' },
    ]);
    expect(patched.title).toBe('Engineer');
    expect(patched.displayName).toBe('Replaced');
  });

  it('surfaces a stale ETag as preconditionFailed with a reload hint', async () => {
    const u = await client.users.create(newUser());
    await client.users.patch(u.id!, [{ op: 'replace', path: 'title', value: 'x' }]);
    const err = await client.users
      .replace(u.id!, { ...u, title: 'y' }, { ifMatch: u.meta!.version! })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScimError);
    expect(err).toMatchObject({ kind: 'preconditionFailed', status: 412, method: 'PUT' });
    expect((err as ScimError).hint).toMatch(/reload and retry/);
    const err2 = await client.users
      .patch(u.id!, [{ op: 'replace', path: 'title', value: 'z' }], { ifMatch: u.meta!.version! })
      .catch((e: unknown) => e);
    expect(err2).toMatchObject({ kind: 'preconditionFailed' });
  });

  it('deactivates and activates', async () => {
    const u = await client.users.create(newUser());
    expect((await client.users.deactivate(u.id!)).active).toBe(false);
    expect((await client.users.get(u.id!)).active).toBe(false);
    expect((await client.users.activate(u.id!)).active).toBe(true);
  });

  it('deletes, then get reports notFound', async () => {
    const u = await client.users.create(newUser());
    await client.users.delete(u.id!);
    const err = await client.users.get(u.id!).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'notFound', status: 404 });
  });

  it('reports a duplicate userName as a conflict in plain words', async () => {
    const u = await client.users.create(newUser());
    const err = await client.users.create({ userName: u.userName }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'conflict', status: 409 });
    expect((err as ScimError).hint).toMatch(
      /a user with this userName already exists in this team/i,
    );
  });

  it('lists the groups of a user', async () => {
    const u = await client.users.create(newUser());
    const g1 = await client.groups.create({ displayName: uniqueName('g') });
    const g2 = await client.groups.create({ displayName: uniqueName('g') });
    await client.groups.create({ displayName: uniqueName('g') });
    await client.groups.addMembers(g1.id!, [u.id!]);
    await client.groups.addMembers(g2.id!, [u.id!]);
    const groups = await client.users.groupsOf(u.id!);
    expect(groups.map((g) => g.id).sort()).toEqual([g1.id, g2.id].sort());
  });

  it('provisions through /Bulk with progress and one result per input', async () => {
    const users = Array.from({ length: 30 }, () => newUser());
    const dup = users[3]!;
    await client.users.create({ userName: dup.userName });
    const progress: number[] = [];
    const before = client.log.length;
    const results = await client.users.provision(users, {
      concurrency: 4,
      onProgress: (p) => progress.push(p.done),
    });
    expect(results).toHaveLength(30);
    expect(results.filter((r) => r.ok)).toHaveLength(29);
    const failed = results.find((r) => !r.ok);
    expect(failed).toMatchObject({
      index: 3,
      userName: dup.userName,
      ok: false,
      error: { kind: 'conflict' },
    });
    expect(progress.at(-1)).toBe(30);
    expect(client.log.slice(before).some((e) => e.path === '/Bulk')).toBe(true);
    for (const r of results) if (r.ok) expect(r.user.id).toBeTruthy();
  });

  it('provisions one by one with bounded concurrency when bulk is off', async () => {
    const users = Array.from({ length: 12 }, () => newUser());
    // Creates in flight at once, seen on the wire; the server answers slowly enough to overlap.
    const inner = createUndiciTransport({ proxy: false });
    const paths: string[] = [];
    let inFlight = 0;
    let most = 0;
    const c = oauthClient(sb.teams.acme!, {
      transport: async (req: TransportRequest) => {
        const path = `${req.method} ${new URL(req.url).pathname.replace(/^.*\/scim\/v2/, '')}`;
        paths.push(path);
        const counted = path === 'POST /Users';
        if (counted) most = Math.max(most, ++inFlight);
        try {
          return await inner(req);
        } finally {
          if (counted) inFlight--;
        }
      },
    });
    await c.discover();
    sb.setFaults({ latencyMs: 30 });
    try {
      const results = await c.users.provision(users, { bulk: false, concurrency: 3 });
      expect(results.map((r) => r.ok)).toEqual(Array(12).fill(true));
      expect(results.map((r) => r.userName)).toEqual(users.map((u) => u.userName));
    } finally {
      sb.setFaults({ latencyMs: 0 });
      await c.close();
      await inner.close();
    }
    expect(paths.filter((p) => p === 'POST /Users')).toHaveLength(12);
    expect(paths.filter((p) => p.endsWith('/Bulk'))).toEqual([]);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(3);
  });

  it('rejects bad input before sending anything', async () => {
    const before = client.log.length;
    await expect(client.users.create({ userName: '' })).rejects.toThrow(/userName/);
    await expect(client.users.get('')).rejects.toThrow(/id is empty/);
    await expect(client.users.patch('x', [])).rejects.toThrow(/no operations/);
    await expect(client.users.patch('x', [{ op: 'remove' }])).rejects.toThrow(/no path/);
    await expect(
      client.users.patch('x', [{ op: 'remove', path: 'emails[type eq ]' }]),
    ).rejects.toMatchObject({ kind: 'invalid' });
    await expect(
      client.users.patch('x', [{ op: 'REPLACE' as 'replace', path: 'title' }]),
    ).rejects.toThrow(/value/);
    await expect(collect(client.users.list({ filter: 'userName eq' }))).rejects.toThrow();
    await expect(client.users.findOne('userName zz "a"')).rejects.toThrow();
    expect(client.log.slice(before).filter((e) => e.path.startsWith('/Users'))).toEqual([]);
    // A fresh client: not even discovery or a token request happens for a bad filter.
    const fresh = oauthClient(sb.teams.acme!);
    await expect(collect(fresh.users.list({ filter: 'userName eq' }))).rejects.toThrow(
      /position|expected/i,
    );
    await expect(fresh.users.findOne('userName zz "a"')).rejects.toThrow();
    await expect(fresh.groups.listPage({ filter: '(' })).rejects.toThrow();
    await expect(collect(fresh.groups.pages({ filter: 'a eq "b' }))).rejects.toThrow();
    expect(fresh.log).toEqual([]);
    await fresh.close();
  });

  it("falls back to the user's groups attribute when the server rejects the members filter", async () => {
    // Acts out a server without filtering on members (the sandbox has it): a 400 invalidFilter.
    const inner = createUndiciTransport({ proxy: false });
    const transport = async (req: TransportRequest) => {
      const url = new URL(req.url);
      if (url.pathname.endsWith('/Groups') && url.searchParams.get('filter')?.startsWith('members'))
        return {
          status: 400,
          headers: { 'content-type': 'application/scim+json' },
          body: JSON.stringify({
            status: '400',
            scimType: 'invalidFilter',
            detail: 'members not filterable',
          }),
        };
      return inner(req);
    };
    const c = oauthClient(sb.teams.acme!, { transport });
    const u = await c.users.create(newUser());
    const g = await c.groups.create({ displayName: uniqueName('g') });
    await c.groups.addMembers(g.id!, [u.id!]);
    const groups = await c.users.groupsOf(u.id!);
    expect(groups.map((x) => x.id)).toEqual([g.id]);
    expect(c.log.some((e) => e.path === `/Users/${u.id}` && e.method === 'GET')).toBe(true);
    await inner.close();
  });

  it('points at the base URL when the SCIM endpoint is not there', async () => {
    const team = sb.teams.acme!;
    const c = oauthClient({ ...team, scimBaseUrl: `${team.teamUrl}/scim/v3` });
    const err = (await c.users.listPage().catch((e: unknown) => e)) as ScimError;
    expect(err).toBeInstanceOf(ScimError);
    expect(err.kind).toBe('notFound');
    expect(err.hint).toMatch(/base URL/);
    await c.close();
  });
});
