import { SERVER_ASSIGNED_ATTRIBUTES, type PatchOperation, type ScimUser } from '@celonis-scim/core';
import type { IDataObject } from 'n8n-workflow';
import {
  ENTERPRISE,
  FIELDS,
  mergeTyped,
  type FieldSpec,
  type TypedSlot,
} from '../../../shared/userFields';

// From the node's fields to SCIM: the body of a new user and the PATCH operations of an update.

/** Attributes the node sets itself (userName) or the server assigns (core's table). */
const RESERVED = new Set(['userName', ...SERVER_ASSIGNED_ATTRIBUTES]);

function parseCustom(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  let problem: string | undefined;
  try {
    return JSON.parse(raw);
  } catch (e) {
    problem = (e as Error).message;
  }
  throw new TypeError(
    `Custom Attributes is not valid JSON (${problem}): write a JSON object, e.g. {"nickName": "JD"}`,
  );
}

function customAttributes(fields: IDataObject): IDataObject {
  const raw = fields.customAttributes;
  if (raw === undefined || raw === '' || raw === null) return {};
  const parsed = parseCustom(raw);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new TypeError('Custom Attributes must be a JSON object, e.g. {"nickName": "JD"}');
  for (const key of Object.keys(parsed)) {
    const k = key.toLowerCase();
    const reserved = [...RESERVED].find((r) => r.toLowerCase() === k);
    if (reserved)
      throw new TypeError(
        reserved === 'userName'
          ? 'Custom Attributes may not set "userName": use the userName field'
          : `Custom Attributes may not set "${reserved}": the server assigns it`,
      );
  }
  const schemas = (parsed as IDataObject).schemas;
  if (
    schemas !== undefined &&
    !(Array.isArray(schemas) && schemas.every((x) => typeof x === 'string'))
  )
    throw new TypeError(
      'Custom Attributes: "schemas" must be an array of schema URIs; leave it out and the node fills it in',
    );
  return parsed as IDataObject;
}

function given(fields: IDataObject): Array<[string, FieldSpec, unknown]> {
  return Object.entries(fields)
    .filter(([key, v]) => FIELDS[key] && v !== undefined && v !== '')
    .map(([key, v]) => [key, FIELDS[key] as FieldSpec, v]);
}

/** The typed values the fields give, by multi-valued attribute. */
function typedValues(
  fields: IDataObject,
): Map<TypedSlot['attribute'], Array<[TypedSlot, unknown]>> {
  const out = new Map<TypedSlot['attribute'], Array<[TypedSlot, unknown]>>();
  for (const [, spec, v] of given(fields)) {
    if (!spec.typed) continue;
    const list = out.get(spec.typed.attribute) ?? [];
    list.push([spec.typed, v]);
    out.set(spec.typed.attribute, list);
  }
  return out;
}

/** A new SCIM user from the userName and the chosen fields. */
export function buildUser(userName: string, fields: IDataObject): ScimUser {
  const user: ScimUser = { userName, ...customAttributes(fields) };
  for (const [key, spec, v] of given(fields)) {
    if (spec.typed) continue;
    const value = spec.value ? spec.value(v) : v;
    if (key === 'givenName' || key === 'familyName')
      user.name = { ...(user.name ?? {}), [key]: value as string };
    else if (spec.path.startsWith(`${ENTERPRISE}:`))
      user[ENTERPRISE] = {
        ...((user[ENTERPRISE] as IDataObject) ?? {}),
        [spec.path.slice(ENTERPRISE.length + 1)]: value as IDataObject[string],
      };
    else user[key] = value;
  }
  for (const [attribute, values] of typedValues(fields))
    user[attribute] = mergeTyped(undefined, values);
  return user;
}

/** Whether any chosen field writes into a multi-valued list (which needs the current user). */
export function needsCurrent(fields: IDataObject): boolean {
  return given(fields).some(([, spec]) => spec.typed !== undefined);
}

/**
 * PATCH operations setting the chosen fields. With `current`, only the fields whose value
 * differs are sent, which makes Upsert idempotent; a typed value (the work e-mail, a phone
 * number, a part of the work address) is merged into the current list, so the others stay.
 */
export function patchOperations(fields: IDataObject, current?: ScimUser): PatchOperation[] {
  const ops: PatchOperation[] = [];
  for (const [, spec, v] of given(fields)) {
    if (spec.typed || (current && spec.read(current) === v)) continue;
    ops.push({ op: 'replace', path: spec.path, value: spec.value ? spec.value(v) : v });
  }
  for (const [attribute, values] of typedValues(fields)) {
    const before = current?.[attribute] as Array<Record<string, unknown>> | undefined;
    const after = mergeTyped(before, values);
    if (JSON.stringify(after) !== JSON.stringify(before ?? []))
      ops.push({ op: 'replace', path: attribute, value: after });
  }
  for (const [key, v] of Object.entries(customAttributes(fields))) {
    if (current && JSON.stringify(current[key]) === JSON.stringify(v)) continue;
    ops.push({ op: 'replace', path: key, value: v });
  }
  return ops;
}
