import { startSandbox } from '@celonis-scim/sandbox';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CelonisScim } from '../nodes/CelonisScim/CelonisScim.node';
import { loadOptionsContext } from './context';
import { json, oauthCredentials, run, type Sandbox } from './helpers';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CUSTOM = 'urn:celonis:scim:schemas:extension:sandbox:2.0:User';

let sb: Sandbox;
const creds: Record<string, ICredentialDataDecryptedObject> = {};

beforeAll(async () => {
  sb = await startSandbox({
    teams: [
      { name: 'hr' },
      { name: 'apply' },
      { name: 'other' },
      { name: 'bad' },
      { name: 'custom', customSchema: true },
    ],
  });
  for (const t of Object.keys(sb.teams)) creds[t] = oauthCredentials(sb.teams[t]!);
});
afterAll(async () => sb?.close());

interface Person {
  emp: string;
  mail: string;
  given?: string | undefined;
  dept?: string;
  active?: unknown;
  extra?: IDataObject;
}
/** One input item's parameters of the Sync Users operation. */
const syncParams = (p: Person, extra: IDataObject = {}): IDataObject => ({
  resource: 'team',
  operation: 'syncUsers',
  mode: 'preview',
  matchOn: ['employeeNumber', 'userName'],
  groups: '',
  groupRules: {},
  syncOptions: {},
  fields: {
    mappingMode: 'defineBelow',
    value: {
      userName: p.mail,
      'name.givenName': p.given ?? p.mail.split('@')[0],
      'name.familyName': 'Doe',
      [`${ENT}:employeeNumber`]: p.emp,
      ...(p.dept ? { [`${ENT}:department`]: p.dept } : {}),
      ...(p.active !== undefined ? { active: p.active } : {}),
      ...p.extra,
    },
  },
  ...extra,
});

