import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, PATCH_OP, start, type Sandbox } from './helpers.js';

// Bad input must always be a SCIM 4xx error, never a 500 or a dropped connection.
let sb: Sandbox;
let call: ReturnType<typeof api>;
let userId: string;
let groupId: string;

beforeAll(async () => {
  sb = await start({ teams: [{ name: 'acme' }], seed: { users: 10, groups: 2, seed: 4 } });
  call = api(sb.teams.acme!);
  userId = (await call('GET', '/Users?count=1')).body.Resources[0].id;
  groupId = (await call('GET', '/Groups?count=1')).body.Resources[0].id;
});
afterAll(async () => sb?.close());

const attrName = fc.constantFrom(
  'userName',
  'active',
  'emails',
  'name',
  'name.givenName',
  'emails[type eq "work"].value',
  'members',
  'members[value eq "x"]',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
  'title',
  'groups',
  'meta.version',
  'x..y',
  '[',
  'emails[',
  '',
  'schemas',
);
const anyJson = fc.jsonValue({ maxDepth: 3 });
const op = fc.record(
  {
    op: fc.constantFrom('add', 'remove', 'replace', 'Replace', 'move', 3),
    path: attrName,
    value: anyJson,
  },
  { requiredKeys: ['op'] },
);
const filterText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc
    .tuple(
      attrName,
      fc.constantFrom('eq', 'ne', 'co', 'sw', 'gt', 'pr', 'xx', 'and', ''),
      fc.oneof(
        fc.constant('"a"'),
        fc.constant('true'),
        fc.constant('null'),
        fc.constant('1'),
        fc.string({ maxLength: 5 }),
      ),
    )
    .map(([a, o, v]) => `${a} ${o} ${v}`),
);

const ok = (status: number) => status < 500;

describe('robustness', () => {
  it('never answers 500 to random user bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyJson, fc.dictionary(attrName, anyJson)), async (body) => {
        const res = await call('POST', '/Users', body);
        expect(ok(res.status), res.text).toBe(true);
        if (res.status >= 400)
          expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
        if (res.status === 201) await call('DELETE', `/Users/${res.body.id}`);
      }),
      { numRuns: 150, seed: 1 },
    );
  });

  it('never answers 500 to random PATCH operations on users and groups', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 3 }), fc.boolean(), async (ops, onGroup) => {
        const path = onGroup ? `/Groups/${groupId}` : `/Users/${userId}`;
        const res = await call('PATCH', path, { schemas: [PATCH_OP], Operations: ops });
        expect(ok(res.status), res.text).toBe(true);
      }),
      { numRuns: 200, seed: 2 },
    );
  });

  it('never answers 500 to random filters, sort keys and attribute lists', async () => {
    await fc.assert(
      fc.asyncProperty(filterText, attrName, attrName, async (filter, sortBy, attrs) => {
        const qs = new URLSearchParams({ filter, sortBy, attributes: attrs });
        const res = await call('GET', `/Users?${qs.toString()}`);
        expect(ok(res.status), res.text).toBe(true);
        const g = await call('GET', `/Groups?${qs.toString()}`);
        expect(ok(g.status), g.text).toBe(true);
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});
