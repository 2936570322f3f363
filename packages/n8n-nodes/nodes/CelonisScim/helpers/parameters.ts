import {
  brokenText,
  idProblem,
  type GetOptions,
  type ScimClient,
  type ScimUser,
} from '@celonis-scim/core';
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { findUserBy, KEY_WORDS } from './locator';
import { buildUser } from './mapping';
import { readOutput, requestedAttributes, type OutputChoice } from './output';

// Reading and checking the node's parameters before anything is sent.

/** What a field holds, in words, for an error message (never the value itself). */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * The userName, fields and SCIM body of the user Create and Upsert make, checked before anything
 * is sent: an expression may hand the userName field a number or a list, and a bad Custom
 * Attributes JSON is better found before Upsert's lookup than after it.
 */
export function readNewUser(
  ctx: IExecuteFunctions,
  i: number,
): { userName: string; fields: IDataObject; user: ScimUser } {
  const raw: unknown = ctx.getNodeParameter('userName', i);
  if (typeof raw !== 'string')
    throw new NodeOperationError(ctx.getNode(), `userName must be text, not ${kindOf(raw)}`, {
      itemIndex: i,
      description: 'Map a text value to userName, e.g. {{ $json.email }}.',
    });
  const userName = raw.trim();
  if (!userName)
    throw new NodeOperationError(ctx.getNode(), 'userName is empty', {
      itemIndex: i,
      description: 'Enter the login name of the user, usually the e-mail address.',
    });
  const fields = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
  let user: ScimUser;
  try {
    user = buildUser(userName, fields);
  } catch (e) {
    throw new NodeOperationError(ctx.getNode(), (e as Error).message, { itemIndex: i });
  }
  // Checked here, before Upsert's lookup: text no server can store is refused without a request.
  const broken = brokenText(user);
  if (broken)
    throw new NodeOperationError(ctx.getNode(), broken.detail, {
      itemIndex: i,
      description: broken.hint,
    });
  return { userName, fields, user };
}

export function readOptions(
  ctx: IExecuteFunctions,
  i: number,
): { output: OutputChoice; get: GetOptions } {
  const output = readOutput(ctx, i);
  const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
  const attributes = output.legacy
    ? String(options.attributes ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean)
    : requestedAttributes(output);
  return { output, get: attributes.length ? { attributes } : {} };
}

export function readLimit(ctx: IExecuteFunctions, i: number): number | undefined {
  if (ctx.getNodeParameter('returnAll', i, false) as boolean) return undefined;
  return ctx.getNodeParameter('limit', i, 50) as number;
}

/**
 * The fields with the manager looked up: "Manager" names them by userName, employee number or
 * external ID (as "Manager Identified By" says) and SCIM stores their id. Done before anything
 * is written, so an unknown manager changes nothing.
 */
export async function withManager(
  ctx: IExecuteFunctions,
  client: ScimClient,
  i: number,
  fields: IDataObject,
): Promise<IDataObject> {
  const { manager, managerIdType, ...rest } = fields;
  const value = typeof manager === 'string' ? manager.trim() : '';
  if (!value) return rest;
  const mode = typeof managerIdType === 'string' ? managerIdType : 'userName';
  if (mode === 'id') {
    const problem = idProblem(value, 'the manager ID');
    if (problem)
      throw new NodeOperationError(ctx.getNode(), problem.detail, {
        itemIndex: i,
        description: problem.hint,
      });
    return { ...rest, managerId: value };
  }
  const found = await findUserBy(ctx, client, i, mode, value);
  if (!found?.id)
    throw new NodeOperationError(
      ctx.getNode(),
      `No manager with ${KEY_WORDS[mode] ?? mode} ${JSON.stringify(value)} in this team`,
      {
        itemIndex: i,
        description:
          'Create the manager first (their item earlier in the run), or fix the value under "Manager".',
      },
    );
  return { ...rest, managerId: found.id };
}
