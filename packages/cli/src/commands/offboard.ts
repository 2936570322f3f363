import type { ScimClient, ScimGroup } from '@celonis-scim/core';
import { Command } from 'commander';
import { action } from '../context.js';
import { CliError } from '../errors.js';
import { plural } from '../output.js';
import { findUser } from '../resolve.js';
import { confirmDestructive } from './common.js';

/** Core's leaveAllGroups, with a refusal in the CLI's words when a group is left. */
async function leaveAllGroups(client: ScimClient, userId: string): Promise<ScimGroup[]> {
  const { removed, remaining: left } = await client.users.leaveAllGroups(userId);
  if (left.length > 0)
    throw new CliError(
      `The user is still a member of ${plural(left.length, 'group')} after the removal: ${left
        .map((g) => g.displayName || g.id)
        .join(', ')}. Nothing was deactivated`,
      'Check the groups in the team and run "users offboard" again.',
    );
  return removed;
}

/**
 * The HR offboarding step, as the n8n node's Offboard operation does it (both on core's
 * leaveAllGroups): groups first (a
 * deactivated user still in a group keeps showing up in access reviews), then deactivation.
 */
export function offboardCommand(): Command {
  return new Command('offboard')
    .description('remove a user from every group, then deactivate them (nothing is deleted)')
    .argument('<user>', 'id or userName')
    .option('-y, --yes', 'do not ask for confirmation (needed when not at a terminal)')
    .action(
      action<{ yes?: boolean }>(async (ctx, [ref], opts) => {
        const client = ctx.scim();
        const user = await findUser(client, ref!);
        await confirmDestructive(
          opts.yes,
          `Offboard user ${user.userName} (${user.id}): remove from every group and deactivate?`,
        );
        const groups = await leaveAllGroups(client, user.id!);
        const done = await client.users.deactivate(user.id!);
        const names = groups.map((g) => g.displayName).join(', ');
        ctx.out.success(
          `Offboarded user ${done.userName} (${done.id}): deactivated, removed from ${plural(groups.length, 'group')}${names ? ` (${names})` : ''}`,
        );
        if (ctx.out.json)
          ctx.out.printJson({
            id: done.id,
            userName: done.userName,
            active: done.active ?? false,
            removedFromGroups: groups.map((g) => ({ id: g.id, displayName: g.displayName })),
          });
      }),
    );
}
