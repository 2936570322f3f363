import {
  idProblem,
  isScimError,
  type ScimClient,
  type ScimGroup,
  type ScimUser,
} from '@celonis-scim/core';
import { CliError } from './errors.js';

async function byId<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (e) {
    if (isScimError(e) && e.kind === 'notFound') return undefined;
    throw e;
  }
}

/** A user named by id or userName: the id is tried first (one GET), then the userName. */
export async function findUser(client: ScimClient, ref: string): Promise<ScimUser> {
  const user =
    (idProblem(ref) ? undefined : await byId(() => client.users.get(ref))) ??
    (await client.users.getByUserName(ref));
  if (!user)
    throw new CliError(
      `No user with the id or userName ${JSON.stringify(ref)} in this team`,
      'Check the spelling, or find the user with "celonis-scim users list --filter \'userName sw "..."\'".',
    );
  return user;
}

/** A group named by id or displayName: the id is tried first, then the displayName. */
export async function findGroup(client: ScimClient, ref: string): Promise<ScimGroup> {
  const group =
    (idProblem(ref)
      ? undefined
      : await byId(() => client.groups.get(ref, { excludedAttributes: 'members' }))) ??
    (await client.groups.getByDisplayName(ref));
  if (!group)
    throw new CliError(
      `No group with the id or displayName ${JSON.stringify(ref)} in this team`,
      'Check the spelling, or list the groups with "celonis-scim groups list".',
    );
  return group;
}
