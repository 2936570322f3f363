import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '@celonis-scim/sandbox';
import { capabilitiesFrom } from '@celonis-scim/core';
import { Uri } from 'vscode';
import { ScimFileSystemProvider } from '../src/fs/provider.js';
import { documentProblems } from '../src/schema/check.js';
import { documentSchema, type JsonSchema } from '../src/schema/generate.js';
import { staticSchemas } from '../src/schema/static.js';
import { TeamSchemas } from '../src/schema/teamSchemas.js';
import { TeamStore } from '../src/teams.js';
import { connect, harness, scim, type Sandbox } from './helpers.js';

const URN = 'urn:celonis:scim:schemas:extension:sandbox:2.0:User';
const fallback = staticSchemas(resolve(__dirname, '..', 'schemas'));

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'custom', customSchema: true }, { name: 'plain' }],
    seed: { users: 3, groups: 1, seed: 21 },
  });
});
afterAll(async () => {
  await sb?.close();
});

const enc = (o: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(o, null, 2));
const dec = (b: Uint8Array): Record<string, unknown> =>
  JSON.parse(new TextDecoder().decode(b)) as Record<string, unknown>;

async function setup(team: string) {
  const h = harness();
  await connect(h, sb, team);
  const schemas = new TeamSchemas(h.store, fallback);
  const fs = new ScimFileSystemProvider(h.store, {
    check: (ref, base, edited) => schemas.problems(ref, base, edited),
  });
  return { h, schemas, fs };
}

const prop = (s: JsonSchema | undefined, ...path: string[]): JsonSchema | undefined =>
  path.reduce<JsonSchema | undefined>((acc, p) => acc?.properties?.[p], s);

describe('JSON schema generated from a team /Schemas', () => {
  it('maps core, enterprise and custom attributes: types, enums, read-only, required, arrays, sub-attributes', async () => {
    const { schemas } = await setup('custom');
    const { schema, generated } = await schemas.get('custom', 'User');
    expect(generated).toBe(true);
    expect(schema.required).toContain('userName');
    expect(prop(schema, URN, 'contractor')?.type).toBe('boolean');
    expect(prop(schema, URN, 'grade')?.type).toBe('integer');
    expect(prop(schema, URN, 'costObject')?.type).toBe('string');
    expect(prop(schema, URN, 'startDate')).toMatchObject({ type: 'string', format: 'date-time' });
    expect(prop(schema, URN, 'region')?.enum).toEqual(['EMEA', 'AMER', 'APAC']);
    expect(prop(schema, 'groups')).toMatchObject({ type: 'array', readOnly: true });
    expect(prop(schema, 'groups')?.description).toMatch(/Read-only/);
    expect(prop(schema, 'emails')?.type).toBe('array');
    expect(prop(schema, 'emails')?.items?.properties?.primary?.type).toBe('boolean');
    expect(prop(schema, 'name', 'givenName')?.type).toBe('string');
    expect(prop(schema, 'active')?.type).toBe('boolean');
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    expect(prop(schema, enterprise, 'manager', 'value')?.type).toBe('string');
    const group = await schemas.get('custom', 'Group');
    expect(group.generated).toBe(true);
    expect(prop(group.schema, 'members')?.items?.properties?.value?.type).toBe('string');
  });

  it('serves the schema as a document of its own scheme, per team', async () => {
    const { schemas } = await setup('custom');
    const uri = TeamSchemas.uri('custom', 'User');
    expect(uri.toString()).toBe('celonis-scim-schema://custom/User.schema.json');
    const text = await schemas.provideTextDocumentContent(uri);
    expect(JSON.parse(text).properties[URN].properties.contractor.type).toBe('boolean');
    expect(TeamSchemas.association('custom', 'User')).toEqual({
      fileMatch: ['scim://custom/Users/*.json'],
      url: 'celonis-scim-schema://custom/User.schema.json',
    });
    // A team without the extension gets no custom attributes.
    const plain = await setup('plain');
    const p = await plain.schemas.get('plain', 'User');
    expect(p.generated).toBe(true);
    expect(prop(p.schema, URN)).toBeUndefined();
  });

  it('falls back to the static schema when /Schemas cannot be read', async () => {
    const h = harness();
    // A closed port: the server cannot be reached at all.
    const record = TeamStore.recordFor({
      url: 'http://127.0.0.1:9/gone',
      name: 'gone',
      authType: 'apiKey',
      secret: 'k',
    });
    await h.store.add(record, 'k');
    const schemas = new TeamSchemas(h.store, fallback);
    const { schema, generated } = await schemas.get('gone', 'User');
    expect(generated).toBe(false);
    expect(schema.title).toMatch(/RFC 7643/);
    expect(documentProblems(schema, 'User', { userName: 'a' }, { userName: 42 }).join(' ')).toMatch(
      /userName must be a string, not 42/,
    );
  });
});

