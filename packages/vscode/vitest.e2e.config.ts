import { defineConfig } from 'vitest/config';

// The real VS Code run: code-server with the packaged extension, driven through Chromium.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'e2e-results.json' },
  },
});
