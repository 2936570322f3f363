import { startSandbox } from '@celonis-scim/sandbox';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accepted,
  continueOnFail,
  entries,
  fromCore,
  GROUP_FIELDS,
  refused,
  userParams,
  type Case,
} from './corpus';
import { byId, group, oauthCredentials, run, user, type Sandbox } from './helpers';
import { CORPUS_FILES } from '../../../reliability/corpus/load';

// The checked-in bad-input corpus run through the action node's real execute against a real
// sandbox: every entry that reaches the node's parameters or credential is refused with a
// NodeOperationError (before sending, when the node can know) or a NodeApiError, whose message
// names the problem and holds no secret. Filter values are in bad-input-values.test.ts.

let sb: Sandbox;
let credentials: ICredentialDataDecryptedObject;
let userId: string;
let unique = 0;
/** How many entries of each corpus file ran through the node, by file. */
const ran: Record<string, number> = {};

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 3, groups: 1, seed: 9 } });
  credentials = oauthCredentials(sb.teams.acme!);
  const [u] = await run({
    credentials,
    params: { resource: 'user', operation: 'getAll', returnAll: false, limit: 1, filters: {} },
  });
  userId = String(u!.json.id);
});
afterAll(async () => sb?.close());

/** Runs every case: accepted ones must succeed, the others must be refused as expected. */
async function runCases(cases: Case[], goodItem?: IDataObject): Promise<void> {
  const refusedCases: Case[] = [];
  const messages: string[] = [];
  for (const c of cases) {
    ran[c.file] = (ran[c.file] ?? 0) + 1;
    if (c.x.accepted) {
      await accepted(c);
      continue;
    }
    messages.push((await refused(sb, c)).message);
    refusedCases.push(c);
  }
  if (goodItem && refusedCases.length) await continueOnFail(refusedCases, messages, goodItem);
}

const getUser = () => user('get', { user: byId(userId) });

describe('bad-input corpus through the n8n action node', () => {
  it('refuses every malformed raw SCIM filter before sending (User and Group Get Many)', async () => {
    const cases = entries('filters').flatMap((e): Case[] => [
      {
        file: 'filters',
        input: e.input,
        x: fromCore(e),
        credentials,
        params: user('getAll', { returnAll: true, filterType: 'raw', filter: e.input as string }),
      },
      {
        file: 'filters',
        input: e.input,
        x: fromCore(e),
        credentials,
        params: group('getAll', { returnAll: true, filter: e.input as string }),
      },
    ]);
    await runCases(cases, getUser());
  });

  it('refuses every bad user body in Create and Upsert, before sending when it can know', async () => {
    for (const operation of ['create', 'upsert']) {
      const cases = entries('users').map((e): Case => {
        const body = e.input as Record<string, unknown>;
        // Valid names are made unique so a 409 cannot hide the problem under test.
        if (body.userName === 'u') body.userName = `bad-${operation}-${unique++}@example.com`;
        return {
          file: 'users',
          input: e.input,
          x: fromCore(e),
          credentials,
          params: user(operation, userParams(body)),
        };
      });
      await runCases(cases, getUser());
    }
  });

  it('refuses every bad group body the Create fields can carry', async () => {
    const cases = entries('groups')
      // Members and schemas have no field in Group Create: those entries cannot reach the node.
      .filter((e) => Object.keys(e.input as object).every((k) => GROUP_FIELDS.has(k)))
      .map((e): Case => {
        const body = e.input as Record<string, unknown>;
        const displayName = body.displayName === 'g' ? `bad-${unique++}` : body.displayName;
        return {
          file: 'groups',
          input: e.input,
          x: fromCore(e),
          credentials,
          params: group('create', {
            displayName: (displayName ?? '') as IDataObject[string],
            additionalFields: {},
          }),
        };
      });
    await runCases(cases, getUser());
  });

  it('refuses every body that is not a JSON object in the Custom Attributes (JSON) field', async () => {
    const cases = entries('raw-bodies').map((e): Case => ({
      file: 'raw-bodies',
      input: e.input,
      x: e.expect.n8n ?? { error: 'operation', messageIncludes: 'Custom Attributes', sent: false },
      credentials,
      params: user('create', {
        userName: `raw-${unique++}@example.com`,
        additionalFields: { customAttributes: e.input as string },
      }),
    }));
    await runCases(cases, getUser());
  });

  it('refuses every malformed PATCH path given as a Custom Attributes key in Update', async () => {
    const cases = entries('patch-paths').map((e): Case => ({
      file: 'patch-paths',
      input: e.input,
      x: fromCore(e),
      credentials,
      params: user('update', {
        user: byId(userId),
        updateFields: { customAttributes: JSON.stringify({ [e.input as string]: 'x' }) },
      }),
    }));
    await runCases(cases, getUser());
  });

  it('refuses every bad id in the user and group locators, and never reaches another resource', async () => {
    const stateBefore = await teamState();
    const cases = entries('ids').flatMap((e): Case[] => {
      const x = e.expect.n8n!;
      const forGroup = x.messageIncludes
        ? { ...x, messageIncludes: x.messageIncludes.replace('user', 'group') }
        : x;
      return [
        {
          file: 'ids',
          input: e.input,
          x,
          credentials,
          params: user('get', { user: byId(e.input as string) }),
        },
        {
          file: 'ids',
          input: e.input,
          x: forGroup,
          credentials,
          params: group('get', { group: byId(e.input as string) }),
        },
        {
          file: 'ids',
          input: e.input,
          x,
          credentials,
          params: user('delete', { user: byId(e.input as string) }),
        },
      ];
    });
    await runCases(cases, getUser());
    expect(await teamState(), 'no delete reached a resource').toEqual(stateBefore);
  });

  it('answers an id taken from a bad request path with not found', async () => {
    const ids = entries('http-paths').flatMap((e) => {
      const id = /\/scim\/v2\/(?:Users|Groups)\/([^?]+)$/.exec(e.input as string)?.[1];
      return id === undefined ? [] : [{ id, n8n: e.expect.n8n }];
    });
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const cases = ids.map(({ id, n8n }): Case => ({
      file: 'http-paths',
      input: id,
      x: n8n ?? { error: 'api', messageIncludes: 'Not found in this team', sent: true },
      credentials,
      params: user('get', { user: byId(decode(id)) }),
    }));
    await runCases(cases, getUser());
  });
});