async function scim(team: string, method: string, path: string, body?: unknown) {
  const t = sb.teams[team]!;
  const res = await fetch(`${t.scimBaseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/scim+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as IDataObject };
}
async function users(team: string): Promise<IDataObject[]> {
  return ((await scim(team, 'GET', '/Users?count=500')).body.Resources as IDataObject[]) ?? [];
}
const summary = (out: INodeExecutionData[]) => out.find((i) => i.json.summary)!.json;
const people = (n: number, dept = 'Finance'): Person[] =>
  Array.from({ length: n }, (_, i) => ({ emp: `E${100 + i}`, mail: `p${i}@acme.com`, dept }));

describe('Team > Sync Users', () => {
  it('previews without writing, applies, then previews an empty plan', async () => {
    const staff = people(6);
    const before = sb.stats();
    const preview = await run({ credentials: creds.hr!, params: staff.map((p) => syncParams(p)) });
    const s = summary(preview);
    expect(s).toMatchObject({ changes: 6, safe: true });
    expect((s.counts as IDataObject).create).toBe(6);
    expect(preview.filter((i) => i.json.kind === 'create').map((i) => i.pairedItem)).toEqual(
      staff.map((_, item) => ({ item })),
    );
    expect(await users('hr')).toEqual([]);
    // Counted by the server: a preview sends reads only, and few of them.
    expect(sb.stats().writes).toEqual(before.writes);
    expect(sb.stats().requests - before.requests).toBeLessThan(12);

    const applied = await run({
      credentials: creds.hr!,
      params: staff.map((p) => syncParams(p, { mode: 'apply' })),
    });
    expect(summary(applied).counts).toMatchObject({ done: 6, failed: 0, conflict: 0 });
    const stored = await users('hr');
    expect(stored.map((u) => u.userName).sort()).toEqual(staff.map((p) => p.mail).sort());
    const again = await run({ credentials: creds.hr!, params: staff.map((p) => syncParams(p)) });
    if (summary(again).changes !== 0)
      console.log(JSON.stringify(json(again), null, 1).slice(0, 3000));
    expect(summary(again).changes).toBe(0);
  });

  it('matches by employee number: a changed e-mail renames the person, a leaver is deactivated', async () => {
    const staff = people(6);
    staff[0] = { ...staff[0]!, mail: 'renamed@acme.com' };
    const leaver = staff.pop()!;
    const out = await run({
      credentials: creds.hr!,
      params: staff.map((p) =>
        syncParams(p, { mode: 'apply', syncOptions: { maxRemovalPercent: 50 } }),
      ),
    });
    const kinds = json(out)
      .filter((j) => !j.summary)
      .map((j) => `${j.kind}:${j.status}`);
    expect(kinds.sort()).toEqual(['deactivate:done', 'rename:done']);
    const stored = await users('hr');
    expect(stored).toHaveLength(6);
    expect(stored.find((u) => u.userName === 'renamed@acme.com')).toBeTruthy();
    expect(stored.find((u) => u.userName === leaver.mail)?.active).toBe(false);
  });

  it('refuses an unsafe plan in Apply mode unless allowed, and derives groups from rules', async () => {
    const staff = people(10);
    await run({
      credentials: creds.apply!,
      params: staff.map((p) => syncParams(p, { mode: 'apply' })),
    });
    const rules = { rule: [{ group: 'Finance Analysts', filter: 'department eq "Finance"' }] };
    const fewer = staff.slice(0, 3).map((p) =>
      syncParams(p, {
        mode: 'apply',
        groupRules: rules,
        syncOptions: { maxRemovals: 2, force: true },
      }),
    );
    const before = sb.stats().writes;
    await expect(run({ credentials: creds.apply!, params: fewer })).rejects.toThrow(/unsafe/);
    expect((await users('apply')).filter((u) => u.active === false)).toEqual([]);
    expect(sb.stats().writes).toEqual(before);
    const allowed = fewer.map((p) => ({
      ...p,
      syncOptions: { maxRemovals: 2, allowUnsafe: true, force: true },
    }));
    const out = await run({ credentials: creds.apply!, params: allowed });
    expect(summary(out).counts).toMatchObject({ failed: 0, conflict: 0 });
    expect((await users('apply')).filter((u) => u.active === false)).toHaveLength(7);
    const groups = (await scim('apply', 'GET', '/Groups')).body.Resources as IDataObject[];
    const finance = groups.find((g) => g.displayName === 'Finance Analysts')!;
    expect((finance.members as unknown[]).length).toBe(3);
  });

  it('Apply Plan applies a reviewed plan, reports a user changed since as a conflict and keeps the change', async () => {
    const staff = people(4, 'Sales');
    await run({
      credentials: creds.other!,
      params: staff.map((p) => syncParams(p, { mode: 'apply' })),
    });
    const changed = staff.map((p, i) => ({ ...p, given: i < 2 ? `New${i}` : undefined }));
    const preview = await run({
      credentials: creds.other!,
      params: changed.map((p) => syncParams(p)),
    });
    const plan = summary(preview).plan as string;
    expect(summary(preview).changes).toBe(2);
    // Someone else edits the first planned user between the preview and the approval.
    const target = (await users('other')).find((u) => u.userName === staff[0]!.mail)!;
    await scim('other', 'PATCH', `/Users/${target.id as string}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'name.givenName', value: 'ByHand' }],
    });
    const out = await run({
      credentials: creds.other!,
      params: { resource: 'team', operation: 'applyPlan', plan, applyOptions: {} },
    });
    const statuses = json(out)
      .filter((j) => !j.summary)
      .map((j) => j.status)
      .sort();
    expect(statuses).toEqual(['conflict', 'done']);
    const after = await users('other');
    expect((after.find((u) => u.userName === staff[0]!.mail)!.name as IDataObject).givenName).toBe(
      'ByHand',
    );
    expect((after.find((u) => u.userName === staff[1]!.mail)!.name as IDataObject).givenName).toBe(
      'New1',
    );
  });

  it('Apply Plan refuses a plan for another team and a plan edited by hand, sending nothing', async () => {
    const preview = await run({
      credentials: creds.other!,
      params: people(4, 'Ops').map((p) => syncParams(p)),
    });
    const plan = summary(preview).plan as string;
    const before = sb.stats().writes;
    await expect(
      run({
        credentials: creds.hr!,
        params: { resource: 'team', operation: 'applyPlan', plan, applyOptions: {} },
      }),
    ).rejects.toThrow(/another team|team/i);
    const edited = plan.replace('"Ops"', '"Hacked"');
    await expect(
      run({
        credentials: creds.other!,
        params: { resource: 'team', operation: 'applyPlan', plan: edited, applyOptions: {} },
      }),
    ).rejects.toThrow(/checksum|changed/i);
    expect(sb.stats().writes).toEqual(before);
  });

  it('bad input: every bad item is an error naming the item and field, paired, and nothing is sent', async () => {
    const staff = people(5);
    staff[1] = { ...staff[1]!, active: 'maybe' };
    staff[3] = { ...staff[3]!, emp: staff[2]!.emp };
    const items = staff.map((p) => syncParams(p, { mode: 'apply' }));
    const before = sb.stats().writes;
    const out = await run({ credentials: creds.bad!, params: items, continueOnFail: true });
    const errors = out.map((i) => ({ item: i.pairedItem, error: i.json.error as string }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ item: { item: 1 } });
    expect(errors[0]!.error).toMatch(/Item 2, field "active": .*maybe/);
    await expect(run({ credentials: creds.bad!, params: items })).rejects.toThrow(/Item 2/);
    staff[1] = { ...staff[1]!, active: true };
    const dup = await run({
      credentials: creds.bad!,
      params: staff.map((p) => syncParams(p, { mode: 'apply' })),
      continueOnFail: true,
    });
    expect(dup.map((i) => i.pairedItem)).toEqual([{ item: 2 }, { item: 3 }]);
    expect(String(dup[0]!.json.error)).toMatch(/Item 3: .*E102/);
    // An item without the key it is matched on (Match On: Employee Number only).
    const keyless = staff.map((p, n) =>
      syncParams(n === 4 ? { ...p, emp: '' } : p, { mode: 'apply', matchOn: ['employeeNumber'] }),
    );
    keyless[2] = syncParams(
      { ...staff[2]!, emp: 'E900' },
      { mode: 'apply', matchOn: ['employeeNumber'] },
    );
    const missing = await run({ credentials: creds.bad!, params: keyless, continueOnFail: true });
    expect(missing.map((i) => i.pairedItem)).toEqual([{ item: 4 }]);
    expect(String(missing[0]!.json.error)).toMatch(/Item 5: /);
    expect(await users('bad')).toEqual([]);
    expect(sb.stats().writes).toEqual(before);
  });

  it('offers the team attributes, custom extensions included, and syncs a custom attribute', async () => {
    const node = new CelonisScim();
    const fields = await node.methods.resourceMapping.getUserFields.call(
      loadOptionsContext(creds.custom!),
    );
    const ids = fields.fields.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'userName',
        'name.givenName',
        `${ENT}:employeeNumber`,
        `${CUSTOM}:region`,
        `${CUSTOM}:grade`,
      ]),
    );
    expect(ids).not.toContain('groups');
    expect(fields.fields.find((f) => f.id === `${CUSTOM}:contractor`)?.type).toBe('boolean');
    const p: Person = {
      emp: 'C1',
      mail: 'c1@acme.com',
      extra: { [`${CUSTOM}:region`]: 'EMEA', [`${CUSTOM}:grade`]: 7 },
    };
    await run({ credentials: creds.custom!, params: [syncParams(p, { mode: 'apply' })] });
    const [stored] = await users('custom');
    expect(stored![CUSTOM]).toEqual({ region: 'EMEA', grade: 7 });
  });
});
