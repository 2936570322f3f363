import { defineConfig } from 'vitest/config';
import { e2eTests } from '../../vitest.shared.js';

// The real VS Code run: code-server with the packaged extension, driven through Chromium.
export default defineConfig(e2eTests('e2e/**/*.e2e.ts', { test: 120_000, hook: 240_000 }));
