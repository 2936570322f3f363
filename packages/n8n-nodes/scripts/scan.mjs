// Runs the checks of @n8n/scan-community-package on this package without the registry: the
// published CLI downloads the package and its attested GitHub source, which a machine without
// that access cannot do, so this calls the scanner's own `analyzePackage` on the two things it
// would lint: the source (nodes/, credentials/, package.json) and the packed tarball's
// compiled JavaScript. Usage: node scripts/scan.mjs <scanner install folder>
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prefix = process.argv[2];
if (!prefix) {
  console.error(
    'usage: node scripts/scan.mjs <folder where @n8n/scan-community-package is installed>',
  );
  process.exit(2);
}
const scannerFile = join(prefix, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs');
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerFile).href);

const work = mkdtempSync(join(tmpdir(), 'n8n-scan-'));
try {
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root })
    .toString()
    .trim()
    .split('\n')
    .pop();
  const unpacked = join(work, 'package');
  execFileSync('tar', ['-xzf', join(work, name), '-C', work]);
  const source = await analyzePackage(root, SOURCE_FILE_PATTERNS);
  const dist = await analyzePackage(unpacked, ['**/*.js', 'package.json']);
  const files = readdirSync(join(unpacked, 'dist'), { recursive: true }).length;
  for (const [label, r] of [
    ['source (nodes, credentials, package.json)', source],
    [`packed tarball ${name} (${files} files in dist)`, dist],
  ]) {
    console.log(`${r.passed ? 'PASS' : 'FAIL'} ${label}${r.message ? `: ${r.message}` : ''}`);
    if (r.details) console.log(r.details);
  }
  process.exitCode = source.passed && dist.passed ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
