import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, GROUP, start, user } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'scim-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file database', () => {
  it('keeps users, groups, memberships and versions across a restart', async () => {
    const dbFile = join(dir, 'teams.db');
    const first = await start({
      dbFile,
      teams: [{ name: 'acme' }],
      seed: { users: 10, groups: 2 },
    });
    const call1 = api(first.teams.acme!);
    const u = (await call1('POST', '/Users', user('kept@example.com', { title: 'Keeper' }))).body;
    const g = (
      await call1('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Kept',
        members: [{ value: u.id }],
      })
    ).body;
    await call1('PUT', `/Users/${u.id}`, user('kept@example.com', { title: 'Keeper 2' }));
    const total = (await call1('GET', '/Users?count=0')).body.totalResults;
    await first.close();

    const second = await start({
      dbFile,
      teams: [{ name: 'acme' }],
      seed: { users: 10, groups: 2 },
    });
    try {
      expect(second.teams.acme!.apiKey).toBe(first.teams.acme!.apiKey);
      const call2 = api(second.teams.acme!);
      const again = await call2('GET', `/Users/${u.id}`);
      expect(again.body).toMatchObject({
        userName: 'kept@example.com',
        title: 'Keeper 2',
        meta: { version: 'W/"2"' },
      });
      expect(again.body.groups).toEqual([expect.objectContaining({ value: g.id })]);
      expect((await call2('GET', '/Users?count=0')).body.totalResults).toBe(total);
      expect((await call2('POST', '/Users', user('KEPT@example.com'))).status).toBe(409);
    } finally {
      await second.close();
    }
  });
});
