import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// Checks the built package (npm test runs after the build): the exports map must be truthful
// and the CommonJS bundle must offer what the ESM build offers.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, Record<string, string> | string>;
  sideEffects: boolean;
};

describe('built package', () => {
  it('points every exports entry at a file that exists', () => {
    const targets = Object.values(pkg.exports).flatMap((v) =>
      typeof v === 'string' ? [v] : Object.values(v),
    );
    for (const target of targets)
      expect(existsSync(join(root, target)), `${target} (run npm run build)`).toBe(true);
    expect(pkg.sideEffects).toBe(false);
  });

  async function both(name: '.' | './node') {
    const entry = pkg.exports[name] as Record<string, string>;
    const esm = (await import(pathToFileURL(join(root, entry.import!)).href)) as Record<
      string,
      unknown
    >;
    const cjs = createRequire(import.meta.url)(join(root, entry.require!)) as Record<
      string,
      unknown
    >;
    return { esm, cjs };
  }

  it.each(['.', './node'] as const)(
    'offers the same exports from CommonJS and ESM (%s)',
    async (name) => {
      const { esm, cjs } = await both(name);
      expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
      expect(typeof cjs.createScimClient).toBe('function');
      const { celonisUrls } = cjs as { celonisUrls: (u: string) => { scimBaseUrl: string } };
      expect(celonisUrls('https://acme.eu-1.celonis.cloud').scimBaseUrl).toBe(
        'https://acme.eu-1.celonis.cloud/scim/v2',
      );
    },
  );

  it('keeps undici and timers out of the main entry, and shares its classes with ./node', async () => {
    const main = await both('.');
    const node = await both('./node');
    expect(main.esm.createUndiciTransport).toBeUndefined();
    expect(main.esm.defaultSleep).toBeUndefined();
    expect(typeof node.esm.createUndiciTransport).toBe('function');
    // One ScimError class per module system, whichever entry it was taken from.
    expect(node.cjs.ScimError).toBe(main.cjs.ScimError);
    expect(node.esm.ScimError).toBe(main.esm.ScimError);
    const create = main.esm.createScimClient as (o: object) => unknown;
    expect(() =>
      create({ baseUrl: 'https://acme.eu-1.celonis.cloud/scim/v2', auth: { type: 'none' } }),
    ).toThrow(/needs a `transport`.*@celonis-scim\/core\/node/);
    const bundle = readFileSync(
      join(root, (pkg.exports['.'] as Record<string, string>).require!),
      'utf8',
    );
    expect(bundle).not.toMatch(/require\(["']undici["']\)|\bsetTimeout\(/);
  });
});
