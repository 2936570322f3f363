import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '@celonis-scim/sandbox';
import { BACK_ANSWER, commands, ui } from './vscode-stub.js';
import { registerCommands } from '../src/commands/index.js';
import { connectSteps } from '../src/commands/connect.js';
import { TeamStore } from '../src/teams.js';
import { folder, harness, type Harness, type Sandbox } from './helpers.js';

let sb: Sandbox;
let h: Harness;

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 4, groups: 1, seed: 3 } });
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(() => {
  h = harness(100);
  registerCommands({ store: h.store, tree: h.tree, log: h.log });
});

const run = (id: string, ...args: unknown[]): Promise<unknown> =>
  commands.executeCommand(`celonisScim.${id}`, ...args);

const team = () => {
  const t = sb.teams.acme;
  if (!t) throw new Error('no team');
  return t;
};

/** Step counters as shown, e.g. "2/6". */
const counters = (): string[] => ui.steps.map((s) => `${s.step}/${s.totalSteps}`);

async function userRows(name: string): Promise<number> {
  const rows = await h.tree.getChildren(await folder(h, name, 'Users'));
  return rows.filter((n) => n.kind === 'user').length;
}

/** An access token the sandbox issued, used as a static bearer token. */
async function issuedToken(): Promise<string> {
  const t = team();
  const res = await fetch(t.tokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${t.clientId}:${t.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: `grant_type=client_credentials&scope=${encodeURIComponent(t.scope)}`,
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('Connect as a multi-step input', () => {
  it('Celonis with an OAuth client: six steps, Back from the second, secret masked and kept only in SecretStorage', async () => {
    const t = team();
    ui.answers = [
      'Celonis team',
      t.teamUrl,
      'OAuth client credentials',
      t.clientId,
      t.clientSecret,
      'acme',
    ];
    expect(await run('connect')).toBe('acme');
    expect(counters()).toEqual(['1/6', '2/6', '3/6', '4/6', '5/6', '6/6']);
    expect(ui.steps.map((s) => s.hasBack)).toEqual([false, true, true, true, true, true]);
    expect(ui.steps[0]?.items).toEqual(['Celonis team', 'Other SCIM 2.0 server']);
    expect(ui.steps[4]).toMatchObject({ prompt: 'OAuth client secret', password: true });
    expect(ui.steps[5]?.value).toBe('acme');
    // The record has the shape Celonis records always had.
    expect(h.store.get('acme')).toEqual({
      name: 'acme',
      scimBaseUrl: t.scimBaseUrl,
      tokenUrl: t.tokenUrl,
      authType: 'oauth2',
      clientId: t.clientId,
    });
    expect(h.memento.dump()).not.toContain(t.clientSecret);
    expect([...h.secrets.data.values()]).toEqual([t.clientSecret]);
    expect(await userRows('acme')).toBe(4);
    const logged = (h.log as unknown as { channel: { lines: string[] } }).channel.lines.join('\n');
    expect(logged).toContain('Connected team acme');
    expect(logged).not.toContain(t.clientSecret);
  });

  it('Celonis with an application key and a pasted SCIM URL: the count drops to five once the key is chosen', async () => {
    const t = team();
    ui.answers = [
      'Celonis team',
      `${t.scimBaseUrl}/Users`,
      'Application key',
      t.appKey,
      'acme-app',
    ];
    expect(await run('connect')).toBe('acme-app');
    expect(counters()).toEqual(['1/6', '2/6', '3/6', '4/5', '5/5']);
    expect(ui.steps[3]?.prompt).toBe('Application key');
    expect(h.store.get('acme-app')?.scimBaseUrl).toBe(t.scimBaseUrl);
    expect(await userRows('acme-app')).toBe(4);
  });

  it('goes Back to the first step, switches to another server and connects with a static bearer token', async () => {
    const t = team();
    const token = await issuedToken();
    ui.answers = [
      'Celonis team',
      BACK_ANSWER,
      'Other SCIM 2.0 server',
      t.scimBaseUrl,
      'Bearer token',
      token,
      'sandbox-bearer',
    ];
    expect(await run('connect')).toBe('sandbox-bearer');
    expect(counters()).toEqual(['1/6', '2/6', '1/6', '2/8', '3/8', '4/5', '5/5']);
    expect(ui.steps[3]?.prompt).toMatch(/SCIM base URL/);
    expect(ui.steps[4]?.items).toEqual(['OAuth 2.0 client credentials', 'Bearer token']);
    expect(ui.steps[5]).toMatchObject({ prompt: 'Bearer token', password: true });
    expect(h.store.get('sandbox-bearer')).toEqual({
      name: 'sandbox-bearer',
      provider: 'other',
      scimBaseUrl: t.scimBaseUrl,
      tokenUrl: '',
      authType: 'bearer',
    });
    expect(h.memento.dump()).not.toContain(token);
    expect(await userRows('sandbox-bearer')).toBe(4);
  });

  it('another server with OAuth client credentials: token URL and scope of the user, eight steps; Back keeps answers', async () => {
    const t = team();
    ui.answers = [
      'Other SCIM 2.0 server',
      t.scimBaseUrl,
      'OAuth 2.0 client credentials',
      BACK_ANSWER,
      BACK_ANSWER,
      t.scimBaseUrl,
      'OAuth 2.0 client credentials',
      t.tokenUrl,
      t.scope,
      t.clientId,
      t.clientSecret,
      'sandbox-oauth',
    ];
    expect(await run('connect')).toBe('sandbox-oauth');
    expect(counters()).toEqual([
      '1/6',
      '2/8',
      '3/8',
      '4/8',
      '3/8',
      '2/8',
      '3/8',
      '4/8',
      '5/8',
      '6/8',
      '7/8',
      '8/8',
    ]);
    // Going back shows what was typed before.
    expect(ui.steps[5]?.value).toBe(t.scimBaseUrl);
    expect(ui.steps[4]?.items).toEqual(['OAuth 2.0 client credentials', 'Bearer token']);
    expect(ui.steps[11]?.value).toBe('127.0.0.1');
    expect(h.store.get('sandbox-oauth')).toMatchObject({
      provider: 'other',
      authType: 'oauth2',
      tokenUrl: t.tokenUrl,
      scope: t.scope,
      clientId: t.clientId,
    });
    expect(await userRows('sandbox-oauth')).toBe(4);
  });

  it('the scope is the one the user gave: a wrong one is refused by the token endpoint, and nothing is stored', async () => {
    const t = team();
    ui.answers = [
      'Other SCIM 2.0 server',
      t.scimBaseUrl,
      'OAuth 2.0 client credentials',
      t.tokenUrl,
      'some.other.scope',
      t.clientId,
      t.clientSecret,
      'wrong-scope',
    ];
    expect(await run('connect')).toBeUndefined();
    const err = ui.shown.find((s) => s.kind === 'error');
    expect(err?.message).toMatch(/Could not connect to wrong-scope/);
    expect(err?.message).toMatch(/scope/i);
    expect(err?.message).not.toContain(t.clientSecret);
    expect(h.store.list()).toEqual([]);
  });

  it('refuses bad URLs while typing and reports wrong credentials without the secret', async () => {
    ui.answers = ['Other SCIM 2.0 server', 'ftp://idp.example.com/scim'];
    expect(await run('connect')).toBeUndefined();
    expect(ui.steps[1]?.validation).toMatch(/must start with https:\/\//);
    ui.reset();
    ui.answers = ['Other SCIM 2.0 server', 'https://user:pw@idp.example.com/scim'];
    expect(await run('connect')).toBeUndefined();
    expect(ui.steps[1]?.validation).toMatch(/must not contain a user or password/);
    expect(ui.steps[1]?.validation).not.toContain('pw');
    ui.reset();
    ui.answers = ['Celonis team', 'not a url at all://'];
    expect(await run('connect')).toBeUndefined();
    expect(ui.steps[1]?.validation).toBeTruthy();
    ui.reset();
    const t = team();
    ui.answers = ['Celonis team', t.teamUrl, 'API key', 'definitely-not-the-key', 'acme'];
    expect(await run('connect')).toBeUndefined();
    const err = ui.shown.find((s) => s.kind === 'error');
    expect(err?.message).toMatch(/Could not connect to acme/);
    expect(err?.message).toMatch(/401|auth/i);
    expect(err?.message).not.toContain('definitely-not-the-key');
    expect(h.store.list()).toEqual([]);
  });

  it('cancelling at any step connects nothing', async () => {
    ui.answers = ['Celonis team', team().teamUrl, undefined];
    expect(await run('connect')).toBeUndefined();
    expect(counters()).toEqual(['1/6', '2/6', '3/6']);
    expect(h.store.list()).toEqual([]);
  });
});

describe('connections', () => {
  it('a connection stored before other servers were offered keeps working', async () => {
    const t = team();
    // The exact shape earlier versions wrote to global state.
    await h.memento.update('celonisScim.teams', [
      {
        name: 'old',
        scimBaseUrl: t.scimBaseUrl,
        tokenUrl: t.tokenUrl,
        authType: 'oauth2',
        clientId: t.clientId,
      },
    ]);
    await h.secrets.store('celonisScim.secret.old', t.clientSecret);
    expect(await userRows('old')).toBe(4);
  });

  it('explains what is wrong with a scripted connection before sending anything', () => {
    const base = {
      url: 'https://idp.example.com/scim/v2',
      secret: 's',
      provider: 'other' as const,
    };
    expect(() => TeamStore.recordFor({ ...base, authType: 'apiKey' })).toThrow(
      /OAuth client credentials or a bearer token/,
    );
    expect(() => TeamStore.recordFor({ ...base, authType: 'oauth2', clientId: 'c' })).toThrow(
      /Enter the token URL/,
    );
    expect(() =>
      TeamStore.recordFor({ ...base, authType: 'bearer', url: 'https://idp.example.com/scim?x=1' }),
    ).toThrow(/must not have a query/);
    expect(() =>
      TeamStore.recordFor({
        ...base,
        provider: 'celonis',
        authType: 'bearer',
        url: 'acme.eu-1.celonis.cloud',
      }),
    ).toThrow(/A Celonis team connects with/);
    expect(TeamStore.recordFor({ ...base, authType: 'bearer' })).toEqual({
      name: 'idp.example.com',
      provider: 'other',
      scimBaseUrl: 'https://idp.example.com/scim/v2',
      tokenUrl: '',
      authType: 'bearer',
    });
  });

  it('counts the steps of every path', () => {
    expect(connectSteps({ provider: 'celonis', auth: 'oauth2' })).toHaveLength(6);
    expect(connectSteps({ provider: 'celonis', auth: 'apiKey' })).toHaveLength(5);
    expect(connectSteps({ provider: 'celonis', auth: 'appKey' })).toHaveLength(5);
    expect(connectSteps({ provider: 'other', auth: 'oauth2' })).toEqual([
      'provider',
      'url',
      'auth',
      'tokenUrl',
      'scope',
      'clientId',
      'secret',
      'name',
    ]);
    expect(connectSteps({ provider: 'other', auth: 'bearer' })).toHaveLength(5);
  });
});
