import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_ENTERPRISE_USER, type ScimGroup, type ScimUser } from '@celonis-scim/core';
import { Command, Option } from 'commander';
import { action } from '../context.js';
import { toCsv } from '../csv.js';
import { CliError } from '../errors.js';
import { plural } from '../output.js';
import { listAll } from './common.js';

const USER_COLUMNS: Array<[string, (u: ScimUser) => string | undefined]> = [
  ['id', (u) => u.id],
  ['userName', (u) => u.userName],
  ['externalId', (u) => u.externalId],
  ['active', (u) => String(u.active !== false)],
  ['displayName', (u) => u.displayName],
  ['givenName', (u) => u.name?.givenName],
  ['familyName', (u) => u.name?.familyName],
  ['email', (u) => (u.emails?.find((e) => e.primary) ?? u.emails?.[0])?.value],
  ['title', (u) => u.title],
  ['locale', (u) => u.locale],
  ['employeeNumber', (u) => u[SCHEMA_ENTERPRISE_USER]?.employeeNumber],
  ['department', (u) => u[SCHEMA_ENTERPRISE_USER]?.department],
  ['costCenter', (u) => u[SCHEMA_ENTERPRISE_USER]?.costCenter],
  ['organization', (u) => u[SCHEMA_ENTERPRISE_USER]?.organization],
  ['managerId', (u) => u[SCHEMA_ENTERPRISE_USER]?.manager?.value],
];

function csvFiles(users: ScimUser[], groups: ScimGroup[]): Record<string, string> {
  const userNames = new Map(users.map((u) => [u.id, u.userName]));
  return {
    'users.csv': toCsv(
      USER_COLUMNS.map(([h]) => h),
      users.map((u) => USER_COLUMNS.map(([, get]) => get(u) ?? '')),
    ),
    'groups.csv': toCsv(
      ['id', 'displayName', 'externalId', 'members'],
      groups.map((g) => [
        g.id ?? '',
        g.displayName,
        g.externalId ?? '',
        String(g.members?.length ?? 0),
      ]),
    ),
    'memberships.csv': toCsv(
      ['groupId', 'groupDisplayName', 'memberId', 'memberUserName', 'memberType'],
      groups.flatMap((g) =>
        (g.members ?? []).map((m) => [
          g.id ?? '',
          g.displayName,
          m.value ?? '',
          userNames.get(m.value) ?? m.display ?? '',
          m.type ?? 'User',
        ]),
      ),
    ),
  };
}

export function exportCommand(): Command {
  return new Command('export')
    .description('export the users and groups (with members) of the team to JSON or CSV')
    .addOption(
      new Option(
        '--format <format>',
        'json: one document; csv: users.csv, groups.csv, memberships.csv',
      )
        .choices(['json', 'csv'])
        .default('json'),
    )
    .option(
      '--out <path>',
      'json: the file (default stdout); csv: the folder to write to (required)',
    )
    .action(
      action<{ format: 'json' | 'csv'; out?: string }>(async (ctx, _a, opts) => {
        if (opts.format === 'csv' && !opts.out)
          throw new CliError(
            'CSV export writes three files (users.csv, groups.csv, memberships.csv) and needs a folder',
            'Pass --out <folder>.',
          );
        const client = ctx.scim();
        const users = await listAll(ctx, 'users', client.users, {});
        const groups = await listAll(ctx, 'groups', client.groups, {});
        if (opts.format === 'json') {
          const doc = {
            exportedAt: new Date().toISOString(),
            scimBaseUrl: client.baseUrl,
            users,
            groups,
          };
          if (!opts.out) return ctx.out.printJson(doc);
          writeFileSync(opts.out, `${JSON.stringify(doc, null, 2)}\n`);
        } else {
          mkdirSync(opts.out!, { recursive: true });
          for (const [name, text] of Object.entries(csvFiles(users, groups)))
            writeFileSync(join(opts.out!, name), text);
        }
        ctx.out.success(
          `Exported ${plural(users.length, 'user')} and ${plural(groups.length, 'group')} to ${opts.out}`,
        );
      }),
    );
}
