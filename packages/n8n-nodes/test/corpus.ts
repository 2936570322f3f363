/**
 * The bad-input corpus (reliability/corpus at the repo root) mapped onto the action node's
 * parameters and credential, and the checks every refusal must pass.
 */
import {
  NodeApiError,
  NodeOperationError,
  type ICredentialDataDecryptedObject,
  type IDataObject,
} from 'n8n-workflow';
import { expect } from 'vitest';
import {
  corpus,
  label,
  type CorpusEntry,
  type CorpusFile,
  type N8nExpect,
} from '../../../reliability/corpus/load';
import { run, type Sandbox } from './helpers';
import type { RunOptions } from './context';

export { corpus, label, type CorpusEntry, type N8nExpect };

/** One corpus entry as one run of the node. */
export interface Case {
  file: CorpusFile;
  input: unknown;
  x: N8nExpect;
  params: IDataObject;
  credentials: ICredentialDataDecryptedObject;
}

/** Messages of a crash rather than of a refusal: they name no problem a builder can fix. */
const CRASH =
  /is not a function|Cannot read propert|undefined|URI malformed|Maximum call stack|\[object Object\]/;

/** The node's expectation: its own, else the core's where the node's fields reach the core. */
export function fromCore(e: CorpusEntry): N8nExpect {
  if (e.expect.n8n) return e.expect.n8n;
  const c = e.expect.core;
  if (!c) throw new Error(`corpus entry ${label(e.input)} has no core or n8n expectation`);
  if (c.accepted) return { accepted: c.accepted };
  return c.sent
    ? { error: 'api', sent: true }
    : {
        error: 'operation',
        sent: false,
        ...(c.messageIncludes ? { messageIncludes: c.messageIncludes } : {}),
      };
}

export function entries(file: CorpusFile): CorpusEntry[] {
  return corpus(file);
}

/** The node's fields for a user body: its own fields where it has one, Custom Attributes for the rest. */
const USER_FIELDS = new Set([
  'displayName',
  'active',
  'title',
  'externalId',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
]);

export function userParams(body: Record<string, unknown>): IDataObject {
  const fields: IDataObject = {};
  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'userName') continue;
    if (USER_FIELDS.has(key)) fields[key] = value as IDataObject[string];
    else if (key === 'name' && value && typeof value === 'object' && !Array.isArray(value))
      Object.assign(fields, value);
    else custom[key] = value;
  }
  if (Object.keys(custom).length) fields.customAttributes = JSON.stringify(custom);
  // A missing userName is the field left empty; any other value is what an expression gave.
  return { userName: (body.userName ?? '') as IDataObject[string], additionalFields: fields };
}

export const GROUP_FIELDS = new Set(['displayName', 'externalId']);

/** Every secret the credentials hold: none may show in an error. */
export function secretsOf(sb: Sandbox): string[] {
  return Object.values(sb.teams).flatMap((t) => [t.clientSecret, t.apiKey, t.appKey]);
}

/** Runs a case that must be refused; returns the error after checking it. */
export async function refused(sb: Sandbox, c: Case): Promise<Error> {
  const what = `${c.file} ${label(c.input)}`;
  const before = sb.stats().requests;
  let error: Error | undefined;
  try {
    await run({ credentials: c.credentials, params: c.params });
  } catch (e) {
    error = e as Error;
  }
  expect(error, `${what}: refused`).toBeInstanceOf(Error);
  const err = error as Error;
  const description = String((err as { description?: unknown }).description ?? '');
  if (c.x.error === 'api') expect(err, `${what}: ${err.message}`).toBeInstanceOf(NodeApiError);
  else expect(err, `${what}: ${err.message}`).toBeInstanceOf(NodeOperationError);
  if (c.x.messageIncludes) expect(err.message, what).toContain(c.x.messageIncludes);
  expect(err.message, `${what}: a refusal, not a crash`).not.toMatch(CRASH);
  expect(err.message.length, what).toBeLessThan(2_000);
  for (const secret of secretsOf(sb))
    expect(`${err.message} ${description}`, `${what}: no secret`).not.toContain(secret);
  const sent = sb.stats().requests - before;
  if (c.x.sent === false) expect(sent, `${what}: nothing sent`).toBe(0);
  if (c.x.sent === true) expect(sent, `${what}: sent`).toBeGreaterThan(0);
  return err;
}

/** Runs a case the node accepts (on purpose, as the corpus says why). */
export async function accepted(c: Case): Promise<IDataObject[]> {
  const out = await run({ credentials: c.credentials, params: c.params });
  return out.map((i) => i.json);
}

/**
 * With continue-on-fail, the refused cases of one credential run as the items of one execution,
 * followed by a good item: each refusal becomes an error item paired with its input item, with
 * the same message as alone, and the good item still runs.
 */
export async function continueOnFail(
  cases: Case[],
  messages: string[],
  good: IDataObject,
): Promise<void> {
  const opts: RunOptions = {
    credentials: cases[0]!.credentials,
    params: [...cases.map((c) => c.params), good],
    continueOnFail: true,
  };
  const out = await run(opts);
  const errors = out.filter((o) => o.json.error !== undefined);
  expect(errors.map((o) => o.pairedItem)).toEqual(cases.map((_, i) => ({ item: i })));
  expect(errors.map((o) => o.json.error)).toEqual(messages);
  const last = out.filter((o) => (o.pairedItem as { item: number }).item === cases.length);
  expect(last.length, 'the good item after the refusals still ran').toBeGreaterThan(0);
  expect(last[0]!.json.error).toBeUndefined();
}
