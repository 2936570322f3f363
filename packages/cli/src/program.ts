import { Command, Option } from 'commander';
import { exportCommand } from './commands/export.js';
import { groupsCommand } from './commands/groups.js';
import { profileCommand } from './commands/profile.js';
import { syncCommand } from './commands/sync.js';
import { usersCommand } from './commands/users.js';
import { CONNECTION_ENV } from './connection.js';
import { EXIT_CODES_HELP } from './errors.js';
import { VERSION } from './version.js';

const MORE_HELP = `
Connection: flags, else CELONIS_SCIM_* environment variables, else a saved profile
(--profile, CELONIS_SCIM_PROFILE, or the default one). Prefer the environment or a profile
for secrets: flags show in the process list and the shell history. Secrets are never printed.

${EXIT_CODES_HELP}

Examples:
  $ export CELONIS_SCIM_TEAM_URL=https://acme.eu-1.celonis.cloud
  $ export CELONIS_SCIM_CLIENT_ID=... CELONIS_SCIM_CLIENT_SECRET=...
  $ celonis-scim users list --filter 'active eq true'
  $ celonis-scim groups create Analysts
  $ celonis-scim groups add Analysts ada@acme.com
  $ celonis-scim users offboard ada@acme.com --yes
  $ celonis-scim sync plan --from hr.csv --map mapping.json --out plan.json
  $ export-hr | celonis-scim sync plan --from - --map mapping.json --out plan.json
  $ celonis-scim sync apply plan.json`;

function connectionOption(flags: string, description: string, env: string): Option {
  return new Option(flags, description).env(env);
}

export function buildProgram(): Command {
  const program = new Command('celonis-scim')
    .description(
      'Manage the users and groups of a Celonis Platform team (or any SCIM 2.0 service).',
    )
    .version(VERSION, '-V, --version')
    .addOption(connectionOption('--profile <name>', 'use a saved profile', CONNECTION_ENV.profile))
    .addOption(
      connectionOption(
        '--team-url <url>',
        'team URL as in the browser, e.g. https://acme.eu-1.celonis.cloud',
        CONNECTION_ENV.teamUrl,
      ),
    )
    .addOption(
      connectionOption(
        '--base-url <url>',
        'SCIM base URL (default <team URL>/scim/v2)',
        CONNECTION_ENV.baseUrl,
      ),
    )
    .addOption(
      connectionOption(
        '--token-url <url>',
        'OAuth token URL (default <team URL>/oauth2/token)',
        CONNECTION_ENV.tokenUrl,
      ),
    )
    .addOption(connectionOption('--client-id <id>', 'OAuth client id', CONNECTION_ENV.clientId))
    .addOption(
      connectionOption(
        '--client-secret <secret>',
        'OAuth client secret',
        CONNECTION_ENV.clientSecret,
      ),
    )
    .addOption(
      connectionOption(
        '--oauth-scope <scope>',
        'OAuth scope (default user-provisioning.scim)',
        CONNECTION_ENV.oauthScope,
      ),
    )
    .addOption(connectionOption('--api-key <key>', 'Celonis API key', CONNECTION_ENV.apiKey))
    .addOption(
      connectionOption('--app-key <key>', 'Celonis application key', CONNECTION_ENV.appKey),
    )
    .option('--json', 'print JSON for scripts instead of tables')
    .option('-q, --quiet', 'no progress or notes on stderr (errors still are)')
    .option(
      '--no-color',
      'no colours (they are off anyway when stdout is not a terminal or NO_COLOR is set)',
    )
    .addHelpText('after', MORE_HELP)
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .addCommand(usersCommand())
    .addCommand(groupsCommand())
    .addCommand(syncCommand())
    .addCommand(exportCommand())
    .addCommand(profileCommand());
  // addCommand() does not pass these settings on the way .command() does.
  const inherit = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub
        .configureHelp({ showGlobalOptions: true })
        .showHelpAfterError('(run with --help for usage)');
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}
