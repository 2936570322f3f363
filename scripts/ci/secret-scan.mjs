#!/usr/bin/env node
// Secret-canary scanner. CI exports SCIM_SANDBOX_CANARY for the whole run, so every client
// secret, API key, application key and access token the sandboxes make carries that marker;
// afterwards this script reads every file of the suite logs, test reports and host data (text
// and binary alike: SQLite databases, archives, screenshots are read raw) and looks for the
// marker in plain form and in the encodings a leaked credential takes: base64 and base64url at
// every byte alignment (an HTTP Basic header is base64 of "client:secret"), URL- and
// form-encoded, JSON-escaped, UTF-16LE and hex.
//
//   node scripts/ci/secret-scan.mjs [--expect SOURCE=REGEX]... SOURCE=PATH...
//
// SOURCE names a group of files in the report (e.g. logs=ci-logs, n8n=e2e-data/n8n); several
// PATH arguments may share one SOURCE. Each PATH must exist, and each source must hold at least
// one file, so that a scan of nothing cannot pass. --expect fails the scan unless a scanned file
// of SOURCE has a path (relative to its PATH) matching REGEX: it proves, say, that the n8n
// database was there to be read.
//
// It prints file names, byte offsets and the form that matched, never the secret or the bytes
// around it. Exit codes: 0 no leak, 1 leak found or an expected file missing, 2 usage error.
import { closeSync, lstatSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { URLSearchParams, pathToFileURL } from 'node:url';

const ENV = 'SCIM_SANDBOX_CANARY';
const MAX_FILE_BYTES = 200 * 1024 * 1024;
const CHUNK = 8 * 1024 * 1024;
const MAX_OFFSETS = 5;

/** `text` with every byte outside [A-Za-z0-9] percent-encoded (what URL encoders at worst do). */
const percentAll = (text, lower) =>
  [...Buffer.from(text, 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9]/.test(c)) return c;
      const hex = b.toString(16).padStart(2, '0');
      return `%${lower ? hex : hex.toUpperCase()}`;
    })
    .join('');

/** JSON string body with every non-ASCII character as \uXXXX (how some encoders write it). */
const jsonAscii = (text) =>
  JSON.stringify(text)
    .slice(1, -1)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The base64 text that any encoding of a byte string containing `bytes` must contain, for each
 * of the three alignments `bytes` can start at: encode it behind `shift` unknown bytes, then
 * keep only the characters that no unknown byte before or after it influences.
 */
function base64Cores(bytes, alphabet) {
  const cores = [];
  for (const shift of [0, 1, 2]) {
    const total = shift + bytes.length;
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString(alphabet);
    const start = [0, 2, 3][shift];
    const end = Math.floor(total / 3) * 4 + [0, 1, 2][total % 3];
    cores.push(encoded.slice(start, end));
  }
  return cores;
}

/** Every form of the canary to look for: [form name, bytes], without duplicates. */
export function needles(canary) {
  const textual = [
    ['plain', canary],
    ['url-encoded', encodeURIComponent(canary)],
    ['form-encoded', new URLSearchParams({ x: canary }).toString().slice(2)],
    ['percent-encoded', percentAll(canary, false)],
    ['percent-encoded', percentAll(canary, true)],
    ['json-escaped', JSON.stringify(canary).slice(1, -1)],
    ['json-escaped', jsonAscii(canary)],
  ];
  const out = [];
  const seen = new Set();
  const add = (form, bytes) => {
    const key = bytes.toString('hex');
    if (bytes.length < 4 || seen.has(key)) return;
    seen.add(key);
    out.push({ form, bytes });
  };
  for (const [form, text] of textual) add(form, Buffer.from(text, 'utf8'));
  // Basic credentials are base64 of the form-encoded id and secret (RFC 6749 2.3.1).
  for (const [form, text] of textual.slice(0, 4)) {
    const bytes = Buffer.from(text, 'utf8');
    const via = form === 'plain' ? '' : ` of ${form}`;
    for (const core of base64Cores(bytes, 'base64')) add(`base64${via}`, Buffer.from(core));
    for (const core of base64Cores(bytes, 'base64url')) add(`base64url${via}`, Buffer.from(core));
  }
  add('utf16le', Buffer.from(canary, 'utf16le'));
  add('hex', Buffer.from(Buffer.from(canary, 'utf8').toString('hex')));
  add('hex', Buffer.from(Buffer.from(canary, 'utf8').toString('hex').toUpperCase()));
  return out;
}

/** Regular files under `path` (or `path` itself), skipping node_modules and symbolic links. */
function* walk(path) {
  const st = lstatSync(path);
  if (st.isFile()) {
    yield { path, size: st.size };
  } else if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules') continue;
      yield* walk(join(path, name));
    }
  }
}

let shared;

