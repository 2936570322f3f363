import { badRequest } from './errors.js';

/**
 * A strict recursive-descent parser for the filter ABNF of RFC 7644 3.4.2.2. It builds the same
 * tree shape as scim2-parse-filter, which accepts invalid filters (`not userName eq "x"`), rejects
 * valid ones (`members.$ref pr`, `active eq TRUE`, an attribute named `not`) and doubles
 * backslashes in strings. Literals and operators are case-insensitive, as ABNF strings are.
 *
 * One extension: `emails[type eq "work"].value eq "x"` (a value path followed by a sub-attribute
 * comparison) is not in the ABNF, but clients send it and its meaning is unambiguous, so it is
 * read as `emails[type eq "work" and value eq "x"]`.
 */

/** The syntax tree, in the shape scim2-parse-filter (used by scim-patch) also produces. */
export type Filter =
  | { op: 'and' | 'or'; filters: Filter[] }
  | { op: 'not'; filter: Filter }
  | { op: '[]'; attrPath: string; valFilter: Filter }
  | { op: 'pr'; attrPath: string }
  | {
      op: 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'lt' | 'ge' | 'le';
      attrPath: string;
      compValue: boolean | null | number | string;
    };

const NAME = '\\$?[A-Za-z][\\w-]*';
const NAME_RE = new RegExp(`^${NAME}$`);
const ATTR_PATH_RE = new RegExp(`^(?:urn:[^\\s]*:)?${NAME}(?:\\.${NAME})?$`, 'i');
const COMPARE = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le']);
// JSON forbids raw control characters in strings, so the class excludes U+0000-U+001F.
// eslint-disable-next-line no-control-regex
const STRING_RE = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const WORD_RE = /[^\s()[\]"]*/y;
const EXAMPLE =
  'Expected RFC 7644 3.4.2.2 syntax, e.g. userName eq "jane@example.com" and ' +
  '(active eq true or title pr); strings in double quotes, "not" only before "(".';

class Parser {
  pos = 0;
  constructor(
    readonly text: string,
    readonly scimType: 'invalidFilter' | 'invalidPath',
  ) {}

  fail(expected: string, at = this.pos): never {
    const found = at >= this.text.length ? 'the end' : JSON.stringify(this.text.slice(at, at + 15));
    throw badRequest(
      this.scimType,
      `Invalid ${this.scimType === 'invalidPath' ? 'path' : 'filter'} ${JSON.stringify(this.text)} ` +
        `at position ${at + 1}: expected ${expected}, found ${found}. ${EXAMPLE}`,
    );
  }

  ws(): boolean {
    const start = this.pos;
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
    return this.pos > start;
  }

  word(): string {
    WORD_RE.lastIndex = this.pos;
    const w = WORD_RE.exec(this.text)![0];
    this.pos += w.length;
    return w;
  }

  expect(c: string): void {
    this.ws();
    if (this.text[this.pos] !== c) this.fail(`"${c}"`);
    this.pos++;
  }

  /** Reads `and`/`or` if it comes next; otherwise leaves the position alone. */
  keyword(k: string): boolean {
    const save = this.pos;
    this.ws();
    if (this.word().toLowerCase() === k) return true;
    this.pos = save;
    return false;
  }

  or(inValue: boolean): Filter {
    const filters = [this.and(inValue)];
    while (this.keyword('or')) filters.push(this.and(inValue));
    return (filters.length === 1 ? filters[0] : { op: 'or', filters }) as Filter;
  }

  and(inValue: boolean): Filter {
    const filters = [this.unary(inValue)];
    while (this.keyword('and')) filters.push(this.unary(inValue));
    return (filters.length === 1 ? filters[0] : { op: 'and', filters }) as Filter;
  }

  group(inValue: boolean): Filter {
    this.pos++; // "("
    const f = this.or(inValue);
    this.expect(')');
    return f;
  }

  unary(inValue: boolean): Filter {
    this.ws();
    if (this.text[this.pos] === '(') return this.group(inValue);
    const start = this.pos;
    const w = this.word();
    if (w.toLowerCase() === 'not') {
      const save = this.pos;
      this.ws();
      if (this.text[this.pos] === '(') return { op: 'not', filter: this.group(inValue) } as Filter;
      this.pos = save;
    }
    if (w === '') this.fail('an attribute path or "("');
    if (!ATTR_PATH_RE.test(w)) {
      this.fail(
        'an attribute path such as userName, name.familyName or ' +
          'urn:ietf:params:scim:schemas:core:2.0:User:userName (a name starts with a letter)',
        start,
      );
    }
    if (this.text[this.pos] === '[') {
      if (inValue) this.fail('a comparison: value filters cannot be nested');
      this.pos++;
      const valFilter = this.or(true);
      this.expect(']');
      if (this.text[this.pos] !== '.') return { op: '[]', attrPath: w, valFilter } as Filter;
      this.pos++;
      const subStart = this.pos;
      const sub = this.word();
      if (!NAME_RE.test(sub)) this.fail('a sub-attribute name', subStart);
      const cmp = this.comparison(sub, w);
      return {
        op: '[]',
        attrPath: w,
        valFilter: { op: 'and', filters: [valFilter, cmp] },
      } as Filter;
    }
    return this.comparison(w, w);
  }

  comparison(attrPath: string, shown: string): Filter {
    const hint = shown.toLowerCase() === 'not' ? ' ("not" needs parentheses: not (...))' : '';
    if (!this.ws()) this.fail(`a space and an operator after ${shown}${hint}`);
    const opStart = this.pos;
    const op = this.word().toLowerCase();
    if (op === 'pr') return { op, attrPath } as Filter;
    if (!COMPARE.has(op)) {
      this.fail(`an operator (eq ne co sw ew gt ge lt le pr) after ${shown}${hint}`, opStart);
    }
    if (!this.ws()) this.fail(`a space and a value after ${op}`);
    return { op, attrPath, compValue: this.value() } as Filter;
  }

  value(): string | number | boolean | null {
    const start = this.pos;
    if (this.text[start] === '"') {
      STRING_RE.lastIndex = start;
      const m = STRING_RE.exec(this.text);
      if (!m) this.fail('a closed JSON string (escape " and \\ as \\" and \\\\)');
      this.pos += m[0].length;
      return JSON.parse(m[0]) as string;
    }
    const w = this.word();
    const lw = w.toLowerCase();
    if (lw === 'true' || lw === 'false') return lw === 'true';
    if (lw === 'null') return null;
    if (NUMBER_RE.test(w)) return Number(w);
    return this.fail('a value: a "string", true, false, null or a number', start);
  }
}

/** Parses a whole `?filter=` expression, or throws 400 invalidFilter naming the position. */
export function parseStrictFilter(text: string): Filter {
  const p = new Parser(text, 'invalidFilter');
  if (text.trim() === '') p.fail('a filter, not a blank one');
  const f = p.or(false);
  p.ws();
  if (p.pos < text.length) p.fail('"and", "or" or the end of the filter');
  return f;
}

/**
 * Splits a PATCH path with a value filter (`emails[type eq "work"].value`) into its parts, with
 * string literals decoded the way GET filters decode them. Undefined when the path has no filter.
 */
export function parseValuePath(
  path: string,
): { attrPath: string; filter: Filter; subAttr?: string } | undefined {
  const open = path.indexOf('[');
  if (open < 0) return undefined;
  const p = new Parser(path, 'invalidPath');
  const attrPath = path.slice(0, open).trim();
  if (!ATTR_PATH_RE.test(attrPath)) p.fail('an attribute path before "["', 0);
  p.pos = open + 1;
  const filter = p.or(true);
  p.expect(']');
  const rest = path.slice(p.pos);
  if (rest === '') return { attrPath, filter };
  const sub = rest.startsWith('.') ? rest.slice(1) : '';
  if (!NAME_RE.test(sub)) p.fail('the end of the path or ".subAttribute"');
  return { attrPath, filter, subAttr: sub };
}

/** Refuses a PATCH path without a value filter that is not `attr`, `attr.sub` or `urn:...:attr`. */
export function checkPlainPath(path: string): void {
  if (!ATTR_PATH_RE.test(path.trim()))
    throw badRequest(
      'invalidPath',
      `Invalid PATCH path ${JSON.stringify(path)}: expected an attribute path such as name.givenName, emails[type eq "work"].value or urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.`,
    );
}
