import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FilterSyntaxError,
  and,
  co,
  eq,
  filterText,
  formatFilter,
  ge,
  gt,
  not,
  or,
  formatAttributePath,
  parseAttributePath,
  parseFilter,
  sameAttributePath,
  pr,
  validateFilter,
  valuePath,
  type FilterNode,
} from '../src/filter/index.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

// Filters from RFC 7644 section 3.4.2.2 and what clients send in practice.
const GOOD: string[] = [
  'userName eq "bjensen"',
  'name.familyName co "O\'Malley"',
  'userName sw "J"',
  'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
  'title pr',
  'meta.lastModified gt "2011-05-13T04:42:34Z"',
  'meta.lastModified ge "2011-05-13T04:42:34Z"',
  'meta.lastModified lt "2011-05-13T04:42:34Z"',
  'meta.lastModified le "2011-05-13T04:42:34Z"',
  'title pr and userType eq "Employee"',
  'title pr or userType eq "Intern"',
  'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
  'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
  'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
  'userType eq "Employee" and (emails.type eq "work")',
  'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
  'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
  'emails[type eq "work" and value co "@x"]',
  'emails[not (type eq "home")]',
  'emails[type eq "work" or (primary eq true and value ew ".org")]',
  'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
  `${ENT}:employeeNumber eq "701984"`,
  `${ENT}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`,
  `${ENT}:department pr`,
  'displayName eq "Tour Guides"',
  'active eq true',
  'active eq false',
  'active eq TRUE',
  'nickName eq null',
  'x eq 0',
  'x eq -1',
  'x gt 1.5',
  'x lt 1e10',
  'x le -2.5E-3',
  'x ge 12345678901234',
  'userName EQ "x"',
  'userName Eq "x" AND title PR',
  'userName eq "x" OR userName eq "y"',
  'NOT (userName eq "x")',
  'not(userName eq "x")',
  '(userName eq "x")',
  '((userName eq "x"))',
  '  userName eq "x"  ',
  'userName   eq   "x"',
  'a eq 1 and b eq 2 and c eq 3',
  'a eq 1 or b eq 2 or c eq 3',
  'a eq 1 or b eq 2 and c eq 3',
  'a eq 1 and b eq 2 or c eq 3',
  '(a eq 1 or b eq 2) and c eq 3',
  'a eq 1 and (b eq 2 or c eq 3)',
  '(a eq 1 and b eq 2) and c eq 3',
  'a eq 1 or (b eq 2 or c eq 3)',
  'not (not (a pr))',
  'not (a pr) and not (b pr)',
  'userName eq "quote \\" backslash \\\\ slash \\/"',
  'userName eq "tab\\tnewline\\nreturn\\rformfeed\\fbackspace\\b"',
  'userName eq "\\u00e9\\u4e2d\\ud83d\\ude00"',
  'userName eq "é中😀"',
  'userName eq ""',
  'userName eq "a or b eq \\"c\\""',
  'userName eq "(x) [y] and not"',
  'members.$ref pr',
  'groups.display co "admins"',
  'emails[value ew "@example.com"] and active eq true',
  'addresses[type eq "work" and postalCode sw "9"]',
  'phoneNumbers[type eq "mobile"]',
  'x-custom_attr eq "1"',
  'not pr',
  'and eq "x"',
  'or eq "y" and not (not eq "z")',
  'externalId eq "ext:123/abc?x=1&y=2"',
];

