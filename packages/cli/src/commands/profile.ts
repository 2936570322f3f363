import { Command, Option } from 'commander';
import { connectionFrom, mergeConnection } from '../connection.js';
import { action } from '../context.js';
import { CliError } from '../errors.js';
import { formatTable } from '../output.js';
import {
  profilesPath,
  readProfiles,
  validProfileName,
  writeProfiles,
  type Profile,
} from '../profiles.js';

type SecretKind = 'client-secret' | 'api-key' | 'app-key';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new CliError(
      '--secret-stdin reads the secret from a pipe, and stdin is a terminal',
      'Pipe it in, e.g. `printenv MY_SECRET | celonis-scim profile add ...`.',
    );
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) throw new CliError('--secret-stdin: nothing was read from stdin');
  return text;
}

/** What a profile connects with, for listing: never a secret. */
function authSummary(p: Profile): string {
  if (p.apiKey) return 'API key';
  if (p.appKey) return 'application key';
  if (p.clientId) return `OAuth client ${p.clientId}`;
  return 'none';
}

function addCommand(): Command {
  return new Command('add')
    .description(
      'save a connection (the connection flags or CELONIS_SCIM_* variables) under a name',
    )
    .argument('<name>', 'profile name, e.g. acme-prod')
    .addOption(
      new Option('--secret-stdin <kind>', 'read the secret from stdin instead of a flag').choices([
        'client-secret',
        'api-key',
        'app-key',
      ]),
    )
    .option('--default', 'make it the default profile (the first profile always is)')
    .action(
      action<{ secretStdin?: SecretKind; default?: boolean }>(async (ctx, [name], opts) => {
        validProfileName(name!);
        const flags = { ...ctx.globals };
        if (opts.secretStdin) {
          const secret = await readStdin();
          if (opts.secretStdin === 'client-secret') flags.clientSecret = secret;
          else if (opts.secretStdin === 'api-key') flags.apiKey = secret;
          else flags.appKey = secret;
        }
        const profile = mergeConnection(flags);
        // Checks that the profile names a team and one complete kind of credential.
        connectionFrom(profile, name);
        const path = profilesPath();
        const file = readProfiles(path);
        const replaced = name! in file.profiles;
        file.profiles[name!] = profile;
        if (opts.default || !file.default || !file.profiles[file.default]) file.default = name!;
        writeProfiles(file, path);
        ctx.out.success(
          `${replaced ? 'Replaced' : 'Saved'} profile ${name} (${authSummary(profile)}) in ${path}${file.default === name ? ', the default' : ''}`,
        );
      }),
    );
}

export function profileCommand(): Command {
  return new Command('profile')
    .description('saved connections (team URL and credentials), in a file only you can read')
    .addCommand(addCommand())
    .addCommand(
      new Command('list').description('list the saved profiles (no secrets)').action(
        action(async (ctx) => {
          const file = readProfiles();
          const rows = Object.entries(file.profiles).map(([name, p]) => ({
            name,
            default: file.default === name,
            team: p.teamUrl ?? p.baseUrl ?? '',
            auth: authSummary(p),
          }));
          if (ctx.out.json) return ctx.out.printJson(rows);
          if (rows.length === 0) {
            ctx.out.note(
              `No profiles in ${profilesPath()}; add one with "celonis-scim profile add".`,
            );
            return;
          }
          ctx.out.write(
            formatTable(
              rows,
              [
                { header: 'name', value: (r) => `${r.name}${r.default ? ' (default)' : ''}` },
                { header: 'team', value: (r) => r.team },
                { header: 'auth', value: (r) => r.auth },
              ],
              ctx.out.c,
            ),
          );
        }),
      ),
    )
    .addCommand(
      new Command('use')
        .description('make a profile the default')
        .argument('<name>')
        .action(
          action(async (ctx, [name]) => {
            const path = profilesPath();
            const file = readProfiles(path);
            if (!file.profiles[name!]) throw new CliError(`No profile named "${name}" in ${path}`);
            file.default = name!;
            writeProfiles(file, path);
            ctx.out.success(`Profile ${name} is now the default`);
          }),
        ),
    )
    .addCommand(
      new Command('remove')
        .description('delete a saved profile')
        .argument('<name>')
        .action(
          action(async (ctx, [name]) => {
            const path = profilesPath();
            const file = readProfiles(path);
            if (!file.profiles[name!]) throw new CliError(`No profile named "${name}" in ${path}`);
            delete file.profiles[name!];
            if (file.default === name) delete file.default;
            writeProfiles(file, path);
            ctx.out.success(`Removed profile ${name}`);
          }),
        ),
    );
}
