import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHANGE_EVENT_ORDER,
  diffSnapshots,
  parseSnapshot,
  serializeSnapshot,
  snapshotSize,
  SnapshotFormatError,
  type ChangeEvent,
  type Snapshot,
} from '../src/index.js';

/** The state the events must carry: which users exist and are active, which groups, who is in them. */
interface State {
  users: Map<string, boolean>;
  groups: Map<string, Set<string>>;
}

function stateOf(s: Snapshot): State {
  return {
    users: new Map(Object.entries(s.users).map(([id, e]) => [id, !e.startsWith('0:')])),
    groups: new Map(Object.entries(s.groups).map(([id, g]) => [id, new Set(g.m)])),
  };
}

/** Applies events the way a consumer would, from their documented meaning alone. */
function apply(state: State, events: ChangeEvent[]): State {
  const users = new Map(state.users);
  const groups = new Map([...state.groups].map(([id, m]) => [id, new Set(m)]));
  for (const e of events) {
    switch (e.type) {
      case 'user.created':
      case 'user.updated':
        users.set(e.id, e.active);
        break;
      case 'user.deactivated':
        users.set(e.id, false);
        break;
      case 'user.reactivated':
        users.set(e.id, true);
        break;
      case 'user.deleted':
        users.delete(e.id);
        break;
      case 'group.created':
        groups.set(e.id, new Set());
        break;
      case 'group.updated':
        break;
      case 'group.deleted':
        groups.delete(e.id);
        break;
      case 'member.added':
        groups.get(e.groupId)?.add(e.userId);
        break;
      case 'member.removed':
        groups.get(e.groupId)?.delete(e.userId);
        break;
    }
  }
  return { users, groups };
}

const ids = fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'a:b', '__proto__');
const groupIds = fc.constantFrom('g1', 'g2', 'g3', 'g4');
const hashes = fc.constantFrom('aaaaaaaaaaa', 'bbbbbbbbbbb', 'ccccccccccc');

const snapshotArb: fc.Arbitrary<Snapshot> = fc
  .record({
    users: fc.dictionary(
      ids,
      fc.tuple(fc.boolean(), hashes).map(([a, h]) => `${a ? 1 : 0}:${h}:name`),
    ),
    groups: fc.dictionary(
      groupIds,
      fc.record({ h: hashes, m: fc.uniqueArray(ids, { maxLength: 5 }) }),
    ),
  })
  .map(({ users, groups }) => ({
    v: 1 as const,
    cfg: 'cfg',
    at: '2026-01-01T00:00:00.000Z',
    mode: 'full' as const,
    users,
    // A server lists only existing users as members.
    groups: Object.fromEntries(
      Object.entries(groups).map(([id, g]) => [
        id,
        { h: g.h, m: g.m.filter((m) => Object.hasOwn(users, m)).sort() },
      ]),
    ),
  }));