describe('bad-input corpus through the n8n credential', () => {
  const getMany = user('getAll', { returnAll: false, limit: 1, filters: {} });

  async function credentialCases(cases: Case[]): Promise<void> {
    for (const c of cases) {
      ran[c.file] = (ran[c.file] ?? 0) + 1;
      if (c.x.accepted) {
        await accepted(c);
        continue;
      }
      const err = await refused(sb, c);
      // A user:password@ in a URL is a secret too: the message shows the URL without it.
      const password = /\/\/[^/@]*?:([^/@]+)@/.exec(String(c.input))?.[1];
      if (password) expect(err.message, String(c.input)).not.toContain(`:${password}@`);
      // Continue-on-fail: every item meets the same credential, so every item is an error item.
      const out = await run({
        credentials: c.credentials,
        params: [getMany, getMany],
        continueOnFail: true,
      });
      expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
      expect(out.map((o) => o.json.error)).toEqual([err.message, err.message]);
    }
  }

  it('refuses every bad Team URL before sending', async () => {
    await credentialCases(
      entries('team-urls').map((e) => ({
        file: 'team-urls',
        input: e.input,
        x: e.expect.n8n ?? { error: 'operation', messageIncludes: 'Team URL', sent: false },
        credentials: { ...credentials, teamUrl: e.input as string },
        params: getMany,
      })),
    );
  });

  it('refuses every bad SCIM Base URL Override before sending', async () => {
    await credentialCases(
      entries('base-urls').map((e) => ({
        file: 'base-urls',
        input: e.input,
        x: e.expect.n8n ?? {
          error: 'operation',
          messageIncludes: 'SCIM Base URL Override',
          sent: false,
        },
        credentials: { ...credentials, scimBaseUrl: e.input as string },
        params: getMany,
      })),
    );
  });

  it('refuses every blank or broken key before sending, naming the field', async () => {
    const team = sb.teams.acme!;
    const cases = entries('credentials')
      .filter((e) => !e.expect.n8n?.skip)
      .map((e): Case => {
        const c = e.input as Record<string, string | undefined>;
        const creds: ICredentialDataDecryptedObject = { teamUrl: team.teamUrl };
        if (c.type !== undefined) creds.authType = c.type;
        // "c" and "s" stand for a good client ID and secret: only the other field is wrong.
        if (c.clientId !== undefined)
          creds.clientId = c.clientId === 'c' ? team.clientId : c.clientId;
        if (c.clientSecret !== undefined)
          creds.clientSecret = c.clientSecret === 's' ? team.clientSecret : c.clientSecret;
        if (c.apiKey !== undefined) creds.apiKey = c.apiKey;
        if (c.appKey !== undefined) creds.appSecretKey = c.appKey;
        if (c.token !== undefined) creds.bearerToken = c.token;
        return {
          file: 'credentials',
          input: e.input,
          x: { error: 'operation', sent: false, ...e.expect.n8n },
          credentials: creds,
          params: getMany,
        };
      });
    await credentialCases(cases);
  });
});

/** Every user and group id of the team, to show that nothing was deleted or changed. */
async function teamState(): Promise<string[]> {
  const out = await run({
    credentials,
    params: [
      user('getAll', { returnAll: true, filters: {}, simplify: false }),
      group('getAll', { returnAll: true, simplify: false }),
    ],
  });
  return out
    .map(
      (o) => `${String(o.json.id)} ${String(o.json.meta && (o.json.meta as IDataObject).version)}`,
    )
    .sort();
}

describe('bad-input corpus coverage of the n8n node', () => {
  it('ran entries of every kind that reaches the node', () => {
    // Printed for the record: how many corpus entries the node ran, by file (filter values
    // run in bad-input-values.test.ts; PATCH operations have no node field, the node builds them).
    console.log(`n8n bad-input corpus entries run: ${JSON.stringify(ran)}`);
    const elsewhere = ['filter-values', 'patch-operations'];
    for (const file of CORPUS_FILES.filter((f) => !elsewhere.includes(f)))
      expect(ran[file], file).toBeGreaterThan(0);
  });
});
