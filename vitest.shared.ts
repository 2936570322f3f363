import type { ViteUserConfig } from 'vitest/config';

// The settings every package's vitest config starts from: unit and integration tests under
// test/ (each starts a sandbox, hence the timeouts), e2e suites that drive one real host at a time.
const reporting = (file: string) => ({
  reporters: ['default', 'json'],
  outputFile: { json: file },
});

/** `test/**\/*.test.ts`, with a JSON report for CI's summary. */
export function unitTests(): ViteUserConfig {
  return {
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...reporting('test-results.json'),
    },
  };
}

/** An end-to-end suite against a real host: one file at a time, long timeouts. */
export function e2eTests(
  include: string,
  timeouts: { test: number; hook: number },
): ViteUserConfig {
  return {
    test: {
      include: [include],
      testTimeout: timeouts.test,
      hookTimeout: timeouts.hook,
      fileParallelism: false,
      ...reporting('e2e-results.json'),
    },
  };
}
