import { ScimError } from '../errors.js';
import type { Notes } from '../notes.js';

/** `attributes` / `excludedAttributes` of a read (RFC 7644 3.4.2.5). */
export interface View {
  attributes?: string | string[] | undefined;
  excludedAttributes?: string | string[] | undefined;
}

/** The key of the note, and of what it records: this server refuses attribute lists. */
export const VIEWS_REFUSED = 'attributes-refused';

const named = (v: string | string[] | undefined): boolean =>
  Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v !== '';

function hasView(view: View): boolean {
  return named(view.attributes) || named(view.excludedAttributes);
}

/**
 * A 400 that may be about the attribute list: invalidValue or invalidSyntax (or no scimType,
 * or words naming attributes) on a request that carried one. A filter refusal is not, and the
 * request also carries a filter or a cursor, so only a read without the list settles it.
 */
function maybeRefused(e: unknown): e is ScimError {
  if (!(e instanceof ScimError) || e.kind !== 'invalid' || e.status !== 400) return false;
  if (e.scimType === undefined || e.scimType === 'invalidValue' || e.scimType === 'invalidSyntax')
    return true;
  return /attribute/i.test(e.detail ?? '');
}

const shown = (v: string | string[] | undefined): string =>
  Array.isArray(v) ? v.join(',') : (v ?? '');

/**
 * Reads with the attribute list, or whole resources where the server refuses such lists
 * (SCIMMY 1.3.5 answers 400 to any list naming an extension attribute). Learned once per
 * client, with a note: once a read without the list passed where the list was refused, later
 * reads of that client go without it. A read without the list that fails too was refused for
 * another reason: the first error is thrown.
 */
export async function withViewFallback<T>(
  notes: Notes,
  view: View,
  read: (view: View) => Promise<T>,
): Promise<T> {
  if (!hasView(view)) return read(view);
  if (notes.has(VIEWS_REFUSED)) return read({});
  try {
    return await read(view);
  } catch (e) {
    if (!maybeRefused(e)) throw e;
    let whole: T;
    try {
      whole = await read({});
    } catch {
      throw e;
    }
    const list = named(view.attributes)
      ? `attributes=${shown(view.attributes)}`
      : `excludedAttributes=${shown(view.excludedAttributes)}`;
    notes.add(
      VIEWS_REFUSED,
      `The server refused ${list} (${e.detail ?? `HTTP ${e.status}`}); this client reads whole resources from now on.`,
    );
    return whole;
  }
}
