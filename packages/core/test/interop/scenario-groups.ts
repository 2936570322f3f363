import type { ScimGroup } from '../../src/index.js';
import {
  lost,
  memberIds,
  ok,
  refused,
  said,
  sameSet,
  stored,
  type Check,
  type CheckResult,
  type ScenarioContext,
} from './scenario.js';

const SCHEMA_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** Members of the large group: a size that takes several PATCH batches of 100. */
export const LARGE_GROUP = 250;

const run = Date.now().toString(36);

function ids(ctx: ScenarioContext, from: number, to: number): string[] {
  return ctx.users.slice(from, to).map((u) => u.id as string);
}

async function expectMembers(
  ctx: ScenarioContext,
  group: ScimGroup,
  wanted: string[],
  step: string,
): Promise<CheckResult | undefined> {
  const have = memberIds(await stored(ctx, `/Groups/${group.id as string}`));
  if (sameSet(have, wanted)) return undefined;
  const missing = wanted.filter((id) => !have.includes(id)).length;
  const extra = have.filter((id) => !wanted.includes(id)).length;
  return lost(`${step}: ${missing} members missing, ${extra} unexpected`);
}

export function groupChecks(): Check[] {
  return [
    {
      id: 'groups-crud',
      title: 'Groups: create with members, read, replace (PUT), 409 on a taken displayName',
      async run(ctx) {
        const members = ids(ctx, 0, 2);
        const group = await ctx.client.groups.create({
          schemas: [SCHEMA_GROUP],
          displayName: `interop-${run}-crud`,
          members: members.map((value) => ({ value })),
        });
        const bad = await expectMembers(ctx, group, members, 'create');
        if (bad) return bad;
        await ctx.client.groups.replace(group.id as string, {
          schemas: [SCHEMA_GROUP],
          displayName: `interop-${run}-crud-renamed`,
          members: members.slice(0, 1).map((value) => ({ value })),
        });
        const afterPut = await stored(ctx, `/Groups/${group.id as string}`);
        if (afterPut.displayName !== `interop-${run}-crud-renamed`)
          return lost('PUT name not stored');
        const bad2 = await expectMembers(ctx, group, members.slice(0, 1), 'PUT');
        if (bad2) return bad2;
        ctx.groups.push(group);
        const dup = await refused(
          () =>
            ctx.client.groups.create({
              schemas: [SCHEMA_GROUP],
              displayName: `interop-${run}-crud-renamed`,
            }),
          ['conflict'],
        );
        if (!dup.error)
          return { outcome: 'quirk', note: 'a taken displayName created a second group' };
        return ok(`create with members, PUT, taken displayName ${said(dup.error)}`);
      },
    },
    {
      id: 'members-large',
      title: `Members: add ${LARGE_GROUP}, remove 100, rename, replace the member list`,
      async run(ctx) {
        const group = await ctx.client.groups.create({
          schemas: [SCHEMA_GROUP],
          displayName: `interop-${run}-large`,
        });
        ctx.groups.push(group);
        const all = ids(ctx, 0, LARGE_GROUP);
        const added = await ctx.client.groups.addMembers(group.id as string, all);
        let bad = await expectMembers(ctx, group, all, `add ${all.length}`);
        if (bad) return bad;
        const kept = all.slice(100);
        await ctx.client.groups.removeMembers(group.id as string, all.slice(0, 100));
        bad = await expectMembers(ctx, group, kept, 'remove 100');
        if (bad) return bad;
        await ctx.client.groups.patch(group.id as string, [
          { op: 'replace', path: 'displayName', value: `interop-${run}-large-renamed` },
        ]);
        bad = await expectMembers(ctx, group, kept, 'rename');
        if (bad) return bad;
        const next = [...kept.slice(0, 100), ...all.slice(0, 50)];
        await ctx.client.groups.replaceMembers(group.id as string, next);
        bad = await expectMembers(ctx, group, next, 'replaceMembers');
        if (bad) return bad;
        return ok(
          `add ${all.length} in ${added.requests} request(s), remove 100, rename, replaceMembers: members exact after each`,
        );
      },
    },
    {
      id: 'groups-of',
      title: "A user's groups (members[value eq] filter, with an empty group present)",
      async run(ctx) {
        const empty = await ctx.client.groups.create({
          schemas: [SCHEMA_GROUP],
          displayName: `interop-${run}-empty`,
        });
        ctx.groups.push(empty);
        const user = ctx.users[0];
        const viaFilter = await refused(async () => {
          const found: string[] = [];
          for await (const g of ctx.client.groups.list({
            filter: `members[value eq "${user?.id as string}"]`,
            excludedAttributes: 'members',
          }))
            found.push(g.id as string);
          return found;
        });
        const want: string[] = [];
        for (const g of ctx.groups)
          if (
            memberIds(await stored(ctx, `/Groups/${g.id as string}`)).includes(user?.id as string)
          )
            want.push(g.id as string);
        const got = (await ctx.client.users.groupsOf(user?.id as string)).map(
          (g) => g.id as string,
        );
        if (!viaFilter.error)
          return sameSet(got, want)
            ? ok('members[value eq] filter answered')
            : {
                outcome: 'quirk',
                note: `filter found ${got.length} groups, expected ${want.length}`,
              };
        const carries = (await stored(ctx, `/Users/${user?.id as string}`)).groups !== undefined;
        const how = carries
          ? "groupsOf read the user's groups attribute"
          : 'users carry no groups attribute, so groupsOf paged through the groups';
        const refusal = `members filter refused (${said(viaFilter.error)})`;
        if (sameSet(got, want)) return { outcome: 'worked-around', note: `${refusal}; ${how}` };
        return {
          outcome: 'quirk',
          note: `${refusal}; ${how} and found ${got.length} of ${want.length} groups`,
        };
      },
    },
    {
      id: 'delete-member-user',
      title: 'Deleting a user removes it from its groups',
      async run(ctx) {
        const group = ctx.groups[0] as ScimGroup;
        const before = memberIds(await stored(ctx, `/Groups/${group.id as string}`));
        const victim = before[0];
        if (!victim) return lost('group has no member to delete');
        await ctx.client.users.delete(victim);
        ctx.users = ctx.users.filter((u) => u.id !== victim);
        const after = memberIds(await stored(ctx, `/Groups/${group.id as string}`));
        if (after.includes(victim))
          return { outcome: 'quirk', note: 'the deleted user stays listed as a member' };
        return ok('membership removed with the user');
      },
    },
  ];
}

