/**
 * What n8n's queue mode does to the nodes: many executions at once on one team, the same hire
 * twice, connections dropped after a write, and one process serving them all.
 */
import { startSandbox } from '@celonis-scim/sandbox';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, oauthCredentials, run, user, type Sandbox } from './helpers';

let sb: Sandbox;
let credentials: ICredentialDataDecryptedObject;
const requests: string[] = [];

async function scim(path: string, init: RequestInit = {}): Promise<IDataObject> {
  const t = sb.teams.acme!;
  const res = await fetch(`${t.scimBaseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/scim+json' },
  });
  return (await res.json()) as IDataObject;
}

async function membersOf(displayName: string): Promise<string[]> {
  const found = await scim(
    `/Groups?filter=${encodeURIComponent(`displayName eq "${displayName}"`)}`,
  );
  const g = (found.Resources as IDataObject[])[0]!;
  return ((g.members as Array<{ value: string }> | undefined) ?? []).map((m) => m.value).sort();
}

async function usersWithNumber(prefix: string): Promise<IDataObject[]> {
  const page = await scim('/Users?count=1000');
  const ent = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
  return ((page.Resources as IDataObject[]) ?? []).filter((u) =>
    String((u[ent] as IDataObject | undefined)?.employeeNumber ?? '').startsWith(prefix),
  );
}

const hire = (n: number, prefix: string) =>
  user('upsert', {
    userName: `${prefix.toLowerCase()}${n}@acme.com`,
    matchOn: 'employeeNumber',
    additionalFields: { employeeNumber: `${prefix}${n}`, title: 'Analyst' },
    addToGroups: 'All Staff',
  });

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], log: (line) => requests.push(line) });
  credentials = oauthCredentials(sb.teams.acme!);
  await scim('/Groups', { method: 'POST', body: JSON.stringify({ displayName: 'All Staff' }) });
});
afterAll(async () => {
  await sb?.close();
});

describe('concurrent executions on one team', () => {
  it('40 executions onboarding 40 hires into one group at once: every member kept, one token', async () => {
    const tokensBefore = requests.filter((l) => l.startsWith('POST /acme/oauth2/token')).length;
    const outs = await Promise.all(
      Array.from({ length: 40 }, (_, n) => run({ credentials, params: hire(n, 'C') })),
    );
    const ids = outs.map((o) => json(o)[0]!.id as string);
    expect(new Set(ids).size).toBe(40);
    expect(await membersOf('All Staff')).toEqual([...ids].sort());
    // The executions of one process share its OAuth token.
    const tokens = requests.filter((l) => l.startsWith('POST /acme/oauth2/token')).length;
    expect(tokens - tokensBefore).toBeLessThanOrEqual(1);
  });

  it('a create whose connection drops after the write is found and finished, not failed or made twice', async () => {
    sb.setFaults({ dropAfterWrite: 0.35, seed: 3 });
    const outcomes: string[] = [];
    try {
      for (let n = 0; n < 16; n++) {
        const [out] = json(await run({ credentials, params: hire(n, 'D') }));
        outcomes.push(String(out!.upsertResult));
      }
    } finally {
      sb.clearFaults();
    }
    expect(sb.stats().faultsInjected.dropAfterWrite).toBeGreaterThan(3);
    const made = await usersWithNumber('D');
    expect(made).toHaveLength(16);
    const members = await membersOf('All Staff');
    for (const u of made) expect(members).toContain(u.id);
    expect(outcomes.every((o) => ['created', 'updated', 'unchanged'].includes(o))).toBe(true);
  });
});