/** Offsets of each needle in the file, read in chunks that overlap by the longest needle. */
function scanFile(file, list) {
  const longest = Math.max(...list.map((n) => n.bytes.length));
  // One buffer for all files: allocating 8 MB per file would dominate a scan of many small ones.
  if (!shared || shared.length < CHUNK + longest) shared = Buffer.alloc(CHUNK + longest);
  const buf = shared;
  const hits = new Map();
  const fd = openSync(file, 'r');
  try {
    let carried = 0;
    let base = 0; // file offset of buf[0]
    for (;;) {
      const read = readSync(fd, buf, carried, CHUNK, null);
      const len = carried + read;
      const view = buf.subarray(0, len);
      for (const { form, bytes } of list) {
        for (let i = view.indexOf(bytes); i >= 0; i = view.indexOf(bytes, i + 1)) {
          const seen = hits.get(form) ?? [];
          // A match inside the overlap is seen twice, once per chunk.
          if (!seen.includes(base + i)) seen.push(base + i);
          hits.set(form, seen);
        }
      }
      if (read === 0) break;
      carried = Math.min(longest - 1, len);
      buf.copy(buf, 0, len - carried, len);
      base += len - carried;
    }
  } finally {
    closeSync(fd);
  }
  return hits;
}

function parseArgs(argv) {
  const sources = new Map();
  const expects = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const pair = arg === '--expect' ? argv[++i] : arg;
    const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(pair ?? '');
    if (!m) throw new Error(`argument ${JSON.stringify(pair ?? arg)} is not SOURCE=PATH`);
    if (arg === '--expect') expects.push({ source: m[1], pattern: new RegExp(m[2]) });
    else sources.set(m[1], [...(sources.get(m[1]) ?? []), m[2]]);
  }
  if (sources.size === 0) throw new Error('nothing to scan: give at least one SOURCE=PATH');
  for (const e of expects)
    if (!sources.has(e.source)) throw new Error(`--expect names source ${e.source}, not scanned`);
  return { sources, expects };
}

function main() {
  const canary = process.env[ENV];
  if (!canary || canary.length < 6) {
    console.error(`secret-scan: ${ENV} is not set (or shorter than 6 characters): nothing to look for.
Set it for the test run and for this scan, e.g. ${ENV}=cnry$(date +%s).`);
    return 2;
  }
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(
      `secret-scan: ${e.message}\nusage: secret-scan.mjs [--expect SOURCE=REGEX]... SOURCE=PATH...`,
    );
    return 2;
  }
  const list = needles(canary);
  const hide = (p) => p.split(canary).join('<canary>');
  let failed = false;
  let leaks = 0;
  const totals = { files: 0, bytes: 0 };
  for (const [source, paths] of args.sources) {
    const stats = { files: 0, bytes: 0, skipped: 0, names: [] };
    for (const root of paths) {
      try {
        statSync(root);
      } catch {
        console.log(`MISSING ${source}: ${hide(root)} does not exist`);
        failed = true;
        continue;
      }
      for (const { path, size } of walk(root)) {
        const shown = hide(path);
        if (shown !== path) {
          console.log(`LEAK ${source}: ${shown} (the file name holds the canary)`);
          leaks++;
        }
        if (size > MAX_FILE_BYTES) {
          console.log(`SKIPPED ${source}: ${shown} (${size} bytes, over ${MAX_FILE_BYTES})`);
          stats.skipped++;
          continue;
        }
        stats.files++;
        stats.bytes += size;
        stats.names.push(relative(root, path) || path);
        for (const [form, offsets] of scanFile(path, list)) {
          const first = offsets.slice(0, MAX_OFFSETS).join(', ');
          const more =
            offsets.length > MAX_OFFSETS ? ` and ${offsets.length - MAX_OFFSETS} more` : '';
          console.log(`LEAK ${source}: ${shown} at byte ${first}${more} (${form})`);
          leaks += offsets.length;
        }
      }
    }
    const skipped = stats.skipped ? `, ${stats.skipped} skipped as too large` : '';
    console.log(`scanned ${source}: ${stats.files} files, ${stats.bytes} bytes${skipped}`);
    if (stats.files === 0) {
      console.log(`EMPTY ${source}: no file to scan, so nothing is proven for it`);
      failed = true;
    }
    for (const e of args.expects.filter((x) => x.source === source)) {
      if (!stats.names.some((n) => e.pattern.test(n))) {
        console.log(`MISSING ${source}: no scanned file matches ${e.pattern}`);
        failed = true;
      }
    }
    totals.files += stats.files;
    totals.bytes += stats.bytes;
  }
  console.log(
    `secret-scan: ${totals.files} files, ${totals.bytes} bytes, ${list.length} forms of the canary: ` +
      (leaks ? `${leaks} LEAKS` : 'no leak'),
  );
  return leaks || failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main();
}
