import { quoteFilterValue, type ScimClient } from '@celonis-scim/core';
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { clientForNode } from '../../../shared/context';
import { toNodeError } from '../../../shared/errors';

const PAGE = 50;

function nextToken(startIndex: number, got: number, total: number | undefined): string | undefined {
  const next = startIndex + got;
  return got > 0 && (total === undefined || next <= total) ? String(next) : undefined;
}

interface Page<T> {
  Resources?: T[];
  totalResults?: number;
}

/**
 * One page of a resource list for a resource locator: `fetch` reads the page (with the search
 * text, if any), `name` says how a resource shows in the list.
 */
async function searchPage<T extends { id?: string }>(
  ctx: ILoadOptionsFunctions,
  filter: string | undefined,
  paginationToken: string | undefined,
  fetch: (client: ScimClient, startIndex: number, text: string | undefined) => Promise<Page<T>>,
  name: (resource: T) => string,
): Promise<INodeListSearchResult> {
  const startIndex = Number(paginationToken) || 1;
  try {
    const client = await clientForNode(ctx);
    const page = await fetch(client, startIndex, filter?.trim() || undefined);
    const resources = page.Resources ?? [];
    const token = nextToken(startIndex, resources.length, page.totalResults);
    return {
      results: resources.map((r) => ({ name: name(r), value: r.id ?? '' })),
      ...(token ? { paginationToken: token } : {}),
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