describe('diffSnapshots', () => {
  it('events applied to `before` rebuild the users, active flags, groups and memberships of `after`', () => {
    fc.assert(
      fc.property(snapshotArb, snapshotArb, (before, after) => {
        const events = diffSnapshots(before, after);
        expect(apply(stateOf(before), events)).toEqual(stateOf(after));
      }),
      { numRuns: 500 },
    );
  });

  it('orders events by type, then id, then userId, and finds nothing between equal snapshots', () => {
    const rank = (e: ChangeEvent) => CHANGE_EVENT_ORDER.indexOf(e.type);
    fc.assert(
      fc.property(snapshotArb, snapshotArb, (before, after) => {
        expect(diffSnapshots(after, after)).toEqual([]);
        const events = diffSnapshots(before, after);
        for (let i = 1; i < events.length; i++) {
          const a = events[i - 1] as ChangeEvent;
          const b = events[i] as ChangeEvent;
          const key = (e: ChangeEvent) => [rank(e), e.id, 'userId' in e ? e.userId : ''];
          const [ra, ia, ua] = key(a);
          const [rb, ib, ub] = key(b);
          expect(ra! < rb! || (ra === rb && (ia! < ib! || (ia === ib && ua! < ub!)))).toBe(true);
        }
      }),
    );
  });

  it('reports a deactivation that also changed attributes as updated and deactivated', () => {
    const base = { v: 1 as const, cfg: 'c', at: '', mode: 'full' as const, groups: {} };
    const events = diffSnapshots(
      { ...base, users: { x: '1:aaaaaaaaaaa:x@example.com', y: '1:aaaaaaaaaaa' } },
      { ...base, users: { x: '0:bbbbbbbbbbb:x@example.com', y: '0:aaaaaaaaaaa' } },
    );
    expect(events).toEqual([
      { type: 'user.updated', id: 'x', userName: 'x@example.com', active: false },
      { type: 'user.deactivated', id: 'x', userName: 'x@example.com', active: false },
      { type: 'user.deactivated', id: 'y', active: false },
    ]);
  });

  it('marks memberships that ended with a deleted user, and names deleted users and groups', () => {
    const base = { v: 1 as const, cfg: 'c', at: '', mode: 'full' as const };
    const events = diffSnapshots(
      {
        ...base,
        users: { u: '1:h:ann:with:colons@example.com', w: '1:h:w' },
        groups: { g: { h: 'h', n: 'Sales', m: ['u', 'w'] }, k: { h: 'h', n: 'Old', m: ['w'] } },
      },
      { ...base, users: { w: '1:h:w' }, groups: { g: { h: 'h', n: 'Sales', m: ['w'] } } },
    );
    expect(events).toEqual([
      { type: 'user.deleted', id: 'u', userName: 'ann:with:colons@example.com' },
      { type: 'group.deleted', id: 'k', displayName: 'Old' },
      { type: 'member.removed', id: 'g', groupId: 'g', userId: 'u', cause: 'user.deleted' },
    ]);
  });

  it('refuses to compare snapshots taken with different attribute selections', () => {
    const base = { v: 1 as const, at: '', mode: 'full' as const, users: {}, groups: {} };
    expect(() => diffSnapshots({ ...base, cfg: 'a' }, { ...base, cfg: 'b' })).toThrow(
      /different attribute selections.*new baseline/,
    );
  });
});

describe('serializeSnapshot / parseSnapshot / snapshotSize', () => {
  it('round-trips, and snapshotSize is the exact UTF-8 length of the serialised form', () => {
    fc.assert(
      fc.property(snapshotArb, fc.string({ unit: 'grapheme' }), (s, name) => {
        const withName = { ...s, users: { ...s.users, ü: `1:h:${name}` } };
        for (const x of [s, withName]) {
          const text = serializeSnapshot(x);
          expect(parseSnapshot(text)).toEqual(x);
          expect(parseSnapshot(JSON.parse(text))).toEqual(x);
          expect(snapshotSize(x)).toBe(Buffer.byteLength(text, 'utf8'));
        }
      }),
    );
  });

  it('detects snapshots of another version and values that are not snapshots', () => {
    const bad = (input: unknown, reason: string, message: RegExp) => {
      let error: unknown;
      try {
        parseSnapshot(input);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SnapshotFormatError);
      expect((error as SnapshotFormatError).reason).toBe(reason);
      expect((error as Error).message).toMatch(message);
    };
    bad('{"v":0,"users":{},"groups":{}}', 'version', /version 0.*reads version 1.*new snapshot/);
    bad({ v: 2 }, 'version', /version 2/);
    bad('not json', 'invalid', /not valid JSON/);
    bad([], 'invalid', /not a snapshot/);
    bad({ v: 1, cfg: 'c', at: '', users: { a: 1 }, groups: {} }, 'invalid', /damaged/);
    bad({ v: 1, cfg: 'c', at: '', users: {}, groups: { g: { h: 'x' } } }, 'invalid', /damaged/);
  });
});
