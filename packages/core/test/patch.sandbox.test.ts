import { startSandbox } from '@celonis-scim/sandbox';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffToPatch, patchRequest } from '../src/patch/index.js';
import { EMAILS, EXT, normalise, userEditWith } from './fixtures/patch-arbitraries.js';

// Raw HTTP on purpose: the proof that diffToPatch's operations do what they claim on a real server.
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Obj = Record<string, unknown>;
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

let sb: Sandbox;
let base: string;
let headers: Record<string, string>;
let n = 0;

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Obj }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Obj) : {} };
}

async function create(body: Obj): Promise<Obj> {
  const userName = `patch-${process.pid}-${++n}@example.com`;
  const schemas = body[EXT] ? [USER, EXT] : [USER];
  const res = await call('POST', '/Users', { schemas, userName, ...body });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json;
}

/** PATCHes `stored` towards `after` with diffToPatch and returns what the server then holds. */
async function patchTo(stored: Obj, after: Obj): Promise<{ ops: unknown[]; result: Obj }> {
  const edited = {
    schemas: stored.schemas,
    id: stored.id,
    meta: stored.meta,
    userName: stored.userName,
    ...after,
  };
  const ops = diffToPatch(stored, edited);
  if (ops.length > 0) {
    const res = await call('PATCH', `/Users/${String(stored.id)}`, patchRequest(ops));
    expect(res.status, `${JSON.stringify(ops)} -> ${JSON.stringify(res.json)}`).toBe(200);
  }
  const got = await call('GET', `/Users/${String(stored.id)}`);
  expect(got.status).toBe(200);
  return { ops, result: got.json };
}

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'patches' }] });
  const team = sb.teams.patches;
  if (!team) throw new Error('sandbox team missing');
  base = team.scimBaseUrl;
  headers = { authorization: `Bearer ${team.apiKey}`, 'content-type': 'application/scim+json' };
});

afterAll(async () => {
  await sb?.close();
});

describe('diffToPatch against the sandbox', () => {
  it('moves a primary email, removes one by a filter that needs escaping, adds one', async () => {
    const stored = await create({
      emails: [
        { value: 'a"q@x.com', type: 'work', primary: true },
        { value: 'b or s@x.com', type: 'home' },
      ],
      name: { givenName: 'Ann', familyName: 'Lee', middleName: 'M' },
    });
    const after = {
      emails: [
        { value: 'a"q@x.com', type: 'work' },
        { value: 'c@x.com', type: 'other', primary: true },
      ],
      name: { givenName: 'Anne', familyName: 'Lee' },
      [EXT]: { department: 'R&D', manager: { value: 'm-1' } },
    };
    const { ops, result } = await patchTo(stored, after);
    expect(ops).toEqual([
      { op: 'add', value: { schemas: [EXT] } },
      { op: 'remove', path: 'emails[value eq "b or s@x.com"]' },
      { op: 'remove', path: 'emails[value eq "a\\"q@x.com"].primary' },
      { op: 'add', path: 'emails', value: [{ value: 'c@x.com', type: 'other', primary: true }] },
      { op: 'replace', path: 'name.givenName', value: 'Anne' },
      { op: 'remove', path: 'name.middleName' },
      { op: 'replace', path: `${EXT}:department`, value: 'R&D' },
      { op: 'replace', path: `${EXT}:manager`, value: { value: 'm-1' } },
    ]);
    expect(normalise(result)).toEqual(normalise(after));
    expect(result.schemas).toContain(EXT);
  });

  it('applying the patch to before on the server yields after (property, 40 runs)', async () => {
    const edits = userEditWith(EMAILS);
    await fc.assert(
      fc.asyncProperty(edits, async ({ before, after }) => {
        const stored = await create(before);
        expect(normalise(stored)).toEqual(normalise(before));
        const { result } = await patchTo(stored, after);
        expect(normalise(result)).toEqual(normalise(after));
      }),
      { numRuns: 40 },
    );
  });

  it('group members: adds and removes by value filter, display name by replace', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(String((await create({ displayName: `member ${i}` })).id));
    const made = await call('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: `patch-group-${process.pid}`,
      members: ids.slice(0, 3).map((value) => ({ value })),
    });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    const group = made.json;
    const after = {
      ...group,
      displayName: `patch-group-${process.pid}-renamed`,
      members: [ids[0], ids[2], ids[3]].map((value) => ({ value })),
    };
    const ops = diffToPatch(group, after);
    expect(ops).toEqual([
      { op: 'replace', path: 'displayName', value: after.displayName },
      { op: 'remove', path: `members[value eq "${ids[1]}"]` },
      { op: 'add', path: 'members', value: [{ value: ids[3] }] },
    ]);
    const res = await call('PATCH', `/Groups/${String(group.id)}`, patchRequest(ops));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const got = await call('GET', `/Groups/${String(group.id)}`);
    expect(got.json.displayName).toBe(after.displayName);
    const members = (got.json.members as Array<{ value: string }>).map((m) => m.value).sort();
    expect(members).toEqual([ids[0], ids[2], ids[3]].sort());
  });

  it('value filters with \\ and \\t escapes in PATCH paths', async () => {
    const before = {
      emails: [
        { value: 'd\\e@x.com', type: 'work' },
        { value: 'tab\tx@x.com', type: 'home' },
      ],
    };
    const after = { emails: [{ value: 'tab\tx@x.com', type: 'other' }] };
    const stored = await create(before);
    const { ops, result } = await patchTo(stored, after);
    expect(ops).toEqual([
      { op: 'remove', path: 'emails[value eq "d\\\\e@x.com"]' },
      { op: 'replace', path: 'emails[value eq "tab\\tx@x.com"].type', value: 'other' },
    ]);
    expect(normalise(result)).toEqual(normalise(after));
  });
});