describe('parseFilter on good filters', () => {
  it('has at least 60 cases', () => expect(GOOD.length).toBeGreaterThanOrEqual(60));

  it.each(GOOD)('%s parses, formats and parses back to the same tree', (text) => {
    const ast = parseFilter(text);
    const canonical = formatFilter(ast);
    expect(parseFilter(canonical)).toEqual(ast);
    expect(formatFilter(parseFilter(canonical))).toBe(canonical);
    expect(validateFilter(text)).toEqual({ ok: true, ast });
  });

  it('builds the tree the RFC describes', () => {
    expect(
      parseFilter(
        'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      ),
    ).toEqual({
      type: 'and',
      filters: [
        { type: 'compare', op: 'ne', path: 'userType', value: 'Employee' },
        {
          type: 'not',
          filter: {
            type: 'or',
            filters: [
              { type: 'compare', op: 'co', path: 'emails', value: 'example.com' },
              { type: 'compare', op: 'co', path: 'emails.value', value: 'example.org' },
            ],
          },
        },
      ],
    });
  });

  it('binds not tighter than and, and tighter than or', () => {
    expect(parseFilter('a pr or b pr and not (c pr)')).toEqual(
      or(pr('a'), and(pr('b'), not(pr('c')))),
    );
    expect(parseFilter('(a pr or b pr) and c pr')).toEqual(and(or(pr('a'), pr('b')), pr('c')));
  });

  it('reads keywords case-insensitively and keeps attribute names as written', () => {
    expect(parseFilter('UserName EQ "X" AnD Active eQ TRUE')).toEqual(
      and(eq('UserName', 'X'), eq('Active', true)),
    );
  });

  it('decodes JSON escapes including \\uXXXX and surrogate pairs', () => {
    expect(parseFilter('x eq "a\\"b\\\\c\\/d\\u00e9\\ud83d\\ude00\\n"')).toEqual(
      eq('x', 'a"b\\c/dé😀\n'),
    );
  });

  it('reads numbers, booleans and null as JSON values', () => {
    expect(parseFilter('x eq -1.5e3')).toEqual(eq('x', -1500));
    expect(parseFilter('x eq null')).toEqual(eq('x', null));
    expect(parseFilter('x eq false')).toEqual(eq('x', false));
  });

  it('parses value paths with a logical filter inside', () => {
    expect(parseFilter('emails[type eq "work" and value co "@x"]')).toEqual(
      valuePath('emails', and(eq('type', 'work'), co('value', '@x'))),
    );
  });
});

interface BadCase {
  filter: string;
  position: number;
  expected: string;
}
const BAD = JSON.parse(
  readFileSync(new URL('./fixtures/bad-filters.json', import.meta.url), 'utf8'),
) as BadCase[];

describe('parseFilter on bad filters', () => {
  it('the corpus has at least 50 cases', () => expect(BAD.length).toBeGreaterThanOrEqual(50));

  it.each(BAD)('rejects $filter at $position', (c) => {
    let error: unknown;
    try {
      parseFilter(c.filter);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FilterSyntaxError);
    const e = error as FilterSyntaxError;
    expect({ position: e.position, expected: e.expected }).toEqual({
      position: c.position,
      expected: expect.stringContaining(c.expected) as unknown,
    });
    expect(e.message).toContain(
      `at position ${c.position}: expected ${e.expected} but found ${e.found}`,
    );
    expect(e.message).toContain(`\n  ${c.filter}\n  ${' '.repeat(c.position)}^`);
    const v = validateFilter(c.filter);
    expect(v.ok).toBe(false);
  });

  it('writes the message the documentation shows', () => {
    expect(() => parseFilter('userName equals "x"')).toThrow(
      'Invalid SCIM filter at position 9: expected a comparison operator (eq, ne, co, sw, ew, gt, lt, ge, le, pr) but found "equals". Filter: userName equals "x"',
    );
  });

  it('rejects a non-string', () => {
    expect(() => parseFilter(42 as unknown as string)).toThrow(TypeError);
  });
});

describe('builder', () => {
  it('quotes and escapes values so they cannot change the filter', () => {
    const evil = 'x" or userName pr or userName eq "';
    const text = filterText(eq('userName', evil));
    expect(text).toBe('userName eq "x\\" or userName pr or userName eq \\""');
    expect(parseFilter(text)).toEqual(eq('userName', evil));
  });

  it('escapes backslashes, control characters and lone surrogates', () => {
    for (const v of ['a\\b', 'line\nbreak', '\u0000\u001f', '\ud800', 'tab\there', '😀']) {
      expect(parseFilter(filterText(eq('userName', v)))).toEqual(eq('userName', v));
    }
  });

  it('rejects attribute paths that are not attribute paths', () => {
    expect(() => eq('user name', 'x')).toThrow(/Invalid attribute path at position 4/);
    expect(() => eq('userName eq "a" or userName', 'x')).toThrow(FilterSyntaxError);
    expect(() => pr('emails[type eq "work"]')).toThrow(FilterSyntaxError);
    expect(() => valuePath('emails', eq('type', 'work'), 'va lue')).toThrow(/sub-attribute/);
  });

  it('rejects values that have no SCIM form', () => {
    expect(() => eq('x', Number.NaN)).toThrow(/finite number/);
    expect(() => eq('x', new Date() as unknown as string)).toThrow(/toISOString/);
    expect(() => gt('x', undefined as unknown as string)).toThrow(
      /string, number, boolean or null/,
    );
  });

  it('and/or need operands and collapse a single one', () => {
    expect(() => and()).toThrow(/at least one/);
    expect(or(eq('a', 1))).toEqual(eq('a', 1));
    expect(filterText(and(eq('a', 1), or(eq('b', 2), eq('c', 3)), not(ge('d', 4))))).toBe(
      'a eq 1 and (b eq 2 or c eq 3) and not (d ge 4)',
    );
  });

  it('filterText() checks text and hand-made nodes before anything is sent', () => {
    expect(filterText('userName EQ "x"')).toBe('userName eq "x"');
    expect(() => filterText('userName equals "x"')).toThrow(FilterSyntaxError);
    const bad = {
      type: 'compare',
      op: 'equals',
      path: 'userName',
      value: 'x',
    } as unknown as FilterNode;
    expect(() => filterText(bad)).toThrow(/op must be one of eq/);
    expect(() => filterText({ type: 'and', filters: [eq('a', 1)] } as FilterNode)).toThrow(
      /at least two/,
    );
    expect(() =>
      filterText({ type: 'valuePath', path: 'a', filter: valuePath('b', pr('c')) }),
    ).toThrow(/cannot be nested/);
    expect(() => filterText({ type: 'present', path: 'a b' })).toThrow(FilterSyntaxError);
    expect(() => filterText(null as unknown as FilterNode)).toThrow(/must be a filter node/);
  });
});

describe('attribute paths', () => {
  it('splits URN, attribute and sub-attribute', () => {
    expect(parseAttributePath(`${ENT}:manager.value`)).toEqual({
      schema: ENT,
      attribute: 'manager',
      subAttribute: 'value',
    });
    expect(parseAttributePath(`${ENT}:employeeNumber`)).toEqual({
      schema: ENT,
      attribute: 'employeeNumber',
    });
    expect(parseAttributePath('name.familyName')).toEqual({
      attribute: 'name',
      subAttribute: 'familyName',
    });
    expect(parseAttributePath('members.$ref')).toEqual({
      attribute: 'members',
      subAttribute: '$ref',
    });
  });

  it('prints paths back and compares them case-insensitively', () => {
    for (const p of [`${ENT}:manager.value`, 'name.familyName', 'userName'])
      expect(formatAttributePath(parseAttributePath(p))).toBe(p);
    expect(sameAttributePath('UserName', 'username')).toBe(true);
    expect(sameAttributePath(`${ENT.toUpperCase()}:Department`, `${ENT}:department`)).toBe(true);
    expect(sameAttributePath('name.givenName', 'name.familyName')).toBe(false);
  });

  it('rejects what is not a path, pointing at the problem', () => {
    expect(() => parseAttributePath('')).toThrow(/position 0/);
    expect(() => parseAttributePath('a.b.c')).toThrow(FilterSyntaxError);
    expect(() => parseAttributePath('na"me')).toThrow(/position 2/);
    expect(() => parseAttributePath('name.given name')).toThrow(/position 10/);
    expect(() => parseAttributePath('name.familyName.x')).toThrow(/position 15/);
    expect(() => parseAttributePath('name.1x')).toThrow(/position 5/);
    expect(() => parseAttributePath(`${ENT}:`)).toThrow(
      new RegExp(`position ${ENT.length + 1}: .* but found end of path`),
    );
    expect(() => parseAttributePath(':x')).toThrow(/position 0/);
  });
});
