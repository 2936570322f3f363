import { resolve } from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';
import { unitTests } from '../../vitest.shared.js';

export default defineConfig(
  mergeConfig(unitTests(), {
    resolve: {
      // Only the editor API is stood in for; the SCIM client and sandbox are the real ones.
      alias: { vscode: resolve(__dirname, 'test/vscode-stub.ts') },
    },
  }),
);
