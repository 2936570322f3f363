// The shared rules plus n8n's community-node rules (what `@n8n/node-cli lint` runs).
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import base from '../../eslint.config.mjs';

export default [
  ...base,
  { ignores: ['dist/**', 'index.js', 'scripts/**', '*.json'] },
  n8nCommunityNodesPlugin.configs.recommended,
  {
    files: ['test/**', 'e2e/**', '*.config.ts'],
    rules: {
      '@n8n/community-nodes/no-restricted-globals': 'off',
      '@n8n/community-nodes/no-restricted-imports': 'off',
      // Test harnesses start n8n and the sandbox; they never ship in the package.
      '@n8n/community-nodes/no-dangerous-functions': 'off',
      // Node errors are for code that runs inside n8n; a harness rethrows what it got.
      '@n8n/community-nodes/require-node-api-error': 'off',
    },
  },
];
