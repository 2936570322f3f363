import { defineConfig, mergeConfig } from 'vitest/config';
import { unitTests } from '../../vitest.shared.js';

// The tests run the built binary (dist/cli.js) against a sandbox: `npm test` builds first, and a
// spawned process needs longer than an in-process call.
export default defineConfig(mergeConfig(unitTests(), { test: { testTimeout: 90_000 } }));
