import {
  FIRST_PAGE,
  nextPage,
  quoteFilterValue,
  type ListResponse,
  type PageState,
  type ScimClient,
} from '@celonis-scim/core';
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { clientForNode } from '../../../shared/context';
import { toNodeError } from '../../../shared/errors';

const PAGE = 50;

/** The paging state travels as n8n's pagination token; anything unreadable starts over. */
function stateFrom(token: string | undefined): PageState {
  if (!token) return FIRST_PAGE;
  try {
    const state = JSON.parse(token) as Partial<PageState>;
    if (
      Number.isInteger(state.startIndex) &&
      Number.isInteger(state.largestPage) &&
      Array.isArray(state.previousIds)
    )
      return state as PageState;
  } catch {
    // Not a token of ours.
  }
  return FIRST_PAGE;
}

/**
 * One page of a resource list for a resource locator: `fetch` reads the page (with the search
 * text, if any), `name` says how a resource shows in the list.
 */
async function searchPage<T extends { id?: string }>(
  ctx: ILoadOptionsFunctions,
  filter: string | undefined,
  paginationToken: string | undefined,
  fetch: (
    client: ScimClient,
    startIndex: number,
    text: string | undefined,
  ) => Promise<ListResponse<T>>,
  name: (resource: T) => string,
): Promise<INodeListSearchResult> {
  const state = stateFrom(paginationToken);
  try {
    const client = await clientForNode(ctx);
    const page = await fetch(client, state.startIndex, filter?.trim() || undefined);
    const { items, next } = nextPage(state, page, PAGE);
    return {
      results: items.map((r) => ({ name: name(r), value: r.id ?? '' })),
      ...(next ? { paginationToken: JSON.stringify(next) } : {}),
    };
  } catch (e) {
    throw toNodeError(ctx.getNode(), e, 0);
  }
}

export async function searchUsers(
  this: ILoadOptionsFunctions,
  filter?: string,
  paginationToken?: string,
): Promise<INodeListSearchResult> {
  return searchPage(
    this,
    filter,
    paginationToken,
    (client, startIndex, text) =>
      client.users.listPage({
        startIndex,
        count: PAGE,
        attributes: ['userName', 'displayName', 'active'],
        ...(text
          ? {
              filter: `userName sw ${quoteFilterValue(text)} or displayName sw ${quoteFilterValue(text)}`,
            }
          : {}),
      }),
    (u) =>
      `${u.displayName ? `${u.displayName} (${u.userName})` : u.userName}${u.active === false ? ' - inactive' : ''}`,
  );
}

export async function searchGroups(
  this: ILoadOptionsFunctions,
  filter?: string,
  paginationToken?: string,
): Promise<INodeListSearchResult> {
  return searchPage(
    this,
    filter,
    paginationToken,
    (client, startIndex, text) =>
      client.groups.listPage({
        startIndex,
        count: PAGE,
        attributes: ['displayName'],
        ...(text ? { filter: `displayName sw ${quoteFilterValue(text)}` } : {}),
      }),
    (g) => g.displayName,
  );
}
