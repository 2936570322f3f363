import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { USER_AGENT } from '../src/connection.js';
import { packageRoot, run, scratch } from './helpers.js';

// The version is package.json's, wherever the CLI states it: `changeset version` moves it there.
const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
  version: string;
};
const tmp = scratch();
afterAll(() => tmp.cleanup());

describe('version', () => {
  it('prints package.json version with --version (the built binary)', async () => {
    const out = await run(['--version'], { home: tmp.dir });
    expect(out.code).toBe(0);
    expect(out.stdout.trim()).toBe(version);
  });

  it('names package.json version in its user agent', () => {
    expect(USER_AGENT).toBe(`celonis-scim-cli/${version}`);
  });
});
