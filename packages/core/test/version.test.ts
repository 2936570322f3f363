import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimClient, createUndiciTransport, type TransportRequest } from '../src/node.js';
import { startSandbox, type Sandbox } from './helpers.js';

// The client's version is package.json's: `changeset version` moves it there and nowhere else.
const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string };

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: false });
});
afterAll(async () => {
  await sb?.close();
});

describe('version', () => {
  it('sends package.json version in the default user agent', async () => {
    const team = sb.teams.acme!;
    const inner = createUndiciTransport({ proxy: false });
    const agents: string[] = [];
    const client = createScimClient({
      baseUrl: team.scimBaseUrl,
      auth: { type: 'bearer', token: team.apiKey },
      transport: async (req: TransportRequest) => {
        agents.push(req.headers['user-agent'] ?? '');
        return inner(req);
      },
    });
    try {
      await client.users.listPage({ count: 1 });
    } finally {
      await client.close();
      await inner.close();
    }
    expect(agents.length).toBeGreaterThan(0);
    expect(new Set(agents)).toEqual(new Set([`celonis-scim-core/${version}`]));
  });
});
