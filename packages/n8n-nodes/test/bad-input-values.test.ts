import { startSandbox } from '@celonis-scim/sandbox';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entries, label, refused } from './corpus';
import {
  byDisplayName,
  byUserName,
  group,
  json,
  oauthCredentials,
  run,
  user,
  type Sandbox,
} from './helpers';

// The corpus' filter values (quotes, backslashes, "or", unicode) typed into the node's fields:
// the filters built from them must find exactly the users (groups) whose attribute holds the
// value literally, never more. Each value is also the attribute of a user and a group made
// through the node, so that a correct filter has something to find.

let sb: Sandbox;
let credentials: ICredentialDataDecryptedObject;
const values = entries('filter-values').map((e) => e.input as string);
/** The user made for each value (by index), where the sandbox accepted it. */
const targets = new Map<number, string>();

/** The userName of the user made for value n: the value itself, made unique. */
const targetName = (n: number) => `${values[n]}~${n}`;

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 3, groups: 1, seed: 4 } });
  credentials = oauthCredentials(sb.teams.acme!);
  const made = await run({
    credentials,
    continueOnFail: true,
    params: values.map((v, n) =>
      user('create', {
        userName: targetName(n),
        additionalFields: { displayName: v, externalId: v, email: v },
      }),
    ),
  });
  for (const item of made) {
    const n = (item.pairedItem as { item: number }).item;
    if (item.json.id) targets.set(n, String(item.json.id));
  }
  await run({
    credentials,
    continueOnFail: true,
    params: values.map((v) => group('create', { displayName: v, additionalFields: {} })),
  });
});
afterAll(async () => sb?.close());

type Scim = IDataObject & {
  id: string;
  userName?: string;
  displayName?: string;
  externalId?: string;
  emails?: Array<{ value?: string }>;
};

async function all(resource: 'user' | 'group'): Promise<Scim[]> {
  const params =
    resource === 'user'
      ? user('getAll', { returnAll: true, filters: {}, simplify: false })
      : group('getAll', { returnAll: true, simplify: false });
  return json(await run({ credentials, params })) as Scim[];
}

const ids = (items: IDataObject[]) => items.map((i) => String(i.id)).sort();
// userName, displayName and emails compare case-insensitively (RFC 7643 caseExact false).
const low = (s: string | undefined) => (s ?? '').toLowerCase();

describe('filter values typed into the node fields stay literals', () => {
  it('made a user for most values, so that the filters have something to find', () => {
    expect(targets.size).toBeGreaterThan(values.length / 2);
  });

  it('finds exactly the users whose field holds the value (Get Many with field filters)', async () => {
    const users = await all('user');
    const filters: Array<[string, (u: Scim, v: string) => boolean]> = [
      ['userName', (u, v) => low(u.userName).startsWith(low(v))],
      ['displayName', (u, v) => low(u.displayName).includes(low(v))],
      ['externalId', (u, v) => u.externalId === v],
      ['email', (u, v) => (u.emails ?? []).some((e) => low(e.value) === low(v))],
    ];
    let found = 0;
    for (const [n, v] of values.entries()) {
      for (const [field, matches] of filters) {
        const out = json(
          await run({
            credentials,
            params: user('getAll', { returnAll: true, filters: { [field]: v }, simplify: false }),
          }),
        );
        const what = `${field} ${label(v)}`;
        expect(ids(out), what).toEqual(ids(users.filter((u) => matches(u, v))));
        if (out.length) found++;
        if (field === 'externalId')
          expect(ids(out), what).toEqual(targets.has(n) ? [targets.get(n)] : []);
      }
    }
    // Most searches must find something, or a filter matching nothing would pass unnoticed.
    expect(found).toBeGreaterThan(values.length * 2);
    console.log(
      `filter values: ${targets.size} of ${values.length} values made a user; ${found} of ${values.length * filters.length} field searches found users`,
    );
  });

  it('finds exactly the groups whose name starts with the value (Get Many)', async () => {
    const groups = await all('group');
    for (const v of values) {
      const out = json(
        await run({ credentials, params: group('getAll', { returnAll: true, nameStartsWith: v }) }),
      );
      // The node trims the prefix; an all-blank prefix is no filter.
      const prefix = low(v.trim());
      expect(ids(out), label(v)).toEqual(
        ids(groups.filter((g) => low(g.displayName).startsWith(prefix))),
      );
    }
  });

  it('resolves a userName or display name in a locator to exactly its own resource, or says none', async () => {
    const users = await all('user');
    const groups = await all('group');
    for (const [n, v] of values.entries()) {
      if (targets.has(n)) {
        const [found] = json(
          await run({ credentials, params: user('get', { user: byUserName(targetName(n)) }) }),
        );
        expect(found!.id, label(v)).toBe(targets.get(n));
      }
      for (const [resource, locate, items, key] of [
        ['user', byUserName, users, 'userName'],
        ['group', byDisplayName, groups, 'displayName'],
      ] as const) {
        const name = v.trim();
        const owner = items.find((i) => low(i[key] as string) === low(name));
        const params = { resource, operation: 'get', [resource]: locate(v) };
        if (owner) {
          const [found] = json(await run({ credentials, params }));
          expect(found!.id, `${resource} ${label(v)}`).toBe(owner.id);
          continue;
        }
        const broken = /\p{Cs}/u.test(name);
        await refused(sb, {
          file: 'filter-values',
          input: v,
          credentials,
          params,
          x: !name
            ? { error: 'operation', messageIncludes: `No ${resource} given`, sent: false }
            : broken
              ? { error: 'operation', messageIncludes: 'broken character', sent: false }
              : {
                  error: 'operation',
                  messageIncludes: resource === 'user' ? 'No user with userName' : 'No group named',
                  sent: true,
                },
        });
      }
    }
  });
});
