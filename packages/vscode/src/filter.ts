import {
  quoteFilterValue,
  validateFilter,
  type ResourceClient,
  type ScimClient,
  type ScimResource,
} from '@celonis-scim/core';

export type FolderType = 'Users' | 'Groups';

/** The client's users or groups, for code that works on either folder alike. */
export function resourcesOf(client: ScimClient, type: FolderType): ResourceClient<ScimResource> {
  // ResourceClient is invariant in its resource (its methods take and return it); the editor
  // and the tree handle both kinds as plain JSON resources.
  return type === 'Users'
    ? (client.users as unknown as ResourceClient<ScimResource>)
    : (client.groups as unknown as ResourceClient<ScimResource>);
}

/** The SCIM resource type of a folder (`User`, `Group`), as the attribute table names it. */
export function resourceTypeOf(type: FolderType): 'User' | 'Group' {
  return type === 'Users' ? 'User' : 'Group';
}

export interface FolderFilter {
  /** What the user typed (shown in the folder's description). */
  text: string;
  /** The SCIM filter sent to the server. */
  scim: string;
}

const OPERATOR = /\s(eq|ne|co|sw|ew|gt|ge|lt|le)\s|\spr\b|[[\]()]/i;

/** Text that looks like a SCIM filter rather than a name to look for. */
export function looksLikeScimFilter(text: string): boolean {
  return OPERATOR.test(` ${text.trim()} `);
}

/** Plain text: matched (contains) on userName, displayName and e-mail, or displayName for groups. */
export function plainTextFilter(type: FolderType, text: string): string {
  const v = quoteFilterValue(text.trim());
  return type === 'Users'
    ? `userName co ${v} or displayName co ${v} or emails.value co ${v}`
    : `displayName co ${v}`;
}

/**
 * Turns what was typed into a filter, or explains what is wrong with it; nothing is sent until
 * this returns a filter.
 */
export function toFolderFilter(
  type: FolderType,
  input: string,
): { filter?: FolderFilter; error?: string } {
  const text = input.trim();
  if (!text) return {};
  if (!looksLikeScimFilter(text)) return { filter: { text, scim: plainTextFilter(type, text) } };
  const checked = validateFilter(text);
  if (!checked.ok) {
    const e = checked.error;
    return {
      error: `Not a valid SCIM filter: at column ${e.position + 1} expected ${e.expected} but found ${e.found}. Example: userName sw "ada" and active eq true. Plain text (no operators) searches names and e-mails.`,
    };
  }
  return { filter: { text, scim: text } };
}
