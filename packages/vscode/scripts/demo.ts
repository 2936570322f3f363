// Starts a seeded sandbox and code-server with the extension, connected to the sandbox team,
// and prints the URL to open. Ctrl+C stops both.
import { startSandbox } from '@celonis-scim/sandbox';
import { startCodeServer } from '../e2e/code-server.js';

const need = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: start the demo with "npm run demo"`);
  return v;
};

async function main(): Promise<void> {
  const sb = await startSandbox({
    port: Number(process.env.SANDBOX_PORT ?? 0),
    teams: [{ name: 'demo' }],
    seed: { users: 60, groups: 6, seed: 1 },
  });
  const team = sb.teams.demo;
  if (!team) throw new Error('the sandbox has no demo team');
  const cs = await startCodeServer({
    bin: need('CODE_SERVER_BIN'),
    nodeBin: need('NODE24_BIN'),
    vsix: need('VSIX'),
    ...(process.env.PORT ? { port: Number(process.env.PORT) } : {}),
    settings: { 'celonisScim.pageSize': 25 },
    // Read by the extension on activation: connects the sandbox team (local demo credentials).
    env: {
      // The packaged extension reads the connection below only with the development flag.
      CELONIS_SCIM_VSCODE_DEV: '1',
      CELONIS_SCIM_VSCODE_CONNECT: JSON.stringify({
        url: team.teamUrl,
        name: 'demo',
        authType: 'oauth2',
        clientId: team.clientId,
        secret: team.clientSecret,
      }),
    },
  });
  console.log(`sandbox:     ${team.scimBaseUrl} (OAuth client ${team.clientId})`);
  console.log(`code-server: ${cs.url}/?folder=${encodeURIComponent(cs.workspace)}`);
  console.log(
    'Open the URL, then the "Celonis Team Identities" icon in the activity bar. Ctrl+C stops.',
  );
  const stop = async (): Promise<void> => {
    await cs.close();
    await sb.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