/**
 * Whether the server applies `excludedAttributes` of a write to what it stores (RFC 7644 3.4.2.5
 * says it shapes the response only). Probed over plain HTTP with a throw-away group: the client
 * itself never sends a query on a write, which `members-large` shows keeps every member.
 */
export const writeQueryCheck: Check = {
  id: 'write-query',
  title: 'PATCH with ?excludedAttributes=members (sent by hand, never by the client)',
  async run(ctx) {
    const members = ids(ctx, 0, 2).map((value) => ({ value }));
    const made = await ctx.raw('POST', '/Groups', {
      schemas: [SCHEMA_GROUP],
      displayName: `interop-${run}-probe`,
      members,
    });
    const id = made.body?.id as string | undefined;
    if (made.status !== 201 || !id) return lost(`probe group not created: HTTP ${made.status}`);
    const patched = await ctx.raw('PATCH', `/Groups/${id}?excludedAttributes=members`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'displayName', value: `interop-${run}-probe2` }],
    });
    const kept = memberIds(await stored(ctx, `/Groups/${id}`));
    await ctx.raw('DELETE', `/Groups/${id}`);
    if (patched.status >= 400)
      return { outcome: 'quirk', note: `refused the query on a write: HTTP ${patched.status}` };
    if (kept.length === members.length)
      return ok('the query shaped the response only; every member kept');
    return {
      outcome: 'worked-around',
      note: `stored the group as the response showed it: ${kept.length} of ${members.length} members left. The client sends no query on writes`,
    };
  },
};
