import * as core from '@celonis-scim/core';
import type { PatchOperation } from '@celonis-scim/core';

/**
 * The filter parser and the diff-to-PATCH function of the core, looked up by name so that this
 * extension builds against core versions with and without them. Without a parser, filters go
 * to the server unchecked; without diffToPatch, saves are sent as PUT.
 */
type ParseFilter = (text: string) => unknown;
type DiffToPatch = (before: unknown, after: unknown) => PatchOperation[];

const exported = core as unknown as Record<string, unknown>;

export function coreParseFilter(): ParseFilter | undefined {
  const f = exported.parseFilter;
  return typeof f === 'function' ? (f as ParseFilter) : undefined;
}

export function coreDiffToPatch(): DiffToPatch | undefined {
  const f = exported.diffToPatch;
  return typeof f === 'function' ? (f as DiffToPatch) : undefined;
}
