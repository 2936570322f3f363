import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  SCHEMA_ENTERPRISE_USER,
  SyncError,
  compileMapping,
  readDesired,
  readDesiredCsv,
  readDesiredJson,
} from '../src/node.js';

const mapping = {
  Email: 'userName',
  'Employee ID': 'externalId',
  First: 'name.givenName',
  'Work mail': 'emails[type eq "work"].value',
  Number: 'employeeNumber',
  Boss: 'manager',
  Active: 'active',
  Teams: '$groups',
};

async function fails(p: Promise<unknown>): Promise<SyncError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SyncError);
  return e as SyncError;
}

describe('readDesiredCsv', () => {
  it('maps columns to SCIM attributes, the enterprise extension and groups', async () => {
    const text =
      '\uFEFFEmail,Employee ID,First,Work mail,Number,Boss,Active,Teams\r\n' +
      'ann@acme.com,E1,Ann,ann@acme.com,100,mgr-1,Yes,Finance|Ops\r\n' +
      'bob@acme.com,E2,"Bob ""B""",,101,,0,\r\n';
    const d = await readDesiredCsv(text, { file: 'hr.csv', mapping });
    expect(d.users).toHaveLength(2);
    expect(d.users[0]!.user).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', SCHEMA_ENTERPRISE_USER],
      userName: 'ann@acme.com',
      externalId: 'E1',
      name: { givenName: 'Ann' },
      emails: [{ type: 'work', value: 'ann@acme.com', primary: true }],
      active: true,
      [SCHEMA_ENTERPRISE_USER]: { employeeNumber: '100', manager: { value: 'mgr-1' } },
    });
    expect(d.users[1]!.user).toMatchObject({ name: { givenName: 'Bob "B"' }, active: false });
    expect(d.users[1]!.user.emails).toBeUndefined();
    expect(d.users[0]!.source).toEqual({ file: 'hr.csv', row: 1, line: 2 });
    expect(d.groups).toEqual([
      { displayName: 'Finance', members: ['ann@acme.com'] },
      { displayName: 'Ops', members: ['ann@acme.com'] },
    ]);
  });

  it('reads ; delimiters, quoted newlines and a stream split mid-record', async () => {
    const text = 'Email;First;Active\n"a@x.com";"Line1\nLine2";true\nb@x.com;B;n\n';
    const chunks = [text.slice(0, 7), text.slice(7, 30), text.slice(30)];
    const d = await readDesiredCsv(Readable.from(chunks), {
      mapping: { Email: 'userName', First: 'name.givenName', Active: 'active' },
      delimiter: 'auto',
    });
    expect(d.users.map((u) => u.user.name?.givenName)).toEqual(['Line1\nLine2', 'B']);
    expect(d.users[1]!.source).toMatchObject({ row: 2, line: 4 });
  });

  it('coerces typed columns and names file, row and column on bad values', async () => {
    const m = {
      Email: 'userName',
      Start: { path: 'title', type: 'dateTime' as const },
      Active: 'active',
    };
    const ok = await readDesiredCsv('Email,Start,Active\na@x.com,2024-05-01,1\n', { mapping: m });
    expect(ok.users[0]!.user.title).toBe('2024-05-01T00:00:00.000Z');
    const bad = await fails(
      readDesiredCsv('Email,Start,Active\na@x.com,2024-05-01,1\nb@x.com,,maybe\n', {
        file: 'hr.csv',
        mapping: m,
      }),
    );
    expect(bad).toMatchObject({ code: 'input', file: 'hr.csv', row: 2, column: 'Active' });
    expect(bad.message).toMatch(/^hr\.csv, row 2, column "Active": "maybe" is not a boolean/);
    const date = await fails(
      readDesiredCsv('Email,Start,Active\na@x.com,May 1st,1\n', { mapping: m }),
    );
    expect(date).toMatchObject({ row: 1, column: 'Start' });
  });

  it('refuses a missing key column, broken quoting and an empty userName', async () => {
    const missing = await fails(
      readDesiredCsv('Mail,First\na@x.com,A\n', {
        file: 'hr.csv',
        mapping: { Email: 'userName', First: 'name.givenName' },
      }),
    );
    expect(missing).toMatchObject({ code: 'input', column: 'Email' });
    expect(missing.message).toContain('"Mail", "First"');
    const quoting = await fails(
      readDesiredCsv('Email,First\na@x.com,"A\nb@x.com,B\n', {
        file: 'q.csv',
        mapping: { Email: 'userName', First: 'name.givenName' },
      }),
    );
    expect(quoting).toMatchObject({ code: 'input', file: 'q.csv' });
    expect(quoting.message).toMatch(/quoted field is not closed|malformed/);
    const fields = await fails(
      readDesiredCsv('Email,First\na@x.com,A,extra\n', { mapping: { Email: 'userName' } }),
    );
    expect(fields.message).toContain('different number of fields');
    const empty = await fails(
      readDesiredCsv('Email,First\n,A\n', { mapping: { Email: 'userName' } }),
    );
    expect(empty).toMatchObject({ row: 1, column: 'Email' });
  });
});

