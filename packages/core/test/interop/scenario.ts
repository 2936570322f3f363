import {
  ScimError,
  type ScimClient,
  type ScimGroup,
  type ScimUser,
  type ServerCapabilities,
} from '../../src/index.js';
import { groupChecks, writeQueryCheck } from './scenario-groups.js';
import { cursorCheck } from './scenario-paging.js';
import { syncEnterpriseCheck, syncGroupsCheck, syncUsersCheck } from './scenario-sync.js';

/**
 * The interop scenario: one list of checks, run in order through the client against every
 * server. A check answers what the server supports and what the client had to work around; it
 * reads the state it meant to leave with plain HTTP (not through the client under test) and
 * answers `failed` when that state is not what was intended: data lost or corrupted.
 */
export type Outcome = 'supported' | 'worked-around' | 'quirk' | 'unsupported' | 'failed';

export interface CheckResult {
  outcome: Outcome;
  /** What was seen, for the compatibility table: deterministic (no ids, times or counts of ms). */
  note: string;
}

export interface RawResponse {
  status: number;
  body: Record<string, unknown> | undefined;
}

export interface ScenarioContext {
  client: ScimClient;
  caps: ServerCapabilities;
  /** A request with the server's credentials, bypassing the client (for reading stored state). */
  raw(method: string, path: string, body?: unknown): Promise<RawResponse>;
  /** Users made by earlier checks, kept for later ones. */
  users: ScimUser[];
  groups: ScimGroup[];
}

export interface Check {
  id: string;
  title: string;
  run(ctx: ScenarioContext): Promise<CheckResult>;
}

export const SCHEMA_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** Users made by the scenario: enough to page through every server's cap and fill a large group. */
export const USER_COUNT = 260;

export const ok = (note: string): CheckResult => ({ outcome: 'supported', note });
export const lost = (note: string): CheckResult => ({ outcome: 'failed', note });

/** Runs `fn`; a ScimError with one of `kinds` becomes its value, anything else is rethrown. */
export async function refused<T>(
  fn: () => Promise<T>,
  kinds: readonly string[] = ['invalid'],
): Promise<{ value: T; error?: undefined } | { value?: undefined; error: ScimError }> {
  try {
    return { value: await fn() };
  } catch (e) {
    if (e instanceof ScimError && kinds.includes(e.kind)) return { error: e };
    throw e;
  }
}

export const said = (e: ScimError): string =>
  `HTTP ${e.status ?? '-'}${e.scimType ? ` ${e.scimType}` : ''}`;

export function sameSet(a: Iterable<string>, b: Iterable<string>): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

export async function stored(ctx: ScenarioContext, path: string): Promise<Record<string, unknown>> {
  const res = await ctx.raw('GET', path);
  if (res.status !== 200 || !res.body) throw new Error(`GET ${path} answered ${res.status}`);
  return res.body;
}

export function memberIds(group: Record<string, unknown>): string[] {
  return ((group.members as Array<{ value: string }> | undefined) ?? []).map((m) => m.value);
}

const name = (n: number, run: string): string => `interop-${run}-${String(n).padStart(4, '0')}`;

function newUser(userName: string): ScimUser {
  return {
    schemas: [SCHEMA_USER],
    userName,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    displayName: 'Ada Lovelace',
    emails: [{ value: userName, type: 'home', primary: true }],
    active: true,
  };
}

const run = Date.now().toString(36);

