import { lost, ok, type Check } from './scenario.js';

/**
 * Cursor pagination (RFC 9865) where the server advertises it: walked over plain HTTP (the
 * client pages by index for now) while users are deleted between pages. Every user that
 * survives the walk must be read exactly once; a server that advertises cursors and skips or
 * repeats one fails, since a sync reading that list would miss or double users. Runs last: it
 * deletes users.
 */
export const cursorCheck: Check = {
  id: 'cursor-paging',
  title: 'Cursor paging (RFC 9865) under deletes between pages',
  async run(ctx) {
    const spc = await ctx.raw('GET', '/ServiceProviderConfig');
    const pagination = spc.body?.pagination as { cursor?: boolean } | undefined;
    if (pagination?.cursor !== true)
      return {
        outcome: 'unsupported',
        note: 'ServiceProviderConfig advertises no cursor pagination',
      };
    const before = new Set(ctx.users.map((u) => u.id as string));
    const deleted = new Set<string>();
    const seen = new Map<string, number>();
    let cursor: string | undefined = '';
    let pages = 0;
    while (cursor !== undefined) {
      const res = await ctx.raw(
        'GET',
        `/Users?count=25&attributes=userName&cursor=${encodeURIComponent(cursor)}`,
      );
      if (res.status !== 200 || !res.body) return lost(`cursor page answered HTTP ${res.status}`);
      pages++;
      const ids = ((res.body.Resources as Array<{ id: string }>) ?? []).map((r) => r.id);
      for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
      cursor = res.body.nextCursor as string | undefined;
      if (cursor === undefined) break;
      // Another client deletes two users this walk has already read.
      for (const id of ids.filter((i) => before.has(i) && !deleted.has(i)).slice(0, 2)) {
        await ctx.client.users.delete(id);
        deleted.add(id);
      }
    }
    ctx.users = ctx.users.filter((u) => !deleted.has(u.id as string));
    const survivors = [...before].filter((id) => !deleted.has(id));
    const skipped = survivors.filter((id) => !seen.has(id)).length;
    const repeated = [...seen.values()].filter((n) => n > 1).length;
    if (skipped > 0 || repeated > 0)
      return lost(`cursor walk skipped ${skipped} and repeated ${repeated} surviving users`);
    return ok(
      `${survivors.length} surviving users read exactly once in ${pages} pages while ${deleted.size} were deleted`,
    );
  },
};
