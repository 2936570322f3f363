import { SCHEMA_ENTERPRISE_USER, type ScimUser } from '@celonis-scim/core';
import { Command } from 'commander';
import { action, type Context } from '../context.js';
import { formatDetails, formatTable, type Column } from '../output.js';
import { findUser } from '../resolve.js';
import { confirmDestructive, listAll, positiveInt } from './common.js';
import { offboardCommand } from './offboard.js';
import {
  addUserFieldOptions,
  updateOperations,
  userFromFlags,
  type UserFieldFlags,
} from './user-fields.js';

const COLUMNS: Column<ScimUser>[] = [
  { header: 'id', value: (u) => u.id ?? '' },
  { header: 'userName', value: (u) => u.userName },
  { header: 'display name', value: (u) => u.displayName ?? fullName(u) },
  { header: 'active', value: (u) => (u.active === false ? 'no' : 'yes') },
];

const fullName = (u: ScimUser) =>
  u.name?.formatted ?? [u.name?.givenName, u.name?.familyName].filter(Boolean).join(' ');

export function showUser(ctx: Context, u: ScimUser): void {
  if (ctx.out.json) return ctx.out.printJson(u);
  const ent = u[SCHEMA_ENTERPRISE_USER];
  ctx.out.write(
    formatDetails(
      [
        ['id', u.id],
        ['userName', u.userName],
        ['displayName', u.displayName],
        ['name', fullName(u)],
        ['active', u.active === false ? 'no' : 'yes'],
        ['externalId', u.externalId],
        ['emails', u.emails?.map((e) => e.value).join(', ')],
        ['title', u.title],
        ['employeeNumber', ent?.employeeNumber],
        ['department', ent?.department],
        ['costCenter', ent?.costCenter],
        ['manager', ent?.manager?.displayName ?? ent?.manager?.value],
        ['groups', u.groups?.map((g) => g.display ?? g.value).join(', ')],
        ['created', u.meta?.created],
        ['lastModified', u.meta?.lastModified],
      ],
      ctx.out.c,
    ),
  );
}

function listCommand(): Command {
  return new Command('list')
    .description('list the users of the team (all pages)')
    .option('--filter <filter>', "a SCIM filter, e.g. 'active eq true' or 'userName sw \"a\"'")
    .option('--limit <n>', 'stop after n users', positiveInt('--limit'))
    .action(
      action<{ filter?: string; limit?: number }>(async (ctx, _args, opts) => {
        const users = await listAll(ctx, 'users', ctx.scim().users, opts);
        if (ctx.out.json) ctx.out.printJson(users);
        else ctx.out.write(formatTable(users, COLUMNS, ctx.out.c));
      }),
    );
}

function createCommand(): Command {
  const cmd = new Command('create')
    .description('create a user')
    .option('--user-name <userName>', 'userName (required unless in --from-file)')
    .option('--from-file <file.json>', 'a SCIM user as JSON; the flags override its attributes')
    .option('--inactive', 'create the user deactivated');
  return addUserFieldOptions(cmd).action(
    action<UserFieldFlags & { fromFile?: string; inactive?: boolean }>(async (ctx, _a, opts) => {
      const user = userFromFlags(opts);
      const created = await ctx.scim().users.create(user);
      ctx.out.success(`Created user ${created.userName} (${created.id})`);
      if (ctx.out.json) ctx.out.printJson(created);
      else ctx.out.write(`${created.id}\n`);
    }),
  );
}

function updateCommand(): Command {
  const cmd = new Command('update')
    .description('change attributes of a user (PATCH, guarded by the version read)')
    .argument('<user>', 'id or userName')
    .option('--user-name <userName>', 'a new userName');
  return addUserFieldOptions(cmd).action(
    action<UserFieldFlags>(async (ctx, [ref], opts) => {
      const ops = updateOperations(opts);
      const client = ctx.scim();
      const user = await findUser(client, ref!);
      const updated = await client.users.patch(user.id!, ops, { ifMatch: user.meta?.version });
      ctx.out.success(`Updated user ${updated.userName} (${updated.id})`);
      if (ctx.out.json) ctx.out.printJson(updated);
    }),
  );
}

function activeCommand(name: 'activate' | 'deactivate'): Command {
  return new Command(name)
    .description(name === 'activate' ? 'activate a user' : 'deactivate a user (active = false)')
    .argument('<user>', 'id or userName')
    .action(
      action(async (ctx, [ref]) => {
        const client = ctx.scim();
        const user = await findUser(client, ref!);
        const done =
          name === 'activate'
            ? await client.users.activate(user.id!)
            : await client.users.deactivate(user.id!);
        ctx.out.success(
          `${name === 'activate' ? 'Activated' : 'Deactivated'} user ${done.userName} (${done.id})`,
        );
        if (ctx.out.json) ctx.out.printJson(done);
      }),
    );
}

function deleteCommand(): Command {
  return new Command('delete')
    .description('delete a user from the team (deactivate is the reversible choice)')
    .argument('<user>', 'id or userName')
    .option('-y, --yes', 'do not ask for confirmation (needed when not at a terminal)')
    .action(
      action<{ yes?: boolean }>(async (ctx, [ref], opts) => {
        const client = ctx.scim();
        const user = await findUser(client, ref!);
        await confirmDestructive(opts.yes, `Delete user ${user.userName} (${user.id})?`);
        await client.users.delete(user.id!, { ifMatch: user.meta?.version });
        ctx.out.success(`Deleted user ${user.userName} (${user.id})`);
        if (ctx.out.json) ctx.out.printJson({ deleted: user.id, userName: user.userName });
      }),
    );
}

export function usersCommand(): Command {
  return new Command('users')
    .description('list, show, create, change and remove users')
    .addCommand(listCommand())
    .addCommand(
      new Command('get')
        .description('show one user')
        .argument('<user>', 'id or userName')
        .action(action(async (ctx, [ref]) => showUser(ctx, await findUser(ctx.scim(), ref!)))),
    )
    .addCommand(createCommand())
    .addCommand(updateCommand())
    .addCommand(activeCommand('deactivate'))
    .addCommand(activeCommand('activate'))
    .addCommand(offboardCommand())
    .addCommand(deleteCommand());
}
