import { defineConfig } from 'vitest/config';

// The tests run the built binary (dist/cli.js) against a sandbox: `npm test` builds first.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
  },
});
