import { z } from 'zod';

/**
 * Every message between the extension and its webviews, as schemas. Both sides parse what
 * they receive: a webview is a web page, and a message that does not match (a wrong type,
 * an extra command) is refused, never acted on.
 */

// Core's ACTION_KINDS, spelled out here because the webview bundle must not pull in the core
// package; test/webviews.test.ts checks the two stay equal.
export const KINDS = [
  'createGroup',
  'create',
  'update',
  'rename',
  'reactivate',
  'deactivate',
  'delete',
  'removeMembers',
  'addMembers',
] as const;

const MISSING = ['deactivate', 'delete', 'leave'] as const;
const text = z.string().max(10_000);

// ---- Sync Team from File: webview -> extension --------------------------------------------

export const syncRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z
    .object({
      type: z.literal('plan'),
      /** Column -> SCIM attribute; a column mapped to '' is not read. */
      mapping: z.record(z.string().max(200), z.string().max(300)),
      missing: z.enum(MISSING),
    })
    .strict(),
  z.object({ type: z.literal('apply'), confirmUnsafe: z.boolean() }).strict(),
  z.object({ type: z.literal('cancel') }).strict(),
]);
export type SyncRequest = z.infer<typeof syncRequest>;

// ---- Sync Team from File: extension -> webview --------------------------------------------

const change = z.object({ path: text, before: text, after: text }).strict();

export const planRow = z
  .object({
    id: text,
    kind: z.enum(KINDS),
    name: text,
    reason: text,
    changes: z.array(change),
  })
  .strict();
export type PlanRow = z.infer<typeof planRow>;

export const planView = z
  .object({
    team: text,
    file: text,
    counts: z.record(z.enum(KINDS), z.number().int().nonnegative()),
    total: z.number().int().nonnegative(),
    safe: z.boolean(),
    problems: z.array(text),
    errors: z.array(text),
    warnings: z.array(text),
    rows: z.array(planRow),
    /** Changes left out of `rows` (a very large plan shows its first ones). */
    hidden: z.number().int().nonnegative(),
  })
  .strict();
export type PlanView = z.infer<typeof planView>;

export const reportView = z
  .object({
    counts: z
      .object({
        done: z.number().int(),
        conflict: z.number().int(),
        failed: z.number().int(),
        skipped: z.number().int(),
      })
      .strict(),
    cancelled: z.boolean(),
    problems: z.array(
      z
        .object({
          id: text,
          kind: z.enum(KINDS),
          name: text,
          status: z.enum(['conflict', 'failed', 'skipped']),
          why: text,
        })
        .strict(),
    ),
  })
  .strict();
export type ReportView = z.infer<typeof reportView>;

export const syncEvent = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('init'),
      team: text,
      file: text,
      format: z.enum(['csv', 'json', 'ndjson']),
      columns: z.array(text),
      rows: z.array(z.array(text)),
      mapping: z.record(z.string(), z.string()),
      targets: z.array(text),
    })
    .strict(),
  z.object({ type: z.literal('busy'), text }).strict(),
  z.object({ type: z.literal('plan'), plan: planView }).strict(),
  z
    .object({
      type: z.literal('progress'),
      done: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
    })
    .strict(),
  z.object({ type: z.literal('report'), report: reportView }).strict(),
  z.object({ type: z.literal('error'), message: text }).strict(),
]);
export type SyncEvent = z.infer<typeof syncEvent>;

// ---- Team Overview ------------------------------------------------------------------------

export const overviewRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('refresh'), staleDays: z.number().int().min(1).max(3650) }).strict(),
]);
export type OverviewRequest = z.infer<typeof overviewRequest>;

const named = z.object({ id: text, name: text }).strict();
/** A count and the first few of them by name. */
const sampled = z.object({ count: z.number().int(), sample: z.array(named) }).strict();

export const overviewData = z
  .object({
    team: text,
    takenAt: text,
    users: z.number().int(),
    active: z.number().int(),
    inactive: z.number().int(),
    groups: z.number().int(),
    usersPerGroup: z.array(z.object({ name: text, users: z.number().int() }).strict()),
    emptyGroups: sampled,
    usersInNoGroup: sampled,
    stale: z
      .object({
        days: z.number().int(),
        /** Absent when the server cannot filter on meta.lastModified. */
        count: z.number().int().optional(),
        sample: z.array(named),
        note: text.optional(),
      })
      .strict(),
    changes: z
      .object({
        since: text.optional(),
        events: z.array(z.object({ type: text, text }).strict()),
        more: z.number().int(),
      })
      .strict(),
  })
  .strict();
export type OverviewData = z.infer<typeof overviewData>;

export const overviewEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('busy'), text }).strict(),
  z.object({ type: z.literal('overview'), data: overviewData }).strict(),
  z.object({ type: z.literal('error'), message: text }).strict(),
]);
export type OverviewEvent = z.infer<typeof overviewEvent>;

/** Parses a message, or says in one line why it is refused. */
export function parseMessage<T>(
  schema: z.ZodType<T>,
  raw: unknown,
): { ok: true; value: T } | { ok: false; why: string } {
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, why: `${issue?.message ?? 'invalid message'}${at}` };
}