describe('compileMapping', () => {
  it('names the column of an unknown attribute and lists the accepted ones', () => {
    let e: unknown;
    try {
      compileMapping({ Email: 'userName', Shoe: 'shoeSize' }, { file: 'hr.csv' });
    } catch (err) {
      e = err;
    }
    expect(e).toMatchObject({ code: 'mapping', column: 'Shoe', file: 'hr.csv' });
    expect((e as Error).message).toContain('Accepted: userName');
    expect(() => compileMapping({ A: 'userName', B: 'userName' })).toThrow(
      /map each attribute once/,
    );
    expect(() => compileMapping({ A: 'password' })).toThrow(SyncError);
    expect(() => compileMapping({ A: 'emails[type eq "work"' })).toThrow(SyncError);
  });

  it('accepts URN paths and custom extension attributes the server declares', () => {
    const urn = 'urn:acme:params:scim:schemas:extension:acme:2.0:User';
    const schemas = [{ id: urn, attributes: [{ name: 'badge', type: 'integer' }] }];
    const m = compileMapping(
      { B: `${urn}:badge`, D: `${SCHEMA_ENTERPRISE_USER}:department` },
      { schemas },
    );
    expect(m.columns.map((c) => c.type)).toEqual(['integer', 'string']);
    expect(() => compileMapping({ B: `${urn}:badge` })).toThrow(SyncError);
  });
});

describe('readDesiredJson', () => {
  it('reads SCIM users with groups, mapped records and NDJSON', async () => {
    const doc = JSON.stringify({
      users: [{ userName: 'a@x.com', externalId: 'E1' }, { userName: 'b@x.com' }],
      groups: [{ displayName: 'Ops', members: ['E1'] }],
    });
    const d = await readDesiredJson(doc, { file: 'hr.json' });
    expect(d.users.map((u) => u.user.userName)).toEqual(['a@x.com', 'b@x.com']);
    expect(d.groups[0]).toMatchObject({ displayName: 'Ops', members: ['E1'] });
    const nd = await readDesired('{"mail":"a@x.com","on":"no"}\n{"mail":"b@x.com","on":true}\n', {
      format: 'ndjson',
      mapping: { mail: 'userName', on: 'active' },
    });
    expect(nd.users.map((u) => u.user.active)).toEqual([false, true]);
    expect(nd.users[1]!.source).toMatchObject({ row: 2, line: 2 });
  });

  it('names the line of broken NDJSON and the row of a bad record', async () => {
    const broken = await fails(
      readDesiredJson('{"userName":"a"}\n{"userName":\n', { file: 'x.ndjson', format: 'ndjson' }),
    );
    expect(broken.message).toContain('x.ndjson: line 2 is not valid JSON');
    const pw = await fails(
      readDesiredJson('[{"userName":"a","password":"p"}]', { file: 'x.json' }),
    );
    expect(pw).toMatchObject({ row: 1 });
    expect(pw.message).toContain('"password" cannot be set');
    const nouser = await fails(readDesiredJson('[{"userName":"a"},{"displayName":"b"}]'));
    expect(nouser).toMatchObject({ row: 2 });
  });
});
