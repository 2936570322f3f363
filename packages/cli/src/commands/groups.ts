import type { GroupMember, ScimGroup } from '@celonis-scim/core';
import { Command } from 'commander';
import { action, type Context } from '../context.js';
import { formatDetails, formatTable, plural, type Column } from '../output.js';
import { findGroup, findUser } from '../resolve.js';
import { listAll, positiveInt } from './common.js';
import { createGroupCommand, deleteGroupCommand, renameGroupCommand } from './group-changes.js';

const GROUP_COLUMNS: Column<ScimGroup>[] = [
  { header: 'id', value: (g) => g.id ?? '' },
  { header: 'display name', value: (g) => g.displayName },
  { header: 'external id', value: (g) => g.externalId ?? '' },
];

const MEMBER_COLUMNS: Column<GroupMember>[] = [
  { header: 'id', value: (m) => m.value ?? '' },
  { header: 'display', value: (m) => m.display ?? '' },
  { header: 'type', value: (m) => m.type ?? '' },
];

async function members(ctx: Context, groupId: string): Promise<GroupMember[]> {
  const out: GroupMember[] = [];
  for await (const m of ctx.scim().groups.members(groupId)) out.push(m);
  return out;
}

function memberChange(kind: 'add' | 'remove'): Command {
  return new Command(kind)
    .description(kind === 'add' ? 'add users to a group' : 'remove users from a group')
    .argument('<group>', 'id or displayName of the group')
    .argument('<users...>', 'ids or userNames of the users')
    .action(
      action(async (ctx, [groupRef, ...userRefs]) => {
        const client = ctx.scim();
        // Every name is looked up before the first change, so a typo changes nothing.
        const group = await findGroup(client, groupRef!);
        const users = [];
        for (const ref of userRefs) users.push(await findUser(client, ref));
        const ids = users.map((u) => u.id!);
        const res =
          kind === 'add'
            ? await client.groups.addMembers(group.id!, ids)
            : await client.groups.removeMembers(group.id!, ids);
        ctx.out.success(
          `${kind === 'add' ? 'Added' : 'Removed'} ${plural(res.changed, 'user')} ${kind === 'add' ? 'to' : 'from'} ${group.displayName} (${group.id})`,
        );
        if (ctx.out.json)
          ctx.out.printJson({
            group: group.id,
            [kind === 'add' ? 'added' : 'removed']: ids,
            requests: res.requests,
          });
      }),
    );
}

export function groupsCommand(): Command {
  return new Command('groups')
    .description('list, show, create, rename and delete groups, and manage their members')
    .addCommand(
      new Command('list')
        .description('list the groups of the team (without members)')
        .option('--filter <filter>', 'a SCIM filter, e.g. \'displayName sw "Data"\'')
        .option('--limit <n>', 'stop after n groups', positiveInt('--limit'))
        .action(
          action<{ filter?: string; limit?: number }>(async (ctx, _a, opts) => {
            const groups = await listAll(ctx, 'groups', ctx.scim().groups, {
              ...opts,
              excludedAttributes: 'members',
            });
            if (ctx.out.json) ctx.out.printJson(groups);
            else ctx.out.write(formatTable(groups, GROUP_COLUMNS, ctx.out.c));
          }),
        ),
    )
    .addCommand(
      new Command('get')
        .description('show one group and its member count')
        .argument('<group>', 'id or displayName')
        .action(
          action(async (ctx, [ref]) => {
            const group = await ctx.scim().groups.get((await findGroup(ctx.scim(), ref!)).id!);
            if (ctx.out.json) return ctx.out.printJson(group);
            ctx.out.write(
              formatDetails(
                [
                  ['id', group.id],
                  ['displayName', group.displayName],
                  ['externalId', group.externalId],
                  ['members', String(group.members?.length ?? 0)],
                  ['created', group.meta?.created],
                  ['lastModified', group.meta?.lastModified],
                ],
                ctx.out.c,
              ),
            );
          }),
        ),
    )
    .addCommand(
      new Command('members')
        .description('list the members of a group')
        .argument('<group>', 'id or displayName')
        .action(
          action(async (ctx, [ref]) => {
            const list = await members(ctx, (await findGroup(ctx.scim(), ref!)).id!);
            if (ctx.out.json) ctx.out.printJson(list);
            else ctx.out.write(formatTable(list, MEMBER_COLUMNS, ctx.out.c));
          }),
        ),
    )
    .addCommand(createGroupCommand())
    .addCommand(renameGroupCommand())
    .addCommand(deleteGroupCommand())
    .addCommand(memberChange('add'))
    .addCommand(memberChange('remove'));
}
