import { quoteFilterValue } from '@celonis-scim/core';
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { clientForNode } from '../../../shared/context';
import { toNodeError } from '../../../shared/errors';

const PAGE = 50;

function nextToken(startIndex: number, got: number, total: number | undefined): string | undefined {
  const next = startIndex + got;
  return got > 0 && (total === undefined || next <= total) ? String(next) : undefined;
}

export async function searchUsers(
  this: ILoadOptionsFunctions,
  filter?: string,
  paginationToken?: string,
): Promise<INodeListSearchResult> {
  const startIndex = Number(paginationToken) || 1;
  try {
    const client = await clientForNode(this);
    const text = filter?.trim();
    const page = await client.users.listPage({
      startIndex,
      count: PAGE,
      attributes: ['userName', 'displayName', 'active'],
      ...(text
        ? {
            filter: `userName sw ${quoteFilterValue(text)} or displayName sw ${quoteFilterValue(text)}`,
          }
        : {}),
    });
    const users = page.Resources ?? [];
    const token = nextToken(startIndex, users.length, page.totalResults);
    return {
      results: users.map((u) => ({
        name: `${u.displayName ? `${u.displayName} (${u.userName})` : u.userName}${u.active === false ? ' - inactive' : ''}`,
        value: u.id ?? '',
      })),
      ...(token ? { paginationToken: token } : {}),
    };
  } catch (e) {
    throw toNodeError(this.getNode(), e, 0);
  }
}

export async function searchGroups(
  this: ILoadOptionsFunctions,
  filter?: string,
  paginationToken?: string,
): Promise<INodeListSearchResult> {
  const startIndex = Number(paginationToken) || 1;
  try {
    const client = await clientForNode(this);
    const text = filter?.trim();
    const page = await client.groups.listPage({
      startIndex,
      count: PAGE,
      attributes: ['displayName'],
      ...(text ? { filter: `displayName sw ${quoteFilterValue(text)}` } : {}),
    });
    const groups = page.Resources ?? [];
    const token = nextToken(startIndex, groups.length, page.totalResults);
    return {
      results: groups.map((g) => ({ name: g.displayName, value: g.id ?? '' })),
      ...(token ? { paginationToken: token } : {}),
    };
  } catch (e) {
    throw toNodeError(this.getNode(), e, 0);
  }
}
