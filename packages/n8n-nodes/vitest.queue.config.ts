import { defineConfig } from 'vitest/config';
import { e2eTests } from '../../vitest.shared.js';

// The queue-mode suite: its own config, so the e2e suite of the single-process n8n does not run it.
const config = e2eTests('e2e/queue/**/*.e2e.test.ts', { test: 600_000, hook: 900_000 });
export default defineConfig({
  ...config,
  test: { ...config.test, outputFile: { json: 'e2e-queue-results.json' } },
});
