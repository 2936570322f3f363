import { request } from 'node:https';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { selfSignedCertificate, startSandbox, type Sandbox } from '../src/index.js';

let sb: Sandbox;
const tls = selfSignedCertificate();

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], tls });
});
afterAll(async () => {
  await sb?.close();
});

function get(url: string, ca?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, ca ? { ca } : {}, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

it('serves HTTPS with the given certificate; team URLs say https', async () => {
  expect(sb.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(sb.teams.acme!.tokenUrl).toMatch(/^https:/);
  expect(await get(`${sb.url}/_sandbox/health`, tls.cert)).toBe(200);
});

it('is refused by a client that verifies certificates and does not trust this one', async () => {
  await expect(get(`${sb.url}/_sandbox/health`)).rejects.toMatchObject({
    code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
  });
});
