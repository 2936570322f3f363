import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, PATCH_OP, start, user, type Sandbox } from './helpers.js';

// PATCH value filters decode JSON escapes and honour caseExact like GET filters do.
let sb: Sandbox;
let call: ReturnType<typeof api>;

beforeAll(async () => {
  sb = await start({ teams: [{ name: 'acme' }] });
  call = api(sb.teams.acme!);
});
afterAll(async () => sb?.close());

let n = 0;
async function withEmails(emails: Array<{ value: string; type: string }>) {
  const res = await call('POST', '/Users', user(`pf${++n}@example.com`, { emails }));
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}
const patch = (id: string, ops: unknown[]) =>
  call('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: ops });
const emailsOf = (body: { emails?: Array<{ value: string; type: string }> }) =>
  (body.emails ?? []).map((e) => `${e.type}:${e.value}`).sort();

describe('PATCH value filters', () => {
  it('decode \\\\ and \\t in string literals for remove and sub-attribute replace', async () => {
    const id = await withEmails([
      { value: 'd\\e@x.com', type: 'work' },
      { value: 'tab\tx@x.com', type: 'home' },
    ]);
    const res = await patch(id, [
      { op: 'remove', path: 'emails[value eq "d\\\\e@x.com"]' },
      { op: 'replace', path: 'emails[value eq "tab\\tx@x.com"].type', value: 'other' },
    ]);
    expect(res.status, res.text).toBe(200);
    expect(emailsOf(res.body)).toEqual(['other:tab\tx@x.com']);
    expect(JSON.stringify(res.body)).not.toContain('sandboxPatchTarget');
  });

  it('decode \\u escapes and \\" as well', async () => {
    const id = await withEmails([{ value: 'a"é@x.com', type: 'work' }]);
    const res = await patch(id, [{ op: 'remove', path: 'emails[value eq "a\\"\\u00e9@x.com"]' }]);
    expect(res.status, res.text).toBe(200);
    expect(res.body.emails ?? []).toEqual([]);
  });

  it('compare caseExact=false attributes case-insensitively', async () => {
    const id = await withEmails([
      { value: 'a@x.com', type: 'work' },
      { value: 'b@x.com', type: 'home' },
    ]);
    const r1 = await patch(id, [
      { op: 'replace', path: 'emails[value eq "A@X.COM"].type', value: 'other' },
    ]);
    expect(r1.status, r1.text).toBe(200);
    expect(emailsOf(r1.body)).toEqual(['home:b@x.com', 'other:a@x.com']);
    const r2 = await patch(id, [{ op: 'remove', path: 'emails[TYPE eq "HOME"]' }]);
    expect(emailsOf(r2.body)).toEqual(['other:a@x.com']);
  });

  it('replace a whole matching element and leave others alone', async () => {
    const id = await withEmails([
      { value: 'a@x.com', type: 'work' },
      { value: 'b@x.com', type: 'home' },
    ]);
    const res = await patch(id, [
      {
        op: 'replace',
        path: 'emails[value eq "B@x.com"]',
        value: { value: 'c@x.com', type: 'home' },
      },
    ]);
    expect(res.status, res.text).toBe(200);
    expect(emailsOf(res.body)).toEqual(['home:c@x.com', 'work:a@x.com']);
  });

  it('reject a malformed value filter with 400 invalidPath naming the position', async () => {
    const id = await withEmails([{ value: 'a@x.com', type: 'work' }]);
    const res = await patch(id, [{ op: 'remove', path: 'emails[value eq "a@x.com" junk]' }]);
    expect(res.status, res.text).toBe(400);
    expect(res.body).toMatchObject({ scimType: 'invalidPath' });
    expect(res.body.detail).toContain('at position 27');
  });
});
