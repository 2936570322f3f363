import { badRequest } from '../errors.js';
import type { Row } from '../store.js';
import type { Json, JsonObject } from '../types.js';
import type { CelonisTeamConfig } from './options.js';
import { CELONIS_USER, MAX_NAME } from './schema.js';

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const keyOf = (o: JsonObject, name: string) =>
  Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());

/** Takes `name` out of `o` (any case), returning its value. */
function take(o: JsonObject, name: string): Json | undefined {
  const k = keyOf(o, name);
  if (k === undefined) return undefined;
  const v = o[k];
  delete o[k];
  return v;
}

/**
 * The extension values of a body, from the top level (as Celonis' samples send them) and from
 * under the URN key; the same attribute in both places with different values is refused.
 */
function extensionValues(doc: JsonObject): { role?: Json; invite?: Json } {
  const urnKey = keyOf(doc, CELONIS_USER);
  const ext = urnKey === undefined ? {} : doc[urnKey];
  if (!isObject(ext))
    throw badRequest(
      'invalidValue',
      `"${CELONIS_USER}" must be an object such as {"role": "MEMBER"}.`,
    );
  if (urnKey !== undefined) delete doc[urnKey];
  const out: { role?: Json; invite?: Json } = {};
  for (const [attr, field] of [
    ['role', 'role'],
    ['sendEmailOnInvitation', 'invite'],
  ] as const) {
    const top = take(doc, attr);
    const nested = take(ext, attr);
    if (top !== undefined && nested !== undefined && JSON.stringify(top) !== JSON.stringify(nested))
      throw badRequest(
        'invalidValue',
        `"${attr}" is given at the top level (${JSON.stringify(top)}) and under "${CELONIS_USER}" (${JSON.stringify(nested)}); send it once.`,
      );
    const v = nested ?? top;
    if (v !== undefined && v !== null) out[field] = v;
  }
  const unknown = Object.keys(ext);
  if (unknown.length > 0)
    throw badRequest(
      'invalidValue',
      `Unknown attribute ${JSON.stringify(unknown[0])} in ${CELONIS_USER}: it has role and sendEmailOnInvitation.`,
    );
  return out;
}

function roleOf(team: CelonisTeamConfig, v: Json): string {
  const found =
    typeof v === 'string' ? team.roles.find((r) => r === v.trim().toUpperCase()) : undefined;
  if (!found)
    throw badRequest(
      'invalidValue',
      `role must be one of ${team.roles.join(', ')} (see canonicalValues in /Schemas/${CELONIS_USER}), got ${JSON.stringify(v)}.`,
    );
  return found;
}

function inviteOf(v: Json | undefined): boolean {
  if (v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim()))
    return v.trim().toLowerCase() === 'true';
  throw badRequest(
    'invalidValue',
    `sendEmailOnInvitation must be true or false (or the string "true" / "false"), got ${JSON.stringify(v)}.`,
  );
}

/** userName, displayName, name.givenName and name.familyName: at most 100 characters. */
function checkNameLengths(doc: JsonObject): void {
  const name = isObject(doc.name) ? doc.name : {};
  const names: Array<[string, Json | undefined]> = [
    ['userName', doc.userName],
    ['displayName', doc[keyOf(doc, 'displayName') ?? 'displayName']],
    ['name.givenName', name[keyOf(name, 'givenName') ?? 'givenName']],
    ['name.familyName', name[keyOf(name, 'familyName') ?? 'familyName']],
  ];
  for (const [attr, v] of names) {
    if (typeof v === 'string' && [...v].length > MAX_NAME)
      throw badRequest(
        'invalidValue',
        `${attr} is ${[...v].length} characters long; names longer than ${MAX_NAME} characters are not accepted.`,
      );
  }
}

/** An e-mail list as compared for a change: values in lower case, in no particular order. */
function emailSet(v: Json | undefined): string {
  const items = Array.isArray(v) ? v.filter(isObject) : [];
  return JSON.stringify(
    items
      .map((e) =>
        JSON.stringify(
          Object.entries(e)
            .map(([k, x]) => [k, k === 'value' && typeof x === 'string' ? x.toLowerCase() : x])
            .sort(([a], [b]) => String(a).localeCompare(String(b))),
        ),
      )
      .sort(),
  );
}

/**
 * Celonis: "Email updates are forbidden". The userName (the user's address too) and the e-mails
 * are immutable in /Schemas (schema.ts), and a PUT is held to that: they must be sent as stored
 * (a change of letter case is no change); e-mails left out are kept.
 */
function checkEmailKept(doc: JsonObject, prev: Row): void {
  const before = prev.data;
  const changedUserName =
    String(doc.userName).toLowerCase() !== String(before.userName).toLowerCase();
  const emailsKey = keyOf(doc, 'emails');
  if (emailsKey === undefined && before.emails !== undefined) doc.emails = before.emails;
  const changedEmails =
    emailsKey !== undefined && emailSet(doc[emailsKey]) !== emailSet(before.emails);
  if (changedUserName || changedEmails)
    throw badRequest(
      'mutability',
      `Email updates are forbidden: user ${prev.id} keeps its ${changedUserName ? `userName ${JSON.stringify(before.userName)}` : `e-mails ${JSON.stringify(before.emails ?? [])}`}. To use another address, create a new user.`,
    );
}

/** What a Celonis user write stores and what it sets off. */
export interface PreparedUser {
  role: string;
  active: boolean;
  /** Create with sendEmailOnInvitation: record an invitation. */
  invite: boolean;
}

/**
 * Applies the Celonis user rules to a validated document about to be stored (`prev` for a PUT):
 * the extension moved under its URN with the role checked (MEMBER by default), the invitation
 * flag taken out (it is an action, not an attribute), names at most 100 characters, the e-mail
 * unchanged. The licence is checked by the caller, which knows the other users.
 */
export function prepareUser(
  team: CelonisTeamConfig,
  doc: JsonObject,
  prev: Row | undefined,
): PreparedUser {
  const { role, invite } = extensionValues(doc);
  checkNameLengths(doc);
  if (prev) checkEmailKept(doc, prev);
  const prevRole = (prev?.data[CELONIS_USER] as JsonObject | undefined)?.role;
  // A PUT that leaves role out keeps it: a client unaware of roles must not demote anyone.
  const finalRole =
    role !== undefined ? roleOf(team, role) : typeof prevRole === 'string' ? prevRole : 'MEMBER';
  doc[CELONIS_USER] = { role: finalRole };
  const schemas = Array.isArray(doc.schemas) ? (doc.schemas as string[]) : [];
  if (!schemas.includes(CELONIS_USER)) doc.schemas = [...schemas, CELONIS_USER];
  // Checked on PUT too, although only a create invites: a bad value is a mistake either way.
  const wantsInvite = inviteOf(invite);
  return { role: finalRole, active: doc.active !== false, invite: !prev && wantsInvite };
}
