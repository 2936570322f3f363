import { readFileSync } from 'node:fs';
import { SCHEMA_ENTERPRISE_USER, type PatchOperation, type ScimUser } from '@celonis-scim/core';
import type { Command } from 'commander';
import { CliError } from '../errors.js';

/** Flags that set user attributes, shared by `users create` and `users update`. */
export interface UserFieldFlags {
  userName?: string;
  givenName?: string;
  familyName?: string;
  displayName?: string;
  email?: string;
  externalId?: string;
  title?: string;
  department?: string;
  employeeNumber?: string;
  set?: string[];
}

export function addUserFieldOptions(cmd: Command): Command {
  return cmd
    .option('--given-name <name>', 'name.givenName')
    .option('--family-name <name>', 'name.familyName')
    .option('--display-name <name>', 'displayName')
    .option('--email <address>', 'the work e-mail (replaces the e-mail addresses)')
    .option('--external-id <id>', 'externalId (the id in the HR system)')
    .option('--title <title>', 'title')
    .option('--department <name>', 'enterprise department')
    .option('--employee-number <number>', 'enterprise employeeNumber')
    .option(
      '--set <path=value>',
      'any other attribute, e.g. --set locale=de-DE (repeatable; the value is a string)',
      (v: string, prev: string[] = []) => [...prev, v],
    );
}

const ENT = (attr: string) => `${SCHEMA_ENTERPRISE_USER}:${attr}`;

/** The attribute changes the flags ask for, as [SCIM path, value] pairs, checked. */
export function fieldChanges(flags: UserFieldFlags): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (path: string, v: string | undefined) => {
    if (v !== undefined) out.push([path, v]);
  };
  add('userName', flags.userName);
  add('name.givenName', flags.givenName);
  add('name.familyName', flags.familyName);
  add('displayName', flags.displayName);
  add('externalId', flags.externalId);
  add('title', flags.title);
  add(ENT('department'), flags.department);
  add(ENT('employeeNumber'), flags.employeeNumber);
  for (const s of flags.set ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0)
      throw new CliError(
        `--set ${JSON.stringify(s)} is not path=value`,
        'Write it as --set locale=de-DE (the attribute path, "=", the value).',
      );
    out.push([s.slice(0, eq).trim(), s.slice(eq + 1)]);
  }
  if (flags.email !== undefined) out.push(['emails', flags.email]);
  return out;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  if (path.startsWith(`${SCHEMA_ENTERPRISE_USER}:`)) {
    const ext = (target[SCHEMA_ENTERPRISE_USER] ??= {}) as Record<string, unknown>;
    ext[path.slice(SCHEMA_ENTERPRISE_USER.length + 1)] = value;
    return;
  }
  const parts = path.split('.');
  let node = target;
  for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]!] = value;
}

const emailsOf = (email: string) => [{ value: email, type: 'work', primary: true }];

/** A user to create, from a JSON file (if any) with the flags on top. */
export function userFromFlags(
  flags: UserFieldFlags & { fromFile?: string; inactive?: boolean },
): ScimUser {
  let user: Record<string, unknown> = {};
  if (flags.fromFile) {
    try {
      user = JSON.parse(readFileSync(flags.fromFile, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new CliError(`Cannot read the user from ${flags.fromFile}: ${(e as Error).message}`);
    }
    if (typeof user !== 'object' || user === null || Array.isArray(user))
      throw new CliError(`${flags.fromFile} does not hold a JSON object (a SCIM user)`);
  }
  for (const [path, value] of fieldChanges(flags))
    setPath(user, path, path === 'emails' ? emailsOf(value) : value);
  if (flags.inactive) user.active = false;
  if (typeof user.userName !== 'string' || !user.userName.trim())
    throw new CliError(
      'A user needs a userName',
      'Pass --user-name (or a "userName" in --from-file).',
    );
  return user as ScimUser;
}

/** PATCH replace operations for `users update`. */
export function updateOperations(flags: UserFieldFlags): PatchOperation[] {
  const ops = fieldChanges(flags).map(([path, value]): PatchOperation => ({
    op: 'replace',
    path,
    value: path === 'emails' ? emailsOf(value) : value,
  }));
  if (ops.length === 0)
    throw new CliError(
      'Nothing to update',
      'Pass the attributes to change, e.g. --title "CFO" or --set locale=de-DE.',
    );
  return ops;
}
