import { startSandbox } from '@celonis-scim/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimClient, FilterSyntaxError } from '../src/node.js';
import { countingTransport } from './helpers.js';
import {
  and,
  co,
  eq,
  ew,
  filterText,
  not,
  or,
  pr,
  sw,
  valuePath,
  type FilterNode,
} from '../src/filter/index.js';

// Raw HTTP on purpose: this checks the filter module against a real server, not through the client.
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sb: Sandbox;
let base: string;
let headers: Record<string, string>;

const run = `f${Date.now().toString(36)}`;
const tricky = [
  'quote"user',
  'back\\slash',
  'a or b',
  'x" or userName pr or userName eq "',
  'paren (x) and [y]',
  'tab\there',
  'unicode é中😀',
  'slash/and\\"both',
  "single'quote",
  'not (userName pr)',
].map((s) => `${run}-${s}`);
const decoys = [`${run}-quote`, `${run}-back`, `${run}-a`, `${run}-x`, `${run}-unicode`];
const ids = new Map<string, string>();

async function listUserNames(f: FilterNode | string): Promise<string[]> {
  const res = await fetch(`${base}/Users?count=200&filter=${encodeURIComponent(filterText(f))}`, {
    headers,
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const body = (await res.json()) as { Resources?: Array<{ userName: string }> };
  return (body.Resources ?? []).map((u) => u.userName).sort();
}

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'filters' }] });
  const team = sb.teams.filters;
  if (!team) throw new Error('sandbox team missing');
  base = team.scimBaseUrl;
  headers = { authorization: `Bearer ${team.apiKey}`, 'content-type': 'application/scim+json' };
  for (const [i, userName] of [...tricky, ...decoys].entries()) {
    const res = await fetch(`${base}/Users`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName,
        active: i % 2 === 0,
        emails: [
          {
            value: `u${i}@${i % 3 === 0 ? 'work' : 'home'}.example`,
            type: i % 3 === 0 ? 'work' : 'home',
          },
        ],
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    ids.set(userName, ((await res.json()) as { id: string }).id);
  }
});

afterAll(async () => {
  await sb?.close();
});

describe('builder output against the sandbox', () => {
  it.each(tricky)('eq finds exactly %j', async (userName) => {
    expect(await listUserNames(eq('userName', userName))).toEqual([userName]);
  });

  it('an injection attempt in a value matches nothing else', async () => {
    const evil = `${run}-nobody" or userName pr or userName eq "`;
    expect(await listUserNames(eq('userName', evil))).toEqual([]);
  });

  it('combines with and, or, not and value paths', async () => {
    const mine = sw('userName', `${run}-`);
    expect(
      await listUserNames(
        and(mine, or(eq('userName', tricky[0] as string), eq('userName', tricky[1] as string))),
      ),
    ).toEqual([tricky[0], tricky[1]].sort());
    const all = await listUserNames(mine);
    expect(all).toEqual([...tricky, ...decoys].sort());
    const notQuote = await listUserNames(and(mine, not(co('userName', '"'))));
    expect(notQuote).toEqual(all.filter((n) => !n.includes('"')));
    const work = await listUserNames(
      and(mine, valuePath('emails', and(eq('type', 'work'), ew('value', '@work.example')))),
    );
    expect(work).toEqual([...tricky, ...decoys].filter((_, i) => i % 3 === 0).sort());
    expect(await listUserNames(and(mine, eq('active', true), pr('emails')))).toEqual(
      [...tricky, ...decoys].filter((_, i) => i % 2 === 0).sort(),
    );
  });

  it('text that filterText() canonicalised is accepted as sent', async () => {
    expect(await listUserNames(`userName EQ ${JSON.stringify(tricky[2])}`)).toEqual([tricky[2]]);
  });
});

describe('the client and filters', () => {
  it('finds users by builder filters and by getByUserName with tricky names', async () => {
    const team = sb.teams.filters;
    if (!team) throw new Error('sandbox team missing');
    const client = createScimClient({
      baseUrl: team.scimBaseUrl,
      auth: { type: 'apiKey', apiKey: team.apiKey },
      transportOptions: { proxy: false },
    });
    for (const userName of tricky.slice(0, 4)) {
      expect((await client.users.findOne(eq('userName', userName)))?.id).toBe(ids.get(userName));
      expect((await client.users.getByUserName(userName))?.id).toBe(ids.get(userName));
    }
  });

  it('a bad filter fails before any request carries it', async () => {
    const team = sb.teams.filters;
    if (!team) throw new Error('sandbox team missing');
    const transport = countingTransport();
    const client = createScimClient({
      baseUrl: team.scimBaseUrl,
      auth: { type: 'apiKey', apiKey: team.apiKey },
      transport,
    });
    await expect(client.users.findOne('userName equals "x"')).rejects.toBeInstanceOf(
      FilterSyntaxError,
    );
    await expect(async () => {
      for await (const u of client.users.list({ filter: 'emails[type eq "work"' })) void u;
    }).rejects.toThrow(/position 21: expected "and", "or" or "\]"/);
    expect(
      transport.calls.filter((c) => c.path.endsWith('/Users') || c.query.includes('filter')),
    ).toEqual([]);
    await transport.close();
  });
});
