import { brokenText, idProblem, type ScimClient } from '@celonis-scim/core';
import {
  NodeOperationError,
  type IExecuteFunctions,
  type INodeProperties,
  type INodeParameterResourceLocator,
} from 'n8n-workflow';

/** How a resource locator of one resource type looks and finds its resource by name. */
interface LocatorSpec {
  searchListMethod: string;
  idPlaceholder: string;
  /** The mode that names the resource instead of giving its id. */
  nameMode: { name: string; displayName: string; placeholder: string };
}

const USER: LocatorSpec = {
  searchListMethod: 'searchUsers',
  idPlaceholder: 'e.g. 2819c223-7f76-453a-919d-413861904646',
  nameMode: {
    name: 'userName',
    displayName: 'By userName',
    placeholder: 'e.g. jane.doe@example.com',
  },
};

const GROUP: LocatorSpec = {
  searchListMethod: 'searchGroups',
  idPlaceholder: 'e.g. e9e30dba-f08f-4109-8486-d5c6a331660a',
  nameMode: { name: 'displayName', displayName: 'By Display Name', placeholder: 'e.g. Analysts' },
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
      {
        displayName: spec.nameMode.displayName,
        name: spec.nameMode.name,
        type: 'string',
        placeholder: spec.nameMode.placeholder,
      },
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
    mode === 'userName' || mode === 'displayName'
      ? brokenText(value, `the ${param}'s ${mode}`)
      : idProblem(value, `the ${param} ID`);
  if (problem)
    throw new NodeOperationError(ctx.getNode(), problem.detail, {
      itemIndex: i,
      description: problem.hint,
    });
  return { mode, value };
}

/** The id a locator points at; in the name mode, the name is looked up with `find`. */
async function resolveId(
  ctx: IExecuteFunctions,
  i: number,
  param: string,
  spec: LocatorSpec,
  find: (name: string) => Promise<{ id?: string } | undefined>,
  notFound: (name: string) => { message: string; description: string },
): Promise<string> {
  const { mode, value } = locatorValue(ctx, param, i);
  if (mode !== spec.nameMode.name) return value;
  const found = await find(value);
  if (found?.id) return found.id;
  const { message, description } = notFound(value);
  throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description });
}

/** The id of the user a locator points at; a userName is looked up in the team. */
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
    (userName) => client.users.getByUserName(userName),
    (userName) => ({
      message: `No user with userName ${shown(userName)} in this team`,
      description:
        'Check the spelling (userName is usually the e-mail address), or create the user first with Create or Upsert.',
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
    (displayName) => client.groups.getByDisplayName(displayName),
    (displayName) => ({
      message: `No group named ${shown(displayName)} in this team`,
      description: 'Check the spelling of the display name, or create the group first.',
    }),
  );
}
