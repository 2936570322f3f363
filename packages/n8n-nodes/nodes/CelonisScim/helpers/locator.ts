import {
  brokenText,
  idProblem,
  quoteFilterValue,
  SCHEMA_ENTERPRISE_USER,
  ScimError,
  type ScimClient,
  type ScimUser,
} from '@celonis-scim/core';
import {
  NodeOperationError,
  type IExecuteFunctions,
  type INodeProperties,
  type INodeParameterResourceLocator,
} from 'n8n-workflow';
import { toNodeError } from '../../../shared/errors';

interface NameMode {
  name: string;
  displayName: string;
  placeholder: string;
}

/** How a resource locator of one resource type looks and finds its resource by name. */
interface LocatorSpec {
  searchListMethod: string;
  idPlaceholder: string;
  /** The modes that name the resource instead of giving its id. */
  nameModes: NameMode[];
}

const USER: LocatorSpec = {
  searchListMethod: 'searchUsers',
  idPlaceholder: 'e.g. 2819c223-7f76-453a-919d-413861904646',
  nameModes: [
    { name: 'userName', displayName: 'By userName', placeholder: 'e.g. jane.doe@example.com' },
    { name: 'externalId', displayName: 'By External ID', placeholder: 'e.g. HR-00417' },
    { name: 'employeeNumber', displayName: 'By Employee Number', placeholder: 'e.g. 00417' },
  ],
};

const GROUP: LocatorSpec = {
  searchListMethod: 'searchGroups',
  idPlaceholder: 'e.g. e9e30dba-f08f-4109-8486-d5c6a331660a',
  nameModes: [
    { name: 'displayName', displayName: 'By Display Name', placeholder: 'e.g. Analysts' },
  ],
};

/** The filter that finds a user by a key an HR system knows them by. */
const USER_KEY_FILTER: Record<string, (value: string) => string> = {
  userName: (v) => `userName eq ${quoteFilterValue(v)}`,
  externalId: (v) => `externalId eq ${quoteFilterValue(v)}`,
  employeeNumber: (v) => `${SCHEMA_ENTERPRISE_USER}:employeeNumber eq ${quoteFilterValue(v)}`,
};

function locator(spec: LocatorSpec, name: string, displayName: string): INodeProperties {
  return {
    displayName,
    name,
    type: 'resourceLocator',
    default: { mode: 'list', value: '' },
    required: true,
    modes: [
      {
        displayName: 'From List',
        name: 'list',
        type: 'list',
        typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
      },
      { displayName: 'By ID', name: 'id', type: 'string', placeholder: spec.idPlaceholder },
      ...spec.nameModes.map((m) => ({ ...m, type: 'string' as const })),
    ],
  };
}

export function userLocator(name = 'user', displayName = 'User'): INodeProperties {
  return locator(USER, name, displayName);
}

export function groupLocator(name = 'group', displayName = 'Group'): INodeProperties {
  return locator(GROUP, name, displayName);
}

/** A name as a message shows it: quoted as JSON (quotes and line breaks visible), cut short. */
function shown(name: string): string {
  if (name.length <= 100) return JSON.stringify(name);
  return `${JSON.stringify(name.slice(0, 100)).slice(0, -1)}…" (${name.length} characters)`;
}

function locatorValue(ctx: IExecuteFunctions, param: string, i: number) {
  const raw = ctx.getNodeParameter(param, i) as INodeParameterResourceLocator | string;
  const locator = typeof raw === 'string' ? { mode: 'id', value: raw } : raw;
  const value = String(locator.value ?? '').trim();
  if (!value)
    throw new NodeOperationError(ctx.getNode(), `No ${param} given`, {
      itemIndex: i,
      description: `Choose the ${param} from the list, or enter its ID or name.`,
    });
  const mode = String(locator.mode);
  // An id that would address something else once in the URL (".", "..", ".search", a path), or
  // any value with a broken character, is refused with the core's own words before a request.
  const problem =
    mode === 'id' || mode === 'list'
      ? idProblem(value, `the ${param} ID`)
      : brokenText(value, `the ${param}'s ${mode}`);
  if (problem)
    throw new NodeOperationError(ctx.getNode(), problem.detail, {
      itemIndex: i,
      description: problem.hint,
    });
  return { mode, value };
}

/** The id a locator points at; in a name mode, the name is looked up with `find`. */
async function resolveId(
  ctx: IExecuteFunctions,
  i: number,
  param: string,
  spec: LocatorSpec,
  find: (mode: string, name: string) => Promise<{ id?: string } | undefined>,
  notFound: (mode: string, name: string) => { message: string; description: string },
): Promise<string> {
  const { mode, value } = locatorValue(ctx, param, i);
  if (!spec.nameModes.some((m) => m.name === mode)) return value;
  const found = await find(mode, value);
  if (found?.id) return found.id;
  const { message, description } = notFound(mode, value);
  throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description });
}

/**
 * The one user with this key, or undefined. Two users with the same external ID or employee
 * number are an error, never a guess. A server that cannot filter is paged through by the core.
 */
export async function findUserBy(
  ctx: IExecuteFunctions,
  client: ScimClient,
  i: number,
  mode: string,
  value: string,
): Promise<ScimUser | undefined> {
  const filter = (USER_KEY_FILTER[mode] ?? USER_KEY_FILTER.userName!)(value);
  if (mode === 'userName') return client.users.getByUserName(value);
  let found: ScimUser[];
  try {
    found =
      (await client.users.listPage({ filter, count: 2, attributes: ['id', 'userName'] }))
        .Resources ?? [];
  } catch (e) {
    // No filtering on this server: the core compares page by page instead.
    if (!(e instanceof ScimError) || e.kind !== 'invalid' || e.status !== undefined)
      throw toNodeError(ctx.getNode(), e, i);
    const one = await client.users.findOne(filter);
    found = one ? [one] : [];
  }
  if (found.length > 1)
    throw new NodeOperationError(ctx.getNode(), `Several users have ${mode} ${shown(value)}`, {
      itemIndex: i,
      description: `An ${mode} should name one person: fix the duplicates in the team (e.g. ${found
        .map((u) => u.userName)
        .join(', ')}), or pick the user by ID.`,
    });
  return found[0];
}

export const KEY_WORDS: Record<string, string> = {
  userName: 'userName',
  externalId: 'external ID',
  employeeNumber: 'employee number',
};

/** The id of the user a locator points at; a userName, external ID or employee number is looked up. */
export function resolveUserId(
  ctx: IExecuteFunctions,
  client: ScimClient,
  i: number,
  param = 'user',
): Promise<string> {
  return resolveId(
    ctx,
    i,
    param,
    USER,
    (mode, value) => findUserBy(ctx, client, i, mode, value),
    (mode, value) => ({
      message: `No user with ${KEY_WORDS[mode] ?? mode} ${shown(value)} in this team`,
      description:
        mode === 'userName'
          ? 'Check the spelling (userName is usually the e-mail address), or create the user first with Create or Upsert.'
          : `Check the value, and that the HR system's ${KEY_WORDS[mode] ?? mode} was written to the user when it was created.`,
    }),
  );
}

/** The id of the group a locator points at; a display name is looked up in the team. */
export function resolveGroupId(
  ctx: IExecuteFunctions,
  client: ScimClient,
  i: number,
  param = 'group',
): Promise<string> {
  return resolveId(
    ctx,
    i,
    param,
    GROUP,
    (_mode, displayName) => client.groups.getByDisplayName(displayName),
    (_mode, displayName) => ({
      message: `No group named ${shown(displayName)} in this team`,
      description: 'Check the spelling of the display name, or create the group first.',
    }),
  );
}
