import { isScimError } from '@celonis-scim/core';

/** What the exit status means; `--help` and the README list the same table. */
export const EXIT = {
  ok: 0,
  /** Any error: bad input, a refused request, an unreachable server. */
  error: 1,
  /** `sync plan --detailed-exitcode` only: the plan has changes. */
  changes: 2,
} as const;

export const EXIT_CODES_HELP = `Exit status:
  0  success (for "sync plan --detailed-exitcode": success and no changes)
  1  error: bad input, a refused request, an unreachable server
  2  "sync plan --detailed-exitcode" only: the plan has changes`;

/**
 * An error the user can act on: `message` says what is wrong (and where), `hint` what to do.
 * Neither ever holds a secret.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The one line printed on stderr for an error, without the "error:" prefix. */
export function describeError(e: unknown): string {
  if (e instanceof CliError) return e.hint ? `${e.message}. ${e.hint}` : e.message;
  // A ScimError's message is already "<METHOD> <path> failed with <status>: <detail>. <hint>",
  // scrubbed of every secret the client knows.
  if (isScimError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
