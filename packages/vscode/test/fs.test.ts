import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '@celonis-scim/sandbox';
import { Uri } from 'vscode';
import { ui } from './vscode-stub.js';
import { ScimFileSystemProvider } from '../src/fs/provider.js';
import type { ConflictChoice } from '../src/fs/conflict.js';
import { connect, harness, scim, type Sandbox } from './helpers.js';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'acme' }, { name: 'nopatch', patch: false }, { name: 'noetag', etag: false }],
    seed: { users: 5, groups: 1, seed: 11 },
  });
});
afterAll(async () => {
  await sb?.close();
});

const enc = (o: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(o, null, 2));
const dec = (b: Uint8Array): Record<string, unknown> =>
  JSON.parse(new TextDecoder().decode(b)) as Record<string, unknown>;

async function setup(team: string, answers: ConflictChoice[] = []) {
  const h = harness();
  await connect(h, sb, team);
  const methods: string[] = [];
  const asked: string[] = [];
  const client = await h.store.client(team);
  void client;
  const fs = new ScimFileSystemProvider(h.store, {}, async (what) => {
    asked.push(what);
    return answers.shift() ?? 'cancel';
  });
  const list = await scim(sb, team, 'GET', '/Users?count=1');
  const id = (list.json.Resources as Array<{ id: string }>)[0]?.id ?? '';
  const uri = Uri.parse(`scim://${team}/Users/${id}.json`);
  return { h, fs, id, uri, methods, asked };
}

function lines(h: ReturnType<typeof harness>): string[] {
  return (h.log as unknown as { channel: { lines: string[] } }).channel.lines;
}

describe('scim:// file system', () => {
  it('reads a user as pretty JSON and saves an edit as a PATCH the server applies', async () => {
    const { h, fs, id, uri } = await setup('acme');
    const doc = dec(await fs.readFile(uri));
    expect(doc.id).toBe(id);
    expect((await fs.stat(uri)).size).toBeGreaterThan(10);
    await fs.writeFile(uri, enc({ ...doc, title: 'Chief Auditor' }));
    expect((await scim(sb, 'acme', 'GET', `/Users/${id}`)).json.title).toBe('Chief Auditor');
    expect(lines(h).some((l) => l.includes('PATCH ') && l.includes(`/Users/${id}`))).toBe(true);
    expect(lines(h).join('\n')).not.toContain(sb.teams.acme?.clientSecret ?? '#');
  });

  it('sends a PUT when the server has no PATCH', async () => {
    const { h, fs, id, uri } = await setup('nopatch');
    const doc = dec(await fs.readFile(uri));
    await fs.writeFile(uri, enc({ ...doc, title: 'Replaced' }));
    expect((await scim(sb, 'nopatch', 'GET', `/Users/${id}`)).json.title).toBe('Replaced');
    expect(lines(h).some((l) => l.includes('PUT ') && l.includes(`/Users/${id}`))).toBe(true);
    expect(lines(h).some((l) => l.includes('PATCH '))).toBe(false);
  });

  it('on a changed server copy asks, then overwrites when told to', async () => {
    const { fs, id, uri, asked } = await setup('acme', ['overwrite']);
    const doc = dec(await fs.readFile(uri));
    await scim(sb, 'acme', 'PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'nickName', value: 'changed-elsewhere' }],
    });
    await fs.writeFile(uri, enc({ ...doc, title: 'Mine wins' }));
    expect(asked).toHaveLength(1);
    expect((await scim(sb, 'acme', 'GET', `/Users/${id}`)).json.title).toBe('Mine wins');
  });

  it('on a conflict with "compare" keeps the server copy, opens a diff and fails the save', async () => {
    const { fs, id, uri, asked } = await setup('acme', ['compare']);
    const doc = dec(await fs.readFile(uri));
    await scim(sb, 'acme', 'PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'title', value: 'Theirs' }],
    });
    await expect(fs.writeFile(uri, enc({ ...doc, title: 'Mine' }))).rejects.toThrow(
      /changed on the server/,
    );
    expect(asked).toHaveLength(1);
    expect(ui.executed.some((e) => e.id === 'vscode.diff')).toBe(true);
    expect((await scim(sb, 'acme', 'GET', `/Users/${id}`)).json.title).toBe('Theirs');
  });

  it('on a conflict with "reload" takes the server copy, after which a save goes through', async () => {
    const { fs, id, uri, asked } = await setup('acme', ['reload']);
    const doc = dec(await fs.readFile(uri));
    await scim(sb, 'acme', 'PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'title', value: 'Server title' }],
    });
    await expect(fs.writeFile(uri, enc({ ...doc, nickName: 'lost' }))).rejects.toThrow(/reloaded/);
    expect(asked).toHaveLength(1);
    const fresh = dec(await fs.readFile(uri));
    expect(fresh.title).toBe('Server title');
    await fs.writeFile(uri, enc({ ...fresh, nickName: 'kept' }));
    const server = (await scim(sb, 'acme', 'GET', `/Users/${id}`)).json;
    expect(server.nickName).toBe('kept');
    expect(server.title).toBe('Server title');
    expect(asked).toHaveLength(1);
  });

  it('detects a conflict without ETags by comparing the server copy', async () => {
    const { fs, id, uri, asked } = await setup('noetag', ['cancel']);
    const doc = dec(await fs.readFile(uri));
    await new Promise((r) => setTimeout(r, 5));
    await scim(sb, 'noetag', 'PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'title', value: 'Theirs' }],
    });
    await expect(fs.writeFile(uri, enc({ ...doc, title: 'Mine' }))).rejects.toThrow(/not saved/);
    expect(asked).toHaveLength(1);
  });

  it('refuses invalid JSON with a clear message and sends nothing', async () => {
    const { fs, uri } = await setup('acme');
    await fs.readFile(uri);
    const before = sb.stats().requests;
    await expect(fs.writeFile(uri, new TextEncoder().encode('{ "userName": '))).rejects.toThrow(
      /not valid JSON/,
    );
    expect(sb.stats().requests).toBe(before);
  });

  it('reports a missing resource as FileNotFound', async () => {
    const { fs } = await setup('acme');
    await expect(
      fs.readFile(Uri.parse('scim://acme/Users/does-not-exist.json')),
    ).rejects.toMatchObject({ code: 'FileNotFound' });
  });
});
