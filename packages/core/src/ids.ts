/**
 * Checks of values that become part of a request URL. A resource id is percent-encoded into the
 * path, yet some ids still address something else: "." and ".." are dot segments the URL parser
 * resolves away (GET /Users/. is the user list), and ".search" is the search endpoint. Ids are
 * assigned by the server and never hold a path, query, fragment or control character, so such an
 * id is a pasted URL or a broken expression: it is refused before anything is sent.
 */

export interface ValueProblem {
  /** What is wrong, naming the value (quoted, shortened). */
  detail: string;
  /** How to fix it. */
  hint: string;
}

const LONE_SURROGATE = /\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const DOT_SEGMENT = /^\.{1,2}$/;
const RESERVED = /^\.search$/i;
const URL_DELIMITER = /[/?#]/;

const ID_HINT =
  'Pass the "id" attribute of an existing resource (e.g. 2819c223-7f76-453a-919d-413861904646), as the server returned it.';

/** A value as a message shows it: JSON-quoted (escapes visible), at most 60 characters. */
export function shownValue(value: string): string {
  if (value.length <= 60) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, 60)).slice(0, -1)}…" (${value.length} characters)`;
}

/** Why a string cannot travel in a URL (a lone surrogate), or undefined. */
export function urlComponentProblem(value: string, what: string): ValueProblem | undefined {
  if (!LONE_SURROGATE.test(value)) return undefined;
  return {
    detail: `${what} ${shownValue(value)} contains a broken character (an unpaired UTF-16 surrogate)`,
    hint: `Check where ${what} comes from: a string cut in the middle of a character (an emoji split by slice(), say) cannot be sent, and replacing the broken half could name something else.`,
  };
}

/** Why a value cannot be a resource id, or undefined when it can. */
export function idProblem(id: unknown, what = 'the id'): ValueProblem | undefined {
  if (typeof id !== 'string' || id.trim() === '')
    return {
      detail: `${what} is empty`,
      hint: 'An id is a non-empty string: pass the "id" attribute of an existing resource, not its name.',
    };
  const broken = urlComponentProblem(id, what);
  if (broken) return broken;
  const shown = shownValue(id);
  if (CONTROL.test(id))
    return {
      detail: `${what} ${shown} contains a control character (a line break?)`,
      hint: `Remove line breaks, tabs and other control characters. ${ID_HINT}`,
    };
  if (DOT_SEGMENT.test(id))
    return {
      detail: `${what} ${shown} is a path segment, not an id (the URL would resolve it to another endpoint)`,
      hint: ID_HINT,
    };
  if (RESERVED.test(id))
    return {
      detail: `${what} ${shown} names the search endpoint, not a resource`,
      hint: ID_HINT,
    };
  const delimiter = URL_DELIMITER.exec(id)?.[0];
  if (delimiter)
    return {
      detail: `${what} ${shown} contains "${delimiter}", which no id holds (a URL or path was passed)`,
      hint: `Pass the id alone, not a URL or path. ${ID_HINT}`,
    };
  return undefined;
}