const userChecks: Check[] = [
  {
    id: 'users-crud',
    title: 'Users: create, read, replace (PUT), delete',
    async run(ctx) {
      const user = await ctx.client.users.create(newUser(`${name(0, run)}@example.com`));
      const id = user.id as string;
      const first = await stored(ctx, `/Users/${id}`);
      if (first.userName !== user.userName) return lost('created user not stored as sent');
      await ctx.client.users.replace(id, {
        ...newUser(user.userName),
        displayName: 'Ada King',
        name: { givenName: 'Ada', familyName: 'King' },
      });
      const after = await stored(ctx, `/Users/${id}`);
      if (
        after.displayName !== 'Ada King' ||
        (after.name as { familyName?: string })?.familyName !== 'King'
      )
        return lost('PUT did not store the replacement');
      await ctx.client.users.delete(id);
      const gone = await ctx.raw('GET', `/Users/${id}`);
      if (gone.status !== 404) return lost(`deleted user still read, HTTP ${gone.status}`);
      return ok('create 201, read, PUT stores the replacement, DELETE then 404');
    },
  },
  {
    id: 'errors',
    title: 'Errors: 404 for an unknown id, 409 uniqueness for a taken userName',
    async run(ctx) {
      const missing = await refused(() => ctx.client.users.get('no-such-user-0000'), ['notFound']);
      const user = await ctx.client.users.create(newUser(`${name(1, run)}@example.com`));
      ctx.users.push(user);
      const dup = await refused(
        () => ctx.client.users.create(newUser(user.userName)),
        ['conflict'],
      );
      const notes = [
        missing.error ? `unknown id: ${said(missing.error)}` : 'unknown id: answered 200',
        dup.error ? `taken userName: ${said(dup.error)}` : 'taken userName: created a second user',
      ];
      if (!missing.error || !dup.error) return { outcome: 'quirk', note: notes.join('; ') };
      return ok(notes.join('; '));
    },
  },
  {
    id: 'paging-cap',
    title: `Paging: ${USER_COUNT} users read through the server's page cap`,
    async run(ctx) {
      const wanted = Array.from({ length: USER_COUNT }, (_, i) =>
        newUser(`${name(i + 10, run)}@example.com`),
      );
      const made = await ctx.client.users.provision(wanted);
      const failed = made.filter((r) => !r.ok);
      if (failed.length > 0) return lost(`${failed.length} of ${USER_COUNT} users not created`);
      for (const r of made) if (r.ok) ctx.users.push(r.user);
      const seen: string[] = [];
      let pages = 0;
      for await (const page of ctx.client.users.pages({ attributes: 'userName' })) {
        pages++;
        seen.push(...page.map((u) => u.id as string));
      }
      const unique = new Set(seen);
      const missingIds = ctx.users.filter((u) => !unique.has(u.id as string));
      if (missingIds.length > 0 || unique.size !== seen.length)
        return lost(`${missingIds.length} users missed, ${seen.length - unique.size} read twice`);
      const cap = ctx.caps.maxResults;
      return ok(
        `${unique.size} users in ${pages} pages (filter.maxResults ${cap ?? 'not advertised'}), each once`,
      );
    },
  },
  {
    id: 'filter-eq',
    title: 'Filter: userName eq, exact spelling and other case',
    async run(ctx) {
      const user = ctx.users[0] as ScimUser;
      const exact = await ctx.client.users.getByUserName(user.userName);
      if (exact?.id !== user.id) return lost('userName eq did not find the user');
      const upper = await ctx.client.users.getByUserName(user.userName.toUpperCase());
      if (upper?.id === user.id) return ok('eq matches; userName compared case-insensitively');
      return {
        outcome: 'quirk',
        note: 'userName eq is case-sensitive (RFC 7643: userName is caseExact false); look users up by their stored spelling',
      };
    },
  },
  {
    id: 'filter-sw-and',
    title: 'Filter: sw, and, pr',
    async run(ctx) {
      // interop-<run>-01: users 0100 to 0199, more than one page on the sandbox.
      const prefix = name(100, run).slice(0, -2);
      const r = await refused(async () => {
        const found: string[] = [];
        for await (const u of ctx.client.users.list({
          filter: `userName sw "${prefix}" and active eq true and displayName pr`,
        }))
          found.push(u.userName);
        return found;
      });
      if (r.error) return { outcome: 'unsupported', note: `refused: ${said(r.error)}` };
      const expected = ctx.users.map((u) => u.userName).filter((n) => n.startsWith(prefix));
      if (!sameSet(r.value, expected))
        return { outcome: 'quirk', note: `matched ${r.value.length}, expected ${expected.length}` };
      return ok(`matched exactly the ${expected.length} expected users`);
    },
  },
  {
    id: 'attributes-sub',
    title: 'attributes=userName,meta.lastModified (a sub-attribute of meta)',
    async run(ctx) {
      const user = ctx.users[0] as ScimUser;
      const r = await refused(() =>
        ctx.client.users.get(user.id as string, { attributes: ['userName', 'meta.lastModified'] }),
      );
      if (r.error)
        return {
          outcome: 'quirk',
          note: `refused (${said(r.error)}); ask for meta whole: attributes=userName,meta`,
        };
      return ok(
        `answered; returned userName${r.value.meta?.lastModified ? ' and meta.lastModified' : ''}`,
      );
    },
  },
];

export const checks: Check[] = [
  ...userChecks,
  ...patchChecks(),
  ...groupChecks(),
  writeQueryCheck,
  ...otherChecks(),
  syncUsersCheck,
  syncGroupsCheck,
  syncEnterpriseCheck,
  cursorCheck,
];