describe('saving a document checked against the team schema', () => {
  it('refuses a custom attribute of the wrong type before sending, then saves the fixed one', async () => {
    const { h, fs } = await setup('custom');
    const list = await scim(sb, 'custom', 'GET', '/Users?count=1');
    const id = (list.json.Resources as Array<{ id: string }>)[0]?.id ?? '';
    const uri = Uri.parse(`scim://custom/Users/${id}.json`);
    const doc = dec(await fs.readFile(uri));
    const before = (await scim(sb, 'custom', 'GET', `/Users/${id}`)).json;
    const lines = (h.log as unknown as { channel: { lines: string[] } }).channel.lines;
    const writes = (): number => lines.filter((l) => /\b(PATCH|PUT) /.test(l)).length;

    const wrong = { ...doc, [URN]: { contractor: 'yes', grade: '7', region: 'EMEA' } };
    const err = await fs.writeFile(uri, enc(wrong)).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/^Not saved: /);
    expect(err?.message).toContain(`${URN}:contractor must be a boolean, not "yes".`);
    expect(err?.message).toContain(`${URN}:grade must be an integer, not "7".`);
    expect(err?.message).toMatch(/Fix it and save again\.$/);
    expect(writes()).toBe(0);
    expect((await scim(sb, 'custom', 'GET', `/Users/${id}`)).json).toEqual(before);

    // A value outside canonicalValues is the server's call, not refused here.
    const fixed = { ...doc, [URN]: { contractor: true, grade: 7, region: 'LATAM' } };
    await fs.writeFile(uri, enc(fixed));
    expect(writes()).toBe(1);
    const stored = (await scim(sb, 'custom', 'GET', `/Users/${id}`)).json;
    expect(stored[URN]).toEqual({ contractor: true, grade: 7, region: 'LATAM' });
  });

  it('refuses a change of an attribute the schema marks read-only, and a missing required one', () => {
    const caps = capabilitiesFrom(
      {},
      [{ id: 'User', schema: 'urn:ietf:params:scim:schemas:core:2.0:User', schemaExtensions: [] }],
      [
        {
          id: 'urn:ietf:params:scim:schemas:core:2.0:User',
          attributes: [
            { name: 'userName', type: 'string', required: true },
            { name: 'employeeCode', type: 'string', mutability: 'readOnly' },
            {
              name: 'manager',
              type: 'complex',
              subAttributes: [
                { name: 'value', type: 'string' },
                { name: 'displayName', type: 'string', mutability: 'readOnly' },
              ],
            },
            { name: 'groups', type: 'complex', multiValued: true, mutability: 'readOnly' },
          ],
        },
      ],
    );
    const schema = documentSchema(caps, 'User');
    if (!schema) throw new Error('no schema');
    const base = { userName: 'a', employeeCode: 'E1', groups: [{ value: 'g' }] };
    // groups is dropped from every write by the client (core's table): not refused.
    expect(documentProblems(schema, 'User', base, { ...base, groups: [] })).toEqual([]);
    expect(documentProblems(schema, 'User', base, { ...base, employeeCode: 'E2' })).toEqual([
      'employeeCode is read-only: the server sets it.',
    ]);
    expect(
      documentProblems(schema, 'User', base, { employeeCode: 'E1', groups: base.groups }),
    ).toEqual(['The document needs the required attribute "userName".']);
    // Clearing the manager drops its read-only display name with it: not an edit of it.
    const managed = { ...base, manager: { value: 'm1', displayName: 'Boss' } };
    expect(documentProblems(schema, 'User', managed, base)).toEqual([]);
    expect(
      documentProblems(schema, 'User', managed, {
        ...base,
        manager: { value: 'm1', displayName: 'Me' },
      }),
    ).toEqual(['manager.displayName is read-only: the server sets it.']);
  });
});
