import { evaluateFilter } from '../filter/evaluate.js';
import { FilterSyntaxError } from '../filter/errors.js';
import type { FilterNode } from '../filter/ast.js';
import { parseFilter } from '../filter/parser.js';
import { SyncError } from './errors.js';
import type { GroupRule } from './types.js';

export interface CompiledRule extends GroupRule {
  node: FilterNode;
}

/** Checks every rule with core's filter parser before anything is read. */
export function compileRules(rules: readonly GroupRule[] | undefined): CompiledRule[] {
  if (rules === undefined) return [];
  if (!Array.isArray(rules))
    throw new SyncError({
      code: 'options',
      message: 'rules must be an array of { group, filter }',
    });
  return rules.map((r, i) => {
    if (!r || typeof r.group !== 'string' || r.group.trim() === '')
      throw new SyncError({
        code: 'options',
        message: `rules[${i}]: "group" must be the displayName of a group`,
      });
    if (typeof r.filter !== 'string')
      throw new SyncError({
        code: 'options',
        message: `rules[${i}] (${r.group}): "filter" must be a SCIM filter, e.g. department eq "Finance"`,
      });
    try {
      return { group: r.group.trim(), filter: r.filter, node: parseFilter(r.filter) };
    } catch (e) {
      if (!(e instanceof FilterSyntaxError)) throw e;
      throw new SyncError({
        code: 'options',
        message: `rules[${i}] (${r.group}): ${e.message}`,
        cause: e,
      });
    }
  });
}

/** The rules whose filter the user record satisfies. */
export function rulesFor(
  rules: readonly CompiledRule[],
  record: Record<string, unknown>,
): CompiledRule[] {
  return rules.filter((r) => evaluateFilter(r.node, record));
}
