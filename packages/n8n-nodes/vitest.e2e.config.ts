import { defineConfig } from 'vitest/config';
import { e2eTests } from '../../vitest.shared.js';

export default defineConfig(e2eTests('e2e/*.e2e.test.ts', { test: 300_000, hook: 120_000 }));
