import { describe, expect, it } from 'vitest';
import {
  diffToPatch,
  isReadOnlyAttribute,
  readOnlyAttributes,
  SCHEMA_GROUP,
  SCHEMA_USER,
} from '../src/index.js';
import { userHash } from '../src/changes/fingerprint.js';

// One table says what a client never writes; the diff and the fingerprint read it.
describe('read-only attribute table', () => {
  it('lists what the server owns, per resource type', () => {
    expect(readOnlyAttributes('User')).toEqual(['id', 'meta', 'schemas', 'groups']);
    expect(readOnlyAttributes('Group')).toEqual(['id', 'meta', 'schemas']);
    expect(isReadOnlyAttribute('User', 'Groups')).toBe(true);
    expect(isReadOnlyAttribute('Group', 'groups')).toBe(false);
    expect(isReadOnlyAttribute('Group', 'members')).toBe(false);
  });

  it('keeps every entry out of the PATCH diff and the fingerprint', () => {
    const before = { schemas: [SCHEMA_USER], id: '1', userName: 'a', groups: [{ value: 'g1' }] };
    const after = { ...before, id: '2', meta: { version: 'W/"2"' }, groups: [{ value: 'g2' }] };
    expect(diffToPatch(before, after)).toEqual([]);
    expect(userHash(after)).toBe(userHash(before));
    const group = { schemas: [SCHEMA_GROUP], id: 'g', displayName: 'x' };
    expect(diffToPatch(group, { ...group, groups: [{ value: 'x' }] })).toHaveLength(1);
  });
});
