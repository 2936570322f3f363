import { defineConfig } from 'vitest/config';

// Runs every package's suite in one vitest process: `npm run test:all`.
export default defineConfig({
  test: {
    projects: ['packages/*'],
  },
});
