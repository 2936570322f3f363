import { quoteFilterValue } from '@celonis-scim/core';
import { coreParseFilter } from './core-compat.js';

export type FolderType = 'Users' | 'Groups';

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
  const parse = coreParseFilter();
  if (parse) {
    try {
      parse(text);
    } catch (e) {
      return { error: filterErrorMessage(text, e) };
    }
  }
  return { filter: { text, scim: text } };
}

function filterErrorMessage(text: string, e: unknown): string {
  const err = e as { message?: string; position?: number };
  const msg = err.message ?? String(e);
  const at = typeof err.position === 'number' ? ` (at column ${err.position + 1})` : '';
  return `Not a valid SCIM filter${at}: ${msg}. Example: userName sw "ada" and active eq true. Plain text (no operators) searches names and e-mails.`;
}
