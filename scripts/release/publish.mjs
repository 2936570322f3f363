// Publishes every public workspace package whose version is not on the npm registry yet, with
// `npm publish --provenance --access public` (the provenance statement n8n's verification and
// npm's "built and signed on GitHub Actions" badge rely on), and tags each release
// `<name>@<version>`, the extension included. It prints changesets' "New tag:" lines, from which
// the release workflow learns what was published.
// `--dry-run` runs the same npm command lines with npm's --dry-run, publishing nothing: CI's
// package checks run it on every change.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dryRun = process.argv.includes('--dry-run');
const root = JSON.parse(readFileSync('package.json', 'utf8'));
const npm = (args, opts = {}) => execFileSync('npm', args, { stdio: 'inherit', ...opts });

function onRegistry(name, version) {
  const r = spawnSync('npm', ['view', `${name}@${version}`, 'version'], { encoding: 'utf8' });
  if (r.status === 0) return r.stdout.trim() === version;
  if (/E404|is not in this registry/.test(r.stderr)) return false;
  throw new Error(`npm view ${name}@${version} failed: ${r.stderr.trim()}`);
}
function tagged(tag) {
  return spawnSync('git', ['rev-parse', '-q', '--verify', `refs/tags/${tag}`]).status === 0;
}

let failed = false;
// Under --dry-run every package is tried, so that one run names every problem.
for (const dir of root.workspaces) {
  const p = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const tag = `${p.name}@${p.version}`;
  if (p.private) {
    // The extension is not an npm package: the workflow packages and uploads its .vsix.
    if (p.engines?.vscode && !dryRun && !tagged(tag)) {
      execFileSync('git', ['tag', tag]);
      console.log(`New tag: ${tag}`);
    }
    continue;
  }
  // npm "auto-corrects" a bad manifest while publishing, e.g. by dropping a `bin` entry it finds
  // invalid; a package that would be published changed is refused here.
  const dry = spawnSync(
    'npm',
    ['publish', '--dry-run', '--provenance', '--access', 'public', '--ignore-scripts'],
    { cwd: dir, encoding: 'utf8' },
  );
  process.stdout.write(dry.stdout);
  // npm lists every file of the tarball; the checker looks at those, the log keeps the summary.
  process.stderr.write(dry.stderr.replace(/^npm notice [\d.]+k?B .*\n/gm, ''));
  if (dry.status !== 0 || /auto-corrected|errors corrected/.test(dry.stderr)) {
    console.error(`npm publish --dry-run of ${tag} failed or changed the manifest`);
    failed = true;
    continue;
  }
  if (dryRun) continue;
  if (onRegistry(p.name, p.version)) {
    console.log(`${tag} is on the registry already`);
    continue;
  }
  npm(['publish', '--provenance', '--access', 'public'], { cwd: dir });
  if (!tagged(tag)) execFileSync('git', ['tag', tag]);
  console.log(`New tag: ${tag}`);
}
process.exit(failed ? 1 : 0);
