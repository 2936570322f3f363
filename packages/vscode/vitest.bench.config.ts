import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run bench`: the tree provider against a large sandbox team, with the same stand-in for
// the editor API as the unit tests (the SCIM client and the server are the real ones).
export default defineConfig({
  resolve: { alias: { vscode: resolve(__dirname, 'test/vscode-stub.ts') } },
  test: {
    include: ['bench/open-users.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
