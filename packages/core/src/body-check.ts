import { shownValue, type ValueProblem } from './ids.js';

const LONE_SURROGATE = /\p{Cs}/u;
/** Deeper than any SCIM resource; past it the server's own nesting limit answers. */
const MAX_DEPTH = 64;

/**
 * The first string of a request body (value or key) holding an unpaired UTF-16 surrogate, with
 * where it is. JSON.stringify would send it as a `\ud800` escape that no server can store as
 * text: better refused here, naming the attribute, than answered with a 400 after the request.
 */
export function brokenText(
  value: unknown,
  where = 'the body',
  depth = 0,
): ValueProblem | undefined {
  if (typeof value === 'string') {
    if (!LONE_SURROGATE.test(value)) return undefined;
    return {
      detail: `${where} ${shownValue(value)} contains a broken character (an unpaired UTF-16 surrogate)`,
      hint: 'Check where the value comes from: a string cut in the middle of a character (an emoji split by slice(), say) cannot be stored. Fix the text before sending.',
    };
  }
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = brokenText(value[i], `${where}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const [key, v] of Object.entries(value)) {
    const named = depth === 0 && where === 'the body' ? key : `${where}.${key}`;
    if (LONE_SURROGATE.test(key))
      return brokenText(key, `the attribute name in ${where}`, depth + 1);
    const problem = brokenText(v, named, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}
