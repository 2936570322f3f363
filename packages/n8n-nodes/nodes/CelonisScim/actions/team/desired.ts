import {
  SyncError,
  compileMapping,
  userFromRecord,
  type DesiredState,
  type DesiredUser,
  type ScimSchema,
} from '@celonis-scim/core';
import { toNodeError } from '../../../../shared/errors';
import {
  NodeOperationError,
  type IDataObject,
  type IExecuteFunctions,
  type ResourceMapperValue,
} from 'n8n-workflow';

export const INPUT_FILE = 'input';

/** What one input item asks for: its mapped fields and its groups. */
function recordOf(ctx: IExecuteFunctions, i: number): { fields: IDataObject; groups: string[] } {
  const mapper = ctx.getNodeParameter('fields', i, null) as ResourceMapperValue | null;
  const fields: IDataObject = {};
  for (const [k, v] of Object.entries(mapper?.value ?? {}))
    if (v !== null && v !== undefined && v !== '') fields[k] = v;
  const groups = String(ctx.getNodeParameter('groups', i, '') ?? '')
    .split(/[|,\n]/)
    .map((g) => g.trim())
    .filter(Boolean);
  return { fields, groups };
}

export function itemError(ctx: IExecuteFunctions, e: SyncError, i: number): NodeOperationError {
  const field = e.column ? `, field "${e.column}"` : '';
  return new NodeOperationError(ctx.getNode(), `Item ${i + 1}${field}: ${e.detail}`, {
    itemIndex: i,
    description:
      e.code === 'mapping'
        ? 'Pick the field from the list under "Fields": the team does not have this attribute.'
        : 'Fix the value in the input item; nothing was sent to the team.',
  });
}

/**
 * The input items as the desired state of the team, one user per item (SourceRef row = item
 * number). Every item is read; the errors of all bad items are returned together, because a
 * sync must not run on a partial input (a user left out would look like a leaver).
 */
export function desiredFromItems(
  ctx: IExecuteFunctions,
  count: number,
  schemas: readonly ScimSchema[],
): { desired: DesiredState; errors: Array<{ index: number; error: NodeOperationError }> } {
  const records = Array.from({ length: count }, (_, i) => recordOf(ctx, i));
  const columns = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.fields)) columns.add(k);
  const mapping = compileMapping(Object.fromEntries([...columns].map((c) => [c, c])), {
    schemas,
    file: INPUT_FILE,
  });
  const users: DesiredUser[] = [];
  const errors: Array<{ index: number; error: NodeOperationError }> = [];
  records.forEach((r, index) => {
    try {
      const user = userFromRecord(
        (c) => r.fields[c],
        mapping,
        { file: INPUT_FILE, row: index + 1 },
        '|',
      );
      users.push(r.groups.length > 0 ? { ...user, groups: r.groups } : user);
    } catch (e) {
      if (!(e instanceof SyncError)) throw toNodeError(ctx.getNode(), e, index);
      errors.push({ index, error: itemError(ctx, e, index) });
    }
  });
  return { desired: { users, groups: [] }, errors };
}
