// Adds up the JSON reports that each package's vitest run writes (test-results.json,
// e2e-results.json, ...) and prints one closing line: "tests: N passed, N failed, N skipped".
// Exits non-zero when a report has failures or when no test ran at all.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const packagesDir = join(root, 'packages');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const pkg of readdirSync(packagesDir)) {
  const dir = join(packagesDir, pkg);
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir).filter((f) => /-results\.json$/.test(f))) {
    const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const p = report.numPassedTests ?? 0;
    const f =
      (report.numFailedTests ?? 0) + (report.success === false && !report.numFailedTests ? 1 : 0);
    const s = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    console.log(`  ${pkg}/${file}: ${p} passed, ${f} failed, ${s} skipped`);
    passed += p;
    failed += f;
    skipped += s;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
