import { createRequire } from 'node:module';
import { defineConfig, mergeConfig } from 'vitest/config';
import { unitTests } from '../../vitest.shared.js';

// n8n loads this package's CommonJS build, and with it n8n-workflow's CommonJS entry; the tests
// take the same entry. Node loads it as it is: its ESM build (extensionless imports, not valid
// for Node) would instead go through vite, which warns for each file that its source maps
// point to sources the package does not ship.
const n8nWorkflow = createRequire(__filename).resolve('n8n-workflow');

export default defineConfig(
  mergeConfig(unitTests(), {
    resolve: { alias: [{ find: /^n8n-workflow$/, replacement: n8nWorkflow }] },
  }),
);
