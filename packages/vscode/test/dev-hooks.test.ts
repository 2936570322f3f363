import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '@celonis-scim/sandbox';
import { ExtensionMode } from './vscode-stub.js';
import { connectFromEnvironment, devHooksEnabled } from '../src/devHooks.js';
import { harness, type Sandbox } from './helpers.js';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 2, groups: 1, seed: 5 } });
});
afterAll(async () => {
  await sb?.close();
});

function connectEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const t = sb.teams.acme;
  if (!t) throw new Error('no team');
  const connection = {
    url: t.teamUrl,
    name: 'acme',
    authType: 'oauth2',
    clientId: t.clientId,
    secret: t.clientSecret,
  };
  return { CELONIS_SCIM_VSCODE_CONNECT: JSON.stringify(connection), ...extra };
}

describe('development hooks on activation', () => {
  it('are off in a shipped (production) extension unless CELONIS_SCIM_VSCODE_DEV=1', () => {
    expect(devHooksEnabled(ExtensionMode.Production, {})).toBe(false);
    expect(devHooksEnabled(ExtensionMode.Production, { CELONIS_SCIM_VSCODE_DEV: 'true' })).toBe(
      false,
    );
    expect(devHooksEnabled(ExtensionMode.Production, { CELONIS_SCIM_VSCODE_DEV: '1' })).toBe(true);
    expect(devHooksEnabled(ExtensionMode.Development, {})).toBe(true);
    expect(devHooksEnabled(ExtensionMode.Test, {})).toBe(true);
  });

  it('a production extension ignores CELONIS_SCIM_VSCODE_CONNECT without the flag', async () => {
    const h = harness(10);
    expect(
      await connectFromEnvironment(ExtensionMode.Production, h.store, h.log, connectEnv()),
    ).toBe(false);
    expect(h.store.list()).toHaveLength(0);
  });

  it('with the flag it connects the team from the environment once, over real HTTP', async () => {
    const h = harness(10);
    const env = connectEnv({ CELONIS_SCIM_VSCODE_DEV: '1' });
    expect(await connectFromEnvironment(ExtensionMode.Production, h.store, h.log, env)).toBe(true);
    expect(h.store.list().map((t) => t.name)).toEqual(['acme']);
    // Already connected: a second activation leaves it alone.
    expect(await connectFromEnvironment(ExtensionMode.Production, h.store, h.log, env)).toBe(false);
  });

  it('in development mode a connection that is not JSON is logged and ignored', async () => {
    const h = harness(10);
    const env = { CELONIS_SCIM_VSCODE_CONNECT: '{not json' };
    expect(await connectFromEnvironment(ExtensionMode.Development, h.store, h.log, env)).toBe(
      false,
    );
    expect(h.store.list()).toHaveLength(0);
    const lines = (h.log as unknown as { channel: { lines: string[] } }).channel.lines;
    expect(lines.join('\n')).toMatch(/CELONIS_SCIM_VSCODE_CONNECT/);
  });
});
