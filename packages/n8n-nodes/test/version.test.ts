import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { USER_AGENT } from '../shared/client';

// The nodes' version is package.json's: `changeset version` moves it there and nowhere else.
const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  version: string;
};

describe('version', () => {
  it('names package.json version in the user agent', () => {
    expect(USER_AGENT).toBe(`n8n-nodes-celonis-scim/${version}`);
  });
});
