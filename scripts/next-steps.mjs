// What `npm start` prints once the sandbox is up: the next commands, ready to paste, with the
// first team's URL and credentials read from the sandbox's own banner (so they follow its
// --port, --teams and seed).

/** The banner is complete once it says how to stop the sandbox. */
export const BANNER_END = 'Press Ctrl-C to stop.';

/**
 * The first team of a sandbox banner: its team URL, client id and client secret, or undefined
 * when the text holds no complete team (e.g. `npm start -- --help`).
 * @param {string} banner
 * @returns {{ name: string, teamUrl: string, clientId: string, clientSecret: string } | undefined}
 */
export function firstTeam(banner) {
  const block = /^Team (\S+)\n((?: {2}.*\n?)+)/m.exec(banner);
  if (!block) return undefined;
  const field = (label) => new RegExp(`^ {2}${label} +(\\S+)`, 'm').exec(block[2])?.[1];
  const teamUrl = field('team URL');
  const clientId = field('client id');
  const clientSecret = field('client secret');
  if (!teamUrl || !clientId || !clientSecret) return undefined;
  return { name: block[1], teamUrl, clientId, clientSecret };
}

/**
 * The "Next steps" block for a sandbox banner, or undefined when it names no team.
 * @param {string} banner
 * @returns {string | undefined}
 */
export function nextSteps(banner) {
  const team = firstTeam(banner);
  if (!team) return undefined;
  return [
    '',
    `Next steps, in another terminal at the repository root:`,
    '',
    '  # n8n with the Celonis SCIM node, and VS Code with the extension, each with a sandbox of',
    '  # its own (the first run installs n8n or code-server into ~/.cache/celonis-scim)',
    '  npm run demo:n8n',
    '  npm run demo:vscode',
    '',
    `  # the command line, connected to team ${team.name} of this sandbox; packages/cli/README.md`,
    '  # goes on from here with a sync from an HR export',
    '  cd packages/cli',
    `  npx celonis-scim profile add demo --team-url ${team.teamUrl} --client-id ${team.clientId} --client-secret ${team.clientSecret}`,
    '  npx celonis-scim users list --limit 3',
    '',
  ].join('\n');
}
