import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FilterSyntaxError } from '../src/filter/index.js';
import { diffToPatch, patchOps, patchRequest, validatePatchPath } from '../src/patch/index.js';
import type { PatchOperation } from '../src/types/index.js';
import { applyPatch } from './fixtures/patch-apply.js';
import { EXT, normalise, userEdit } from './fixtures/patch-arbitraries.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('patch operation helpers', () => {
  it('build operations and the PatchOp body', () => {
    const ops = [
      patchOps.replace('displayName', 'Babs'),
      patchOps.add('emails', [{ value: 'b@x.com', type: 'work' }]),
      patchOps.remove('emails[value eq "a@x.com"]'),
      patchOps.replace('emails[type eq "work"].value', 'c@x.com'),
      patchOps.replace(`${EXT}:department`, 'R&D'),
      patchOps.replace(undefined, { active: false }),
    ];
    expect(patchRequest(ops)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'replace', path: 'displayName', value: 'Babs' },
        { op: 'add', path: 'emails', value: [{ value: 'b@x.com', type: 'work' }] },
        { op: 'remove', path: 'emails[value eq "a@x.com"]' },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'c@x.com' },
        { op: 'replace', path: `${EXT}:department`, value: 'R&D' },
        { op: 'replace', value: { active: false } },
      ],
    });
  });

  it('reject bad operations with a message that says what to fix', () => {
    expect(() => patchOps.remove('')).toThrow(/needs a path/);
    expect(() => patchOps.replace('displayName', undefined)).toThrow(/needs a value/);
    expect(() => patchOps.add(undefined, 'x')).toThrow(/object of attributes/);
    expect(() => patchOps.replace('display name', 'x')).toThrow(FilterSyntaxError);
    expect(() => patchRequest([])).toThrow(/at least one operation/);
    expect(() => patchRequest([{ op: 'delete' as 'remove', path: 'x' }])).toThrow(
      /Operations\[0\]\.op must be "add", "remove" or "replace"/,
    );
    expect(() => patchRequest([{ op: 'add', path: 'x' }, { op: 'remove' }])).toThrow(
      /Operations\[0\]: .*needs a value/,
    );
  });

  it('accept op names in any case and write them in lower case', () => {
    expect(
      patchRequest([{ op: 'Replace' as 'replace', path: 'active', value: false }]).Operations,
    ).toEqual([{ op: 'replace', path: 'active', value: false }]);
  });
});