function patchCheck(
  id: string,
  title: string,
  ops: (user: ScimUser) => Parameters<ScimClient['users']['patch']>[1],
  verify: (stored: Record<string, unknown>) => string | undefined,
): Check {
  return {
    id,
    title,
    async run(ctx) {
      const user = ctx.users[1] as ScimUser;
      const r = await refused(() => ctx.client.users.patch(user.id as string, ops(user)));
      if (r.error) return { outcome: 'unsupported', note: `refused: ${said(r.error)}` };
      const problem = verify(await stored(ctx, `/Users/${user.id as string}`));
      return problem ? lost(problem) : ok('stored as intended');
    },
  };
}

type Email = { value: string; type?: string };

function patchChecks(): Check[] {
  return [
    patchCheck(
      'patch-replace-path',
      'PATCH replace with a path (active)',
      () => [{ op: 'replace', path: 'active', value: false }],
      (s) => (s.active === false ? undefined : 'active not false'),
    ),
    patchCheck(
      'patch-replace-no-path',
      'PATCH replace without a path (value object)',
      () => [{ op: 'replace', value: { displayName: 'Countess' } }],
      (s) =>
        s.displayName !== 'Countess'
          ? 'displayName not replaced'
          : s.userName
            ? undefined
            : 'userName lost',
    ),
    patchCheck(
      'patch-sub-attribute',
      'PATCH replace of a sub-attribute (name.givenName) keeps its siblings',
      () => [{ op: 'replace', path: 'name.givenName', value: 'Augusta' }],
      (s) => {
        const n = s.name as { givenName?: string; familyName?: string } | undefined;
        if (n?.givenName !== 'Augusta') return 'name.givenName not replaced';
        return n.familyName === 'Lovelace' ? undefined : 'name.familyName lost';
      },
    ),
    patchCheck(
      'patch-add-multi',
      'PATCH add to a multi-valued attribute (emails)',
      (u) => [
        { op: 'add', path: 'emails', value: [{ value: `work.${u.userName}`, type: 'work' }] },
      ],
      (s) => {
        const types = ((s.emails as Email[] | undefined) ?? []).map((e) => e.type).sort();
        return types.join(',') === 'home,work' ? undefined : `emails now ${types.join(',')}`;
      },
    ),
    patchCheck(
      'patch-remove-filter',
      'PATCH remove with a value filter (emails[type eq "work"])',
      () => [{ op: 'remove', path: 'emails[type eq "work"]' }],
      (s) => {
        const types = ((s.emails as Email[] | undefined) ?? []).map((e) => e.type);
        return types.join(',') === 'home' ? undefined : `emails now ${types.join(',') || 'none'}`;
      },
    ),
  ];
}

function otherChecks(): Check[] {
  return [
    {
      id: 'etag',
      title: 'ETags: a stale If-Match is refused with 412',
      async run(ctx) {
        if (!ctx.caps.etag) return { outcome: 'unsupported', note: 'etag.supported false' };
        const user = ctx.users[2] as ScimUser;
        const before = await ctx.client.users.get(user.id as string);
        const version = before.meta?.version;
        if (!version) return { outcome: 'quirk', note: 'etag advertised, meta.version missing' };
        await ctx.client.users.replace(user.id as string, { ...before, displayName: 'v2' });
        const stale = await refused(
          () =>
            ctx.client.users.replace(
              user.id as string,
              { ...before, displayName: 'v3' },
              { ifMatch: version },
            ),
          ['preconditionFailed'],
        );
        const s = await stored(ctx, `/Users/${user.id as string}`);
        if (!stale.error) return lost('a stale If-Match overwrote a newer version');
        if (s.displayName !== 'v2') return lost('refused write still changed the user');
        return ok(`stale If-Match: ${said(stale.error)}, newer version kept`);
      },
    },
    {
      id: 'bulk',
      title: 'Bulk: POST /Bulk with user creates',
      async run(ctx) {
        if (!ctx.caps.bulk.supported)
          return { outcome: 'unsupported', note: 'bulk.supported false' };
        const names = [0, 1].map((i) => `${name(9000 + i, run)}@example.com`);
        const res = await ctx.client.bulk(
          names.map((n, i) => ({
            method: 'POST',
            path: '/Users',
            bulkId: `b${i}`,
            data: newUser(n),
          })),
        );
        const statuses = res.Operations.map((o) => Number(o.status));
        if (statuses.some((s) => s !== 201)) return lost(`bulk statuses ${statuses.join(',')}`);
        for (const n of names) {
          const u = await ctx.client.users.getByUserName(n);
          if (!u) return lost(`bulk-created ${n} not found`);
          ctx.users.push(u);
        }
        return ok('both creates 201 and stored');
      },
    },
  ];
}
