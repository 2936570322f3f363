import { readFileSync, writeFileSync } from 'node:fs';
import {
  applyPlan,
  parsePlan,
  planSync,
  serializePlan,
  type ActionResult,
  type ApplyReport,
  type SyncPlan,
} from '@celonis-scim/core/node';
import { Command, Option } from 'commander';
import { action, type Context } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { formatTable, plural } from '../output.js';
import { formatPlan, unsafeReasons } from '../plan-text.js';
import { readSource, type SourceFlags } from '../source.js';
import { parseDuration, syncOptions, type SyncFlags } from '../sync-config.js';
import { applyRefusal, planRefusal } from '../sync-errors.js';
import { percentage, positiveInt, wholeNumber } from './common.js';

interface PlanFlags extends SyncFlags, SourceFlags {
  out?: string;
  detailedExitcode?: boolean;
  limit?: number;
}

async function runPlan(ctx: Context, _args: string[], flags: PlanFlags): Promise<void> {
  const { desired, map } = await readSource(ctx, flags);
  const options = syncOptions(map?.options ?? {}, flags);
  let plan: SyncPlan;
  try {
    plan = await planSync(ctx.scim(), desired, options);
  } catch (e) {
    throw planRefusal(e, desired.users.length, options);
  }
  if (ctx.out.json) ctx.out.write(serializePlan(plan));
  else ctx.out.write(`${formatPlan(plan, { limit: flags.limit })}\n`);
  if (plan.errors.length > 0)
    throw new CliError(
      `The plan has ${plural(plan.errors.length, 'error')} (listed above) and cannot be applied${flags.out ? `; ${flags.out} was not written` : ''}`,
      'Fix the source and plan again.',
    );
  if (flags.out) {
    writeFileSync(flags.out, serializePlan(plan));
    ctx.out.note(`Plan saved to ${flags.out}. Apply it with: celonis-scim sync apply ${flags.out}`);
  }
  if (!plan.safety.safe)
    ctx.out.warn(
      `the plan is unsafe (${unsafeReasons(plan).join('; ')}); "sync apply" needs --allow-unsafe for it`,
    );
  if (flags.detailedExitcode && plan.actions.length > 0) process.exitCode = EXIT.changes;
}

function planCommand(): Command {
  return new Command('plan')
    .description(
      'compare the team with an HR source and show (and save) the changes; sends no writes',
    )
    .requiredOption(
      '--from <file>',
      'the source: CSV, JSON or NDJSON; "-" reads standard input (format: --format, else sniffed)',
    )
    .option(
      '--map <mapping.json>',
      'columns -> SCIM attributes, and sync settings (required for CSV)',
    )
    .addOption(
      new Option('--format <format>', 'source format (default: from the extension)').choices([
        'csv',
        'json',
        'ndjson',
      ]),
    )
    .option('--out <plan.json>', 'save the plan, for review and "sync apply"')
    .option('--detailed-exitcode', 'exit 2 when the plan has changes, 0 when there are none')
    .option('--match <keys>', 'match keys in order: externalId,employeeNumber,userName,email')
    .option(
      '--scope <scope>',
      'users the sync may change: all, externalId, group:<name>, created:<name>',
    )
    .addOption(
      new Option('--missing <policy>', 'in-scope users missing from the source').choices([
        'deactivate',
        'delete',
        'leave',
      ]),
    )
    .option(
      '--protect <user>',
      'never deactivate, delete or remove from groups (repeatable)',
      (v: string, p: string[] = []) => [...p, v],
    )
    .option(
      '--max-removals <n>',
      'deactivations + deletions above this make the plan unsafe',
      wholeNumber('--max-removals'),
    )
    .option(
      '--max-removal-percent <n>',
      'the same as a share of the in-scope users',
      percentage('--max-removal-percent'),
    )
    .option('--force', 'accept an empty or much smaller source (recorded in the plan warnings)')
    .option('--limit <n>', 'changes listed in the summary (default 50)', positiveInt('--limit'))
    .action(action<PlanFlags>(runPlan));
}

function reportJson(report: ApplyReport): unknown {
  return {
    counts: report.counts,
    cancelled: report.cancelled,
    results: report.results.map((r) => ({ ...r, error: r.error?.toJSON() })),
  };
}

function printReport(ctx: Context, report: ApplyReport): void {
  if (ctx.out.json) return ctx.out.printJson(reportJson(report));
  const { done, conflict, failed, skipped } = report.counts;
  const notDone = report.results.filter((r) => r.status !== 'done');
  if (notDone.length > 0)
    ctx.out.write(
      formatTable<ActionResult>(
        notDone,
        [
          { header: 'change', value: (r) => r.id },
          { header: 'status', value: (r) => r.status },
          { header: 'why', value: (r) => r.error?.message ?? r.detail ?? '' },
        ],
        ctx.out.c,
      ),
    );
  ctx.out.write(
    `Applied ${done}; ${plural(conflict, 'conflict')}, ${failed} failed, ${skipped} skipped${report.cancelled ? ' (cancelled)' : ''}.\n`,
  );
}

interface ApplyFlags {
  maxAge: string;
  allowUnsafe?: boolean;
  concurrency?: number;
}

async function runApply(ctx: Context, [file]: string[], opts: ApplyFlags): Promise<void> {
  const maxAgeMs = parseDuration(opts.maxAge);
  let text: string;
  try {
    text = readFileSync(file!, 'utf8');
  } catch (e) {
    throw new CliError(`Cannot read the plan ${file}: ${(e as Error).message}`);
  }
  const plan = parsePlan(text, { file });
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    ctx.out.warn(
      'stopping after the changes in flight (Ctrl-C again to quit at once); plan again for the rest',
    );
  };
  process.on('SIGINT', onSignal);
  const progress = ctx.out.progress('Applying');
  try {
    const report = await applyPlan(ctx.scim(), plan, {
      maxAgeMs,
      signal: controller.signal,
      onProgress: (p) => progress.update(p.done, p.total),
      ...(opts.allowUnsafe ? { allowUnsafe: true } : {}),
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    }).catch((e: unknown) => {
      throw applyRefusal(e, plan, opts.maxAge);
    });
    progress.done(report.results.length, plan.actions.length);
    printReport(ctx, report);
    if (report.counts.done !== report.results.length || report.cancelled) {
      process.exitCode = EXIT.error;
      ctx.out.note('Not every change was applied: run "sync plan" again to see what is left.');
    }
  } finally {
    process.off('SIGINT', onSignal);
  }
}

function applyCommand(): Command {
  return new Command('apply')
    .description(
      "apply a saved plan exactly as reviewed (refuses another team's, an edited or a stale plan)",
    )
    .argument('<plan.json>', 'a plan saved by "sync plan --out"')
    .option('--max-age <duration>', 'refuse a plan older than this, e.g. 30m, 24h, 7d', '24h')
    .option('--allow-unsafe', 'apply a plan over the removal limits')
    .option(
      '--concurrency <n>',
      'changes in flight at once (default 4)',
      positiveInt('--concurrency'),
    )
    .action(action<ApplyFlags>(runApply));
}

export function syncCommand(): Command {
  return new Command('sync')
    .description('make the team match an HR source: plan, review, apply')
    .addCommand(planCommand())
    .addCommand(applyCommand());
}