describe('validatePatchPath', () => {
  it.each([
    ['userName', { attribute: { attribute: 'userName' } }],
    ['name.familyName', { attribute: { attribute: 'name', subAttribute: 'familyName' } }],
    [
      `${EXT}:manager.value`,
      { attribute: { schema: EXT, attribute: 'manager', subAttribute: 'value' } },
    ],
    [
      'members[value eq "2819c223"]',
      {
        attribute: { attribute: 'members' },
        filter: { type: 'compare', op: 'eq', path: 'value', value: '2819c223' },
      },
    ],
    [
      'emails[type eq "work" and primary eq true].value',
      {
        attribute: { attribute: 'emails' },
        filter: {
          type: 'and',
          filters: [
            { type: 'compare', op: 'eq', path: 'type', value: 'work' },
            { type: 'compare', op: 'eq', path: 'primary', value: true },
          ],
        },
        subAttr: 'value',
      },
    ],
  ])('accepts %s', (path, parts) => {
    expect(validatePatchPath(path)).toMatchObject({ path: path.replace(/\[.*$/, ''), ...parts });
  });

  it.each([
    ['', 0, 'an attribute path'],
    ['emails[type eq "work"', 21, '"and", "or" or "]"'],
    ['emails[type eq "work"]value', 22, 'a sub-attribute'],
    ['emails[type eq "work"].value.x', 22, 'a sub-attribute'],
    ['emails[type eq "work"].value extra', 29, 'the end of the path'],
    ['emails[type equals "work"]', 12, 'a comparison operator'],
    ['display name', 8, '"[" (a value filter) or the end of the path'],
    ['emails[members[value eq "x"]]', 14, 'cannot be nested'],
  ])('rejects %j at %i', (path, position, expected) => {
    try {
      validatePatchPath(path);
      expect.unreachable(`${path} was accepted`);
    } catch (e) {
      expect(e).toBeInstanceOf(FilterSyntaxError);
      expect((e as FilterSyntaxError).position).toBe(position);
      expect((e as FilterSyntaxError).expected).toContain(expected);
      expect((e as Error).message).toMatch(/^Invalid PATCH path at position/);
    }
  });
});

const base = {
  schemas: [USER],
  id: 'u1',
  meta: { resourceType: 'User', version: 'W/"1"' },
  userName: 'bjensen',
  displayName: 'Babs',
  name: { givenName: 'Barbara', familyName: 'Jensen', middleName: 'J' },
  emails: [
    { value: 'b@x.com', type: 'work', primary: true },
    { value: 'bj@home.org', type: 'home' },
  ],
  groups: [{ value: 'g1', display: 'Admins' }],
  active: true,
};

const cases: Array<[string, Record<string, unknown>, PatchOperation[]]> = [
  ['nothing changed (read-only attributes differ)', { ...base, id: 'x', meta: {}, groups: [] }, []],
  [
    'a simple attribute',
    { ...base, displayName: 'Barbara' },
    [{ op: 'replace', path: 'displayName', value: 'Barbara' }],
  ],
  [
    'a new simple attribute',
    { ...base, title: 'CTO' },
    [{ op: 'replace', path: 'title', value: 'CTO' }],
  ],
  [
    'a removed simple attribute',
    { ...base, displayName: undefined },
    [{ op: 'remove', path: 'displayName' }],
  ],
  [
    'null counts as removed',
    { ...base, displayName: null },
    [{ op: 'remove', path: 'displayName' }],
  ],
  ['a boolean', { ...base, active: false }, [{ op: 'replace', path: 'active', value: false }]],
  [
    'one sub-attribute of a complex attribute',
    { ...base, name: { ...base.name, givenName: 'Babs' } },
    [{ op: 'replace', path: 'name.givenName', value: 'Babs' }],
  ],
  [
    'a removed sub-attribute',
    { ...base, name: { givenName: 'Barbara', familyName: 'Jensen' } },
    [{ op: 'remove', path: 'name.middleName' }],
  ],
  [
    'a whole complex attribute when that is smaller',
    { ...base, name: { givenName: 'A', familyName: 'B', middleName: 'C', formatted: 'A C B' } },
    [
      {
        op: 'replace',
        path: 'name',
        value: { givenName: 'A', familyName: 'B', middleName: 'C', formatted: 'A C B' },
      },
    ],
  ],
  [
    'a removed multi-valued item by value filter',
    { ...base, emails: [base.emails[0]] },
    [{ op: 'remove', path: 'emails[value eq "bj@home.org"]' }],
  ],
  [
    'a new multi-valued item',
    { ...base, emails: [...base.emails, { value: 'c@x.com', type: 'other' }] },
    [{ op: 'add', path: 'emails', value: [{ value: 'c@x.com', type: 'other' }] }],
  ],
  [
    'a changed sub-attribute of an item',
    { ...base, emails: [base.emails[0], { value: 'bj@home.org', type: 'other' }] },
    [{ op: 'replace', path: 'emails[value eq "bj@home.org"].type', value: 'other' }],
  ],
  [
    'a primary moving to another item: the old one loses it first',
    {
      ...base,
      emails: [
        { value: 'b@x.com', type: 'work' },
        { value: 'bj@home.org', type: 'home', primary: true },
      ],
    },
    [
      { op: 'remove', path: 'emails[value eq "b@x.com"].primary' },
      { op: 'replace', path: 'emails[value eq "bj@home.org"].primary', value: true },
    ],
  ],
  ['all items removed', { ...base, emails: [] }, [{ op: 'remove', path: 'emails' }]],
  [
    'values that need escaping in the filter',
    { ...base, emails: [base.emails[0]], phoneNumbers: undefined },
    [{ op: 'remove', path: 'emails[value eq "bj@home.org"]' }],
  ],
  [
    'an extension appearing adds its schema',
    { ...base, [EXT]: { department: 'R&D' } },
    [
      { op: 'add', value: { schemas: [EXT] } },
      { op: 'replace', path: `${EXT}:department`, value: 'R&D' },
    ],
  ],
  [
    'case-insensitive attribute names',
    {
      ...base,
      DisplayName: 'Babs',
      displayName: undefined,
      NAME: { GivenName: 'Barbara', familyname: 'Jensen', middleName: 'J' },
    },
    [],
  ],
];

describe('diffToPatch', () => {
  it.each(cases)('%s', (_name, after, expected) => {
    const ops = diffToPatch(base, after);
    expect(ops).toEqual(expected);
    expect(normalise(applyPatch(base, ops))).toEqual(normalise({ ...after, groups: undefined }));
  });

  it('extension attributes by full URN path, complex ones replaced whole', () => {
    const before = {
      ...base,
      schemas: [USER, EXT],
      [EXT]: { department: 'Sales', manager: { value: 'm1', displayName: 'Boss' } },
    };
    const after = {
      ...base,
      schemas: [USER, EXT],
      [EXT]: { employeeNumber: '7', manager: { value: 'm2', displayName: 'Boss' } },
    };
    expect(diffToPatch(before, after)).toEqual([
      { op: 'replace', path: `${EXT}:employeeNumber`, value: '7' },
      { op: 'replace', path: `${EXT}:manager`, value: { value: 'm2', displayName: 'Boss' } },
      { op: 'remove', path: `${EXT}:department` },
    ]);
  });

  it('escapes item values in filter paths', () => {
    const before = {
      displayName: 'g',
      members: [{ value: 'a"b' }, { value: 'c\\d' }, { value: 'e' }],
    };
    const after = { displayName: 'g', members: [{ value: 'e' }] };
    expect(diffToPatch(before, after)).toEqual([
      { op: 'remove', path: 'members[value eq "a\\"b"]' },
      { op: 'remove', path: 'members[value eq "c\\\\d"]' },
    ]);
  });

  it('group members: adds and removes by value', () => {
    const before = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'g',
      members: [{ value: '1' }, { value: '2' }, { value: '3' }],
    };
    const after = {
      ...before,
      members: [{ value: '1' }, { value: '3' }, { value: '4' }, { value: '5' }],
    };
    expect(diffToPatch(before, after)).toEqual([
      { op: 'remove', path: 'members[value eq "2"]' },
      { op: 'add', path: 'members', value: [{ value: '4' }, { value: '5' }] },
    ]);
  });

  it('items written as { value } keep the display and $ref the server derived', () => {
    const before = {
      displayName: 'g',
      members: [
        { value: '1', display: 'One', $ref: 'https://x/Users/1' },
        { value: '2', display: 'Two', $ref: 'https://x/Users/2' },
      ],
    };
    expect(
      diffToPatch(before, { displayName: 'g', members: [{ value: '1' }, { value: '3' }] }),
    ).toEqual([
      { op: 'remove', path: 'members[value eq "2"]' },
      { op: 'add', path: 'members', value: [{ value: '3' }] },
    ]);
    expect(
      diffToPatch(before, {
        displayName: 'g',
        members: [{ value: '1', display: 'Uno' }, before.members[1]],
      }),
    ).toEqual([{ op: 'replace', path: 'members[value eq "1"].display', value: 'Uno' }]);
  });

  it('addresses (no value) are matched by type', () => {
    const before = {
      userName: 'u',
      addresses: [
        { type: 'work', locality: 'Berlin' },
        { type: 'home', locality: 'Munich' },
      ],
    };
    const after = {
      userName: 'u',
      addresses: [{ type: 'work', locality: 'Berlin', postalCode: '10115' }],
    };
    expect(diffToPatch(before, after)).toEqual([
      { op: 'remove', path: 'addresses[type eq "home"]' },
      { op: 'replace', path: 'addresses[type eq "work"].postalCode', value: '10115' },
    ]);
  });

  it('replaces the whole attribute when filters cannot address items safely', () => {
    const dupes = {
      userName: 'u',
      emails: [{ value: 'a@x.com' }, { value: 'A@x.com', type: 'work' }],
    };
    expect(diffToPatch(dupes, { userName: 'u', emails: [{ value: 'a@x.com' }] })).toEqual([
      { op: 'replace', path: 'emails', value: [{ value: 'a@x.com' }] },
    ]);
    const noKey = { userName: 'u', photos: [{ display: 'x' }] };
    expect(diffToPatch(noKey, { userName: 'u', photos: [{ display: 'y' }] })).toEqual([
      { op: 'replace', path: 'photos', value: [{ display: 'y' }] },
    ]);
  });

  it('leaves groups alone on a User but diffs them elsewhere when asked', () => {
    expect(diffToPatch({ userName: 'u', groups: [{ value: 'a' }] }, { userName: 'u' })).toEqual([]);
    expect(
      diffToPatch({ userName: 'u', title: 'x' }, { userName: 'u' }, { ignore: ['TITLE'] }),
    ).toEqual([]);
  });

  it('refuses attribute names no path can address', () => {
    expect(() => diffToPatch({}, { 'bad name': 1 })).toThrow(/not a SCIM attribute name/);
  });

  it('an unchanged resource, even with names in another case, gives [] (property)', () => {
    const upper = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(upper)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toUpperCase(), upper(x)]))
          : v;
    fc.assert(
      fc.property(userEdit, ({ before }) => {
        expect(diffToPatch(before, structuredClone(before))).toEqual([]);
        expect(diffToPatch(before, upper(before) as Record<string, unknown>)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('applying the patch in memory yields after (property)', () => {
    fc.assert(
      fc.property(userEdit, ({ before, after }) => {
        const ops = diffToPatch({ userName: 'u', ...before }, { userName: 'u', ...after });
        expect(normalise(applyPatch({ userName: 'u', ...before }, ops))).toEqual(normalise(after));
        if (JSON.stringify(normalise(before)) === JSON.stringify(normalise(after)))
          expect(ops).toEqual([]);
        patchRequest(ops.length ? ops : [{ op: 'remove', path: 'x' }]);
      }),
      { numRuns: 300 },
    );
  });
});
