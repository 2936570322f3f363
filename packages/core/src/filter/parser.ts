import {
  COMPARE_OPS,
  type AttributePath,
  type CompareOp,
  type FilterNode,
  type FilterValue,
} from './ast.js';
import { Lexer, type Token } from './lexer.js';
import { isAttributeName, splitAttributePath } from './path.js';

export const EXPECTED_OPERATOR = 'a comparison operator (eq, ne, co, sw, ew, gt, lt, ge, le, pr)';
export const EXPECTED_VALUE = 'a value (a "quoted string", a number, true, false or null)';
export const EXPECTED_PATH = 'an attribute path (e.g. userName, name.familyName, emails.value)';
const EXPECTED_START = `${EXPECTED_PATH}, "(" or "not ("`;
const NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const OPS = new Set<string>([...COMPARE_OPS, 'pr']);

/** Where an expression ends: at the end of the text, a ")" or a "]". */
type Closer = 'eof' | ')' | ']';

/**
 * Parses a SCIM filter (RFC 7644 section 3.4.2.2): precedence not > and > or, grouping,
 * value paths, JSON values; keywords and operators case-insensitive.
 * Throws FilterSyntaxError naming the position and what was expected.
 */
export function parseFilter(text: string): FilterNode {
  if (typeof text !== 'string')
    throw new TypeError(`a SCIM filter must be a string, got ${typeof text}`);
  const lx = new Lexer(text, 'SCIM filter');
  if (lx.peek().kind === 'eof')
    lx.fail(lx.peek().pos, 'a filter expression such as userName eq "bjensen"', 'an empty filter');
  const node = parseOr(lx, false);
  expectCloser(lx, 'eof');
  return node;
}

function parseOr(lx: Lexer, inVal: boolean): FilterNode {
  const filters = [parseAnd(lx, inVal)];
  while (isWord(lx.peek(), 'or')) {
    lx.next();
    filters.push(parseAnd(lx, inVal));
  }
  return filters.length === 1 ? (filters[0] as FilterNode) : { type: 'or', filters };
}

function parseAnd(lx: Lexer, inVal: boolean): FilterNode {
  const filters = [parseUnary(lx, inVal)];
  while (isWord(lx.peek(), 'and')) {
    lx.next();
    filters.push(parseUnary(lx, inVal));
  }
  return filters.length === 1 ? (filters[0] as FilterNode) : { type: 'and', filters };
}

function parseUnary(lx: Lexer, inVal: boolean): FilterNode {
  const t = lx.next();
  if (t.kind === '(') {
    const inner = parseOr(lx, inVal);
    expectCloser(lx, ')');
    return inner;
  }
  if (t.kind !== 'word') lx.fail(t.pos, EXPECTED_START, lx.describe(t));
  if (t.text.toLowerCase() === 'not') {
    const after = lx.peek();
    if (after.kind === '(') {
      lx.next();
      const inner = parseOr(lx, inVal);
      expectCloser(lx, ')');
      return { type: 'not', filter: inner };
    }
    // "not" is also a legal attribute name: treat it as one when an operator or "[" follows.
    if (!(after.kind === '[' || (after.kind === 'word' && OPS.has(after.text.toLowerCase()))))
      lx.fail(after.pos, '"(" after not (write not (filter))', lx.describe(after));
  }
  return parseAttrExp(lx, t, inVal);
}

function parseAttrExp(lx: Lexer, pathTok: Token, inVal: boolean): FilterNode {
  const path = checkPath(lx, pathTok);
  const t = lx.next();
  if (t.kind === '[') {
    if (inVal)
      lx.fail(t.pos, `${EXPECTED_OPERATOR} (value filters cannot be nested)`, lx.describe(t));
    const filter = parseOr(lx, true);
    expectCloser(lx, ']');
    return { type: 'valuePath', path, filter };
  }
  const op = t.kind === 'word' ? t.text.toLowerCase() : '';
  if (!OPS.has(op)) lx.fail(t.pos, EXPECTED_OPERATOR, lx.describe(t));
  if (op === 'pr') return { type: 'present', path };
  return { type: 'compare', op: op as CompareOp, path, value: parseValue(lx) };
}

function parseValue(lx: Lexer): FilterValue {
  const t = lx.next();
  if (t.kind === 'string') return t.value as string;
  if (t.kind === 'word') {
    const w = t.text.toLowerCase();
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    if (NUMBER_RE.test(t.text)) return Number(t.text);
  }
  return lx.fail(t.pos, EXPECTED_VALUE, lx.describe(t));
}

function checkPath(lx: Lexer, t: Token): string {
  if (!splitAttributePath(t.text)) lx.fail(t.pos, EXPECTED_PATH, lx.describe(t));
  return t.text;
}

function expectCloser(lx: Lexer, closer: Closer): void {
  const t = lx.peek();
  if (t.kind === closer) {
    lx.next();
    return;
  }
  const end = closer === 'eof' ? 'the end of the filter' : `"${closer}"`;
  lx.fail(t.pos, `"and", "or" or ${end}`, lx.describe(t));
}

function isWord(t: Token, word: string): boolean {
  return t.kind === 'word' && t.text.toLowerCase() === word;
}

/** A parsed RFC 7644 section 3.5.2 PATH: attrPath / valuePath [subAttr]. */
export interface PatchPath {
  path: string;
  attribute: AttributePath;
  filter?: FilterNode;
  subAttr?: string;
}

/** Parses a PATCH operation path or throws FilterSyntaxError (subject "PATCH path"). */
export function parsePatchPath(text: string): PatchPath {
  if (typeof text !== 'string')
    throw new TypeError(`a PATCH path must be a string, got ${typeof text}`);
  const lx = new Lexer(text, 'PATCH path');
  const t = lx.next();
  if (t.kind !== 'word')
    lx.fail(t.pos, EXPECTED_PATH, t.kind === 'eof' ? 'an empty path' : lx.describe(t));
  const attribute = splitAttributePath(t.text);
  if (!attribute) return lx.fail(t.pos, EXPECTED_PATH, lx.describe(t));
  const out: PatchPath = { path: t.text, attribute };
  const open = lx.next();
  if (open.kind === 'eof') return out;
  if (open.kind !== '[')
    lx.fail(open.pos, '"[" (a value filter) or the end of the path', lx.describe(open));
  out.filter = parseOr(lx, true);
  expectCloser(lx, ']');
  const sub = lx.next();
  if (sub.kind === 'eof') return out;
  if (sub.kind !== 'word' || !sub.text.startsWith('.') || !isAttributeName(sub.text.slice(1)))
    lx.fail(sub.pos, 'a sub-attribute such as .value or the end of the path', lx.describe(sub));
  out.subAttr = sub.text.slice(1);
  const end = lx.next();
  if (end.kind !== 'eof') lx.fail(end.pos, 'the end of the path', lx.describe(end));
  return out;
}
