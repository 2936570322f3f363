import { createInterface } from 'node:readline/promises';
import type { ListOptions, ScimResource } from '@celonis-scim/core';
import { InvalidArgumentError } from 'commander';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';

/** A commander argument parser for a whole number >= 1. */
export function positiveInt(flag: string): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${flag} must be a whole number of 1 or more.`);
    return n;
  };
}

/** A commander argument parser for a whole number >= 0. */
export function wholeNumber(flag: string): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < 0)
      throw new InvalidArgumentError(`${flag} must be a whole number (0 or more).`);
    return n;
  };
}

/** A commander argument parser for a whole number from 0 to 100. */
export function percentage(flag: string): (v: string) => number {
  const whole = wholeNumber(flag);
  return (v: string) => {
    const n = whole(v);
    if (n > 100) throw new InvalidArgumentError(`${flag} is a percentage: 0 to 100.`);
    return n;
  };
}

interface Pager<T> {
  pages(options?: ListOptions): AsyncGenerator<T[], void, undefined>;
}

/** Every resource of a list (up to `limit`), with progress on stderr as pages arrive. */
export async function listAll<T extends ScimResource>(
  ctx: Context,
  what: string,
  pager: Pager<T>,
  opts: { filter?: string | undefined; limit?: number | undefined; excludedAttributes?: string },
): Promise<T[]> {
  const progress = ctx.out.progress(`Reading ${what}`);
  const out: T[] = [];
  const options: ListOptions = {
    ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
    ...(opts.excludedAttributes ? { excludedAttributes: opts.excludedAttributes } : {}),
    ...(opts.limit !== undefined ? { pageSize: Math.min(opts.limit, 1000) } : {}),
  };
  for await (const page of pager.pages(options)) {
    out.push(...page);
    progress.update(out.length);
    if (opts.limit !== undefined && out.length >= opts.limit) {
      out.length = opts.limit;
      break;
    }
  }
  progress.done(out.length);
  return out;
}

/**
 * Asks before a destructive change. Without a terminal there is nobody to ask: `--yes` is then
 * required, so a script never deletes by accident.
 */
export async function confirmDestructive(
  yes: boolean | undefined,
  question: string,
): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY)
    throw new CliError(
      `${question.replace(/\?$/, '')}: refused without confirmation`,
      'Pass --yes to confirm (no terminal to ask at).',
    );
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} Type "yes" to confirm: `);
    if (answer.trim().toLowerCase() !== 'yes') throw new CliError('Cancelled: nothing was changed');
  } finally {
    rl.close();
  }
}
