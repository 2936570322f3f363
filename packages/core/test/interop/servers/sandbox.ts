import { startSandbox } from '@celonis-scim/sandbox';
import type { InteropServer } from './types.js';

/** The project's own sandbox, with a small page cap so that paging is exercised. */
export const sandboxServer: InteropServer = {
  name: 'sandbox',
  implementation: '@celonis-scim/sandbox (this repository)',
  setup: 'startSandbox() in-process, in-memory SQLite, team with filter.maxResults 50, API key',
  async start() {
    const sb = await startSandbox({ teams: [{ name: 'interop', maxResults: 50 }] });
    const team = sb.teams.interop;
    if (!team) throw new Error('the sandbox did not start the interop team');
    return {
      baseUrl: team.scimBaseUrl,
      auth: { type: 'bearer', token: team.apiKey },
      authorization: `Bearer ${team.apiKey}`,
      stop: () => sb.close(),
    };
  },
};
