import { Command } from 'commander';
import { action } from '../context.js';
import { CliError } from '../errors.js';
import { findGroup } from '../resolve.js';
import { confirmDestructive } from './common.js';

function displayNameOf(value: string | undefined, what: string): string {
  const name = value?.trim() ?? '';
  if (name === '')
    throw new CliError(`${what} is empty`, 'Give the group a name, e.g. "Finance Team".');
  return name;
}

export function createGroupCommand(): Command {
  return new Command('create')
    .description('create an empty group')
    .argument('<displayName>', 'the name of the new group')
    .option('--external-id <id>', 'an id of the group in another system')
    .action(
      action<{ externalId?: string }>(async (ctx, [name], opts) => {
        const displayName = displayNameOf(name, 'The group name');
        const created = await ctx.scim().groups.create({
          displayName,
          ...(opts.externalId !== undefined ? { externalId: opts.externalId } : {}),
        });
        ctx.out.success(`Created group ${created.displayName} (${created.id})`);
        if (ctx.out.json) ctx.out.printJson(created);
        else ctx.out.write(`${created.id}\n`);
      }),
    );
}

export function renameGroupCommand(): Command {
  return new Command('rename')
    .description('change the displayName of a group (guarded by the version read)')
    .argument('<group>', 'id or displayName')
    .argument('<newName>', 'the new displayName')
    .action(
      action(async (ctx, [ref, newName]) => {
        const displayName = displayNameOf(newName, 'The new name');
        const client = ctx.scim();
        const group = await findGroup(client, ref!);
        const renamed = await client.groups.patch(
          group.id!,
          [{ op: 'replace', path: 'displayName', value: displayName }],
          { ifMatch: group.meta?.version },
        );
        ctx.out.success(
          `Renamed group ${group.displayName} to ${renamed.displayName} (${group.id})`,
        );
        if (ctx.out.json) ctx.out.printJson(renamed);
      }),
    );
}

export function deleteGroupCommand(): Command {
  return new Command('delete')
    .description('delete a group (its members stay in the team)')
    .argument('<group>', 'id or displayName')
    .option('-y, --yes', 'do not ask for confirmation (needed when not at a terminal)')
    .action(
      action<{ yes?: boolean }>(async (ctx, [ref], opts) => {
        const client = ctx.scim();
        const group = await findGroup(client, ref!);
        await confirmDestructive(opts.yes, `Delete group ${group.displayName} (${group.id})?`);
        await client.groups.delete(group.id!, { ifMatch: group.meta?.version });
        ctx.out.success(`Deleted group ${group.displayName} (${group.id})`);
        if (ctx.out.json) ctx.out.printJson({ deleted: group.id, displayName: group.displayName });
      }),
    );
}
