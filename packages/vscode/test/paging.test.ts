import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '@celonis-scim/sandbox';
import { createScimClient, type ScimClient, type ScimUser } from '@celonis-scim/core/node';
import { PagedList } from '../src/tree/paging.js';
import type { Sandbox } from './helpers.js';

let sb: Sandbox;
let client: ScimClient;

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 12, groups: 0, seed: 3 } });
  const team = sb.teams.acme!;
  client = createScimClient({
    baseUrl: team.scimBaseUrl,
    auth: { type: 'bearer', token: team.apiKey },
  });
});
afterAll(async () => {
  await client?.close();
  await sb?.close();
});

describe('PagedList', () => {
  it('drops a page still loading when the list is reset (a new filter)', async () => {
    const everyone = await client.users.listPage({ count: 50, sortBy: 'userName' });
    const [first, second] = (everyone.Resources ?? []).map((u) => u.userName);
    expect(first && second).toBeTruthy();

    // The folder's filter as the tree holds it: read when a page is requested.
    let filter = `userName eq "${first}"`;
    // The first request is held after the server answered, until the test lets it land.
    let letLand: () => void = () => undefined;
    let hold: Promise<void> | undefined = new Promise<void>((release) => (letLand = release));
    const list = new PagedList<ScimUser>(
      async (startIndex, count) => {
        const page = await client.users.listPage({ filter, startIndex, count });
        const wait = hold;
        hold = undefined;
        await wait;
        return page;
      },
      () => 10,
    );

    const old = list.more();
    filter = `userName eq "${second}"`;
    list.reset();
    const fresh = list.more();
    // The page for the old filter arrives after the reset: it must not join the new list.
    letLand();
    await Promise.all([old, fresh]);
    expect(list.items.map((u) => u.userName)).toEqual([second]);
    expect(list.loaded).toBe(true);
    expect(list.done).toBe(true);
  });

  it('shares one request between concurrent calls, and loads afresh after a reset', async () => {
    let requests = 0;
    const list = new PagedList<ScimUser>(
      (startIndex, count) => {
        requests++;
        return client.users.listPage({ startIndex, count });
      },
      () => 5,
    );
    await Promise.all([list.more(), list.more()]);
    expect(requests).toBe(1);
    expect(list.items).toHaveLength(5);
    list.reset();
    await list.ensure();
    expect(requests).toBe(2);
    expect(list.items).toHaveLength(5);
  });
});
