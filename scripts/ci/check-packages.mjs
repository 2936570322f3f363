// Asserts what a registry page and a verifier need from every package we publish, on the files
// `npm pack` and `vsce package` would ship: the manifest fields (repository with its directory,
// homepage, bugs, keywords, licence, public access for scoped names), LICENSE, README, CHANGELOG,
// n8n's codex files and icons, and the extension's Marketplace fields and absolute README images.
// Usage: node scripts/ci/check-packages.mjs [--vsix path] ; exits 1 naming every missing piece.
// `--drop <folder>:<field>` removes a field from a manifest as read (never on disk), so that the
// package checks can show this checker failing on exactly that field.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const REPO = 'https://github.com/celonis-scim/celonis-scim-toolkit';
const { values } = parseArgs({
  options: {
    vsix: { type: 'string' },
    drop: { type: 'string', multiple: true },
    // Manifests only, no `npm pack` (the checker's own failure test).
    'manifests-only': { type: 'boolean' },
  },
});
const drops = (values.drop ?? []).map((d) => d.split(':'));
const root = process.cwd();
const rootPkg = JSON.parse(readFileSync('package.json', 'utf8'));
const problems = [];
const fail = (pkg, what) => problems.push(`${pkg}: ${what}`);

/** The files `npm pack` would put in the tarball, as npm itself lists them. */
function packedFiles(dir) {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return JSON.parse(out)[0].files.map((f) => f.path);
}

function checkCommon(dir, p, label) {
  for (const field of ['name', 'version', 'description', 'license', 'author'])
    if (!p[field]) fail(label, `package.json has no "${field}"`);
  if (p.license !== 'MIT') fail(label, `licence is ${p.license}, expected MIT like the repository`);
  if (p.repository?.url !== `git+${REPO}.git`)
    fail(label, `repository.url must be git+${REPO}.git`);
  if (p.repository?.directory !== dir)
    fail(label, `repository.directory must be "${dir}" (npm links the package's folder)`);
  if (p.homepage !== `${REPO}/tree/main/${dir}#readme`)
    fail(label, `homepage must be ${REPO}/tree/main/${dir}#readme`);
  if (p.bugs?.url !== `${REPO}/issues`) fail(label, `bugs.url must be ${REPO}/issues`);
  if (!Array.isArray(p.keywords) || p.keywords.length < 3) fail(label, 'needs 3 or more keywords');
  for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md'])
    if (!existsSync(join(dir, file))) fail(label, `${file} is missing in ${dir}`);
}

function checkNpmPackage(dir, p) {
  const label = p.name;
  checkCommon(dir, p, label);
  if (p.name.startsWith('@') && p.publishConfig?.access !== 'public')
    fail(label, 'a scoped package needs publishConfig.access "public"');
  if (!p.engines?.node) fail(label, 'engines.node is missing');
  if (values['manifests-only']) return 0;
  const files = packedFiles(dir);
  for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'])
    if (!files.includes(file)) fail(label, `the tarball lacks ${file}`);
  const stray = files.filter((f) => /(^|\/)(test|e2e|src)\/|\.test\.|\.tsbuildinfo$/.test(f));
  if (stray.length) fail(label, `the tarball ships test or source files: ${stray.slice(0, 5)}`);
  for (const [name, target] of Object.entries(
    typeof p.bin === 'string' ? { [p.name]: p.bin } : (p.bin ?? {}),
  ))
    if (!files.includes(target.replace(/^\.\//, '')))
      fail(label, `bin ${name} -> ${target} is not in the tarball`);
  if (p.name.startsWith('n8n-nodes-')) checkN8nPackage(dir, p, files);
  return files.length;
}

function checkN8nPackage(dir, p, files) {
  const label = p.name;
  if (!p.keywords?.includes('n8n-community-node-package'))
    fail(label, 'keyword "n8n-community-node-package" is missing (n8n finds packages by it)');
  if (Object.keys(p.dependencies ?? {}).length)
    fail(label, 'n8n community packages must not have runtime dependencies');
  for (const node of p.n8n?.nodes ?? []) {
    if (!files.includes(node)) fail(label, `${node} is not in the tarball`);
    const codex = node.replace(/\.js$/, '.json');
    if (!files.includes(codex)) {
      fail(label, `${codex} (the codex file) is not in the tarball`);
      continue;
    }
    const c = JSON.parse(readFileSync(join(dir, codex), 'utf8'));
    if (!c.node || !c.nodeVersion || !c.codexVersion) fail(label, `${codex}: node/versions`);
    if (!c.categories?.length) fail(label, `${codex}: no categories`);
    if (!c.alias?.length) fail(label, `${codex}: no aliases`);
    if (!c.resources?.primaryDocumentation?.[0]?.url?.startsWith('https://'))
      fail(label, `${codex}: no primaryDocumentation link`);
  }
  for (const cred of p.n8n?.credentials ?? [])
    if (!files.includes(cred)) fail(label, `${cred} is not in the tarball`);
  for (const icon of ['dist/icons/celonis.svg', 'dist/icons/celonis.dark.svg'])
    if (!files.includes(icon)) fail(label, `${icon} is not in the tarball`);
  checkReadmeImages(dir, label);
}

/** Registry pages (npmjs.com, the Marketplace, Open VSX) show README images only by full URL. */
function checkReadmeImages(dir, label) {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  for (const [, url] of readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)) {
    if (!url.startsWith('https://'))
      fail(label, `README image ${url} is not an absolute https URL`);
    const raw = `https://raw.githubusercontent.com/celonis-scim/celonis-scim-toolkit/main/`;
    if (url.startsWith(raw) && !existsSync(url.slice(raw.length)))
      fail(label, `README image ${url} names a file that is not in the repository`);
  }
}

function checkExtension(dir, p) {
  const label = `${p.name} (extension)`;
  checkCommon(dir, p, label);
  for (const field of ['publisher', 'displayName', 'icon', 'galleryBanner', 'categories'])
    if (!p[field]) fail(label, `package.json has no "${field}"`);
  if (!p.engines?.vscode) fail(label, 'engines.vscode is missing');
  if (p.icon && !p.icon.endsWith('.png')) fail(label, 'the Marketplace icon must be a PNG');
  checkReadmeImages(dir, label);
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  if (/npm run |vitest|## Development/.test(readme))
    fail(
      label,
      'README.md (the Marketplace page) holds developer notes; they go to DEVELOPMENT.md',
    );
  if (/allow-/.test(p.scripts?.package ?? ''))
    fail(label, 'the package script passes an --allow-* flag to vsce');
  if (values.vsix) {
    const listing = execFileSync('unzip', ['-Z1', values.vsix], { encoding: 'utf8' }).split('\n');
    for (const entry of [
      'extension/package.json',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
      `extension/${p.icon}`,
    ])
      if (!listing.some((l) => l.toLowerCase() === entry.toLowerCase()))
        fail(label, `the .vsix lacks ${entry}`);
  }
}

let count = 0;
for (const dir of rootPkg.workspaces) {
  const p = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  for (const [where, field] of drops) if (where === dir) delete p[field];
  if (p.engines?.vscode) checkExtension(dir, p);
  else if (!p.private) {
    const n = checkNpmPackage(dir, p);
    if (n) console.log(`${p.name}@${p.version}: ${n} files in the tarball`);
  }
  count++;
}
if (problems.length) {
  console.error(`${problems.length} packaging problem(s):\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`package metadata: ${count} packages checked, no problem`);
