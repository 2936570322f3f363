import { startSandbox } from '@celonis-scim/sandbox';
import type { IHttpRequestOptions } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CelonisScim } from '../nodes/CelonisScim/CelonisScim.node';
import { clientConfig } from '../shared/config';
import { CelonisScimApi } from '../credentials/CelonisScimApi.credentials';
import { httpRequest, loadOptionsContext } from './context';
import { json, oauthCredentials, run, type Sandbox } from './helpers';

let sb: Sandbox;
const node = new CelonisScim();
const credential = new CelonisScimApi();
const preAuth = (data: Record<string, unknown>, sent: IHttpRequestOptions[] = []) =>
  credential.preAuthentication.call(
    {
      helpers: {
        httpRequest: (o: IHttpRequestOptions) => {
          sent.push(o);
          return httpRequest(o);
        },
      },
    },
    data as never,
  );

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 120, groups: 3, seed: 1 } });
});
afterAll(async () => {
  await sb?.close();
});

describe('credential', () => {
  it('fetches a token before n8n tests an OAuth credential (basic and post client auth)', async () => {
    const team = sb.teams.acme!;
    for (const clientAuth of ['basic', 'post']) {
      const sent: IHttpRequestOptions[] = [];
      const { accessToken } = (await preAuth({ ...oauthCredentials(team), clientAuth }, sent)) as {
        accessToken: string;
      };
      // The sandbox takes either form: only the token request shows which one was sent.
      expect(sent).toHaveLength(1);
      const headers = (sent[0]!.headers ?? {}) as Record<string, string>;
      const form = new URLSearchParams(String(sent[0]!.body ?? ''));
      expect(
        { basic: /^Basic /.test(headers.authorization ?? ''), post: form.has('client_secret') },
        clientAuth,
      ).toEqual({ basic: clientAuth === 'basic', post: clientAuth === 'post' });
      const res = await fetch(`${team.scimBaseUrl}/Users?count=1`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(res.status).toBe(200);
    }
    expect(
      await preAuth({ teamUrl: team.teamUrl, authType: 'apiKey', apiKey: team.apiKey }),
    ).toEqual({});
  });

  it('explains a wrong secret, a missing scope, a wrong URL and an empty field in plain words', async () => {
    const team = sb.teams.acme!;
    const reason = (data: Record<string, unknown>) =>
      preAuth(data).then(
        () => 'no error',
        (e: Error) => e.message,
      );
    const wrongSecret = await reason({ ...oauthCredentials(team), clientSecret: 'nope-nope' });
    expect(wrongSecret).toMatch(/refused the client ID or secret/);
    expect(wrongSecret).not.toContain('nope-nope');
    expect(await reason({ ...oauthCredentials(team), scope: 'openid' })).toMatch(/scope/i);
    expect(await reason({ ...oauthCredentials(team), teamUrl: `${sb.url}/nosuchteam` })).toMatch(
      /Nothing answers|Team URL/,
    );
    expect(await reason({ ...oauthCredentials(team), clientId: '' })).toBe(
      "The credential's Client ID is empty: open the Celonis SCIM API credential and fill it in.",
    );
  });

  it('maps the team URL to the SCIM and token URLs, and honours the override', () => {
    const c = clientConfig({
      teamUrl: 'https://acme.eu-1.celonis.cloud/',
      authType: 'oauth2',
      clientId: 'i',
      clientSecret: 's',
    });
    expect(c.baseUrl).toBe('https://acme.eu-1.celonis.cloud/scim/v2');
    expect(c.auth).toMatchObject({
      tokenUrl: 'https://acme.eu-1.celonis.cloud/oauth2/token',
      scope: 'user-provisioning.scim',
    });
    const o = clientConfig({
      teamUrl: 'https://acme.eu-1.celonis.cloud',
      scimBaseUrl: 'https://idp.example.com/scim',
      authType: 'apiKey',
      apiKey: 'k',
    });
    expect(o.baseUrl).toBe('https://idp.example.com/scim');
    expect(() => clientConfig({ teamUrl: 'not a url', authType: 'apiKey', apiKey: 'k' })).toThrow(
      /not a URL/,
    );
  });

  it('works with every auth kind in execute', async () => {
    const team = sb.teams.acme!;
    for (const credentials of [
      oauthCredentials(team),
      { ...oauthCredentials(team), clientAuth: 'post' },
      { teamUrl: team.teamUrl, authType: 'apiKey', apiKey: team.apiKey },
      { teamUrl: team.teamUrl, authType: 'appKey', appSecretKey: team.appKey },
    ]) {
      const out = json(
        await run({
          credentials,
          params: {
            resource: 'user',
            operation: 'getAll',
            returnAll: false,
            limit: 3,
            filterType: 'fields',
            filters: {},
          },
        }),
      );
      expect(out).toHaveLength(3);
    }
  });

  it('says plainly when the key is wrong, without showing it', async () => {
    const team = sb.teams.acme!;
    const err = (await run({
      credentials: { teamUrl: team.teamUrl, authType: 'apiKey', apiKey: 'bad-key-123456' },
      params: {
        resource: 'user',
        operation: 'getAll',
        returnAll: true,
        filterType: 'fields',
        filters: {},
      },
    }).catch((e: unknown) => e)) as Error & { description?: string };
    expect(err.message).toBe('The Celonis team refused the credential');
    expect(err.description).toMatch(/check the client ID and secret/);
    expect(`${err.message} ${err.description}`).not.toContain('bad-key-123456');
  });
});

describe('list search', () => {
  it('pages through users and filters by what the builder types', async () => {
    const ctx = loadOptionsContext(oauthCredentials(sb.teams.acme!));
    const first = await node.methods.listSearch.searchUsers.call(ctx);
    expect(first.results).toHaveLength(50);
    expect(JSON.parse(first.paginationToken as string)).toMatchObject({ startIndex: 51 });
    const second = await node.methods.listSearch.searchUsers.call(
      ctx,
      undefined,
      first.paginationToken,
    );
    expect(second.results).toHaveLength(50);
    const third = await node.methods.listSearch.searchUsers.call(
      ctx,
      undefined,
      second.paginationToken,
    );
    expect(third.results).toHaveLength(20);
    expect(third.paginationToken).toBeUndefined();
    const someone = first.results[0]!.name.replace(/^.*\(|\).*$/g, '');
    const typed = someone.slice(0, 6);
    const filtered = await node.methods.listSearch.searchUsers.call(ctx, typed);
    expect(filtered.results.length).toBeGreaterThan(0);
    // Only users whose userName or display name starts with what was typed, not a page of all.
    expect(filtered.results.length).toBeLessThan(50);
    const starts = (text: string) => text.toLowerCase().startsWith(typed.toLowerCase());
    for (const r of filtered.results) {
      const [, display, userName] = /^(?:(.*) \()?([^()]*)\)?(?: - inactive)?$/.exec(r.name) ?? [];
      expect(starts(userName ?? '') || starts(display ?? ''), r.name).toBe(true);
    }
    const groups = await node.methods.listSearch.searchGroups.call(ctx);
    expect(groups.results).toHaveLength(3);
  });
});
