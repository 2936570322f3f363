// Runs the Open VSX CLI (`ovsx publish`) on the extension the way a release would, against a
// registry stand-in on 127.0.0.1 that only takes the upload (open-vsx.org is out of reach here).
// Two runs: ovsx packaging the extension folder itself (its own vsce, licence check) and ovsx
// publishing the .vsix that `vsce package` made. Each upload must carry the manifest's
// publisher, name and version; any ovsx error fails the check.
// Usage: node scripts/ci/ovsx-check.mjs <folder where ovsx is installed> <extension folder> <vsix>
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [prefix, extDir, vsix] = process.argv.slice(2).map((p) => p && resolve(p));
if (!prefix || !extDir || !vsix) {
  console.error(
    'usage: node scripts/ci/ovsx-check.mjs <ovsx install folder> <extension folder> <vsix>',
  );
  process.exit(2);
}
const require = createRequire(join(prefix, 'node_modules/'));
const { isLicenseOk } = require('ovsx/lib/check-license');
const manifest = JSON.parse(readFileSync(join(extDir, 'package.json'), 'utf8'));
// open-vsx.org refuses an extension without a licence; the stand-in cannot, so ask ovsx directly.
if (!(await isLicenseOk(extDir, manifest))) {
  console.error('ovsx: the extension has no licence Open VSX would accept');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'ovsx-check-'));
const uploads = [];
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'POST' || url.pathname !== '/api/-/publish') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const file = join(work, `upload-${uploads.length}.vsix`);
    writeFileSync(file, Buffer.concat(chunks));
    const m = JSON.parse(
      execFileSync('unzip', ['-p', file, 'extension/package.json'], { encoding: 'utf8' }),
    );
    uploads.push(m);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        namespace: m.publisher,
        name: m.name,
        version: m.version,
        targetPlatform: 'universal',
      }),
    );
  });
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const address = server.address();
const registry = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const ovsx = join(prefix, 'node_modules/.bin/ovsx');
// The token only reaches the stand-in; it is no secret.
const args = ['--registryUrl', registry, '--pat', 'local-check'];
const run = (extra) =>
  new Promise((ok, fail) => {
    import('node:child_process').then(({ execFile }) =>
      execFile(ovsx, ['publish', ...extra, ...args], { cwd: extDir }, (err, stdout, stderr) => {
        process.stdout.write(stdout);
        process.stderr.write(stderr);
        if (err) fail(new Error(`ovsx publish ${extra.join(' ')} failed`));
        else ok();
      }),
    );
  });
let rc = 0;
try {
  await run(['--no-dependencies']);
  await run([vsix]);
  for (const m of uploads)
    if (
      m.publisher !== manifest.publisher ||
      m.name !== manifest.name ||
      m.version !== manifest.version
    )
      throw new Error(`an upload carried ${m.publisher}.${m.name}@${m.version}`);
  if (uploads.length !== 2)
    throw new Error(`expected 2 uploads, the stand-in got ${uploads.length}`);
  console.log(
    `ovsx ${require('ovsx/package.json').version}: packaged and published ${manifest.publisher}.${manifest.name}@${manifest.version} twice (folder, .vsix) to a loopback registry`,
  );
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  rc = 1;
} finally {
  server.close();
  rmSync(work, { recursive: true, force: true });
}
process.exit(rc);
