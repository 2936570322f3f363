import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A code-server (VS Code in the browser) with our extension installed, on a free loopback port. */
export interface CodeServer {
  url: string;
  workspace: string;
  output(): string;
  close(): Promise<void>;
}

export interface CodeServerOptions {
  bin: string;
  /** Folder with a Node 24 binary, put first on PATH. */
  nodeBin?: string;
  vsix: string;
  port?: number;
  root?: string;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Extra environment of code-server (and so of the extension host). */
  env?: Record<string, string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export const SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'editor.minimap.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.colorTheme': 'Default Dark Modern',
};

/**
 * A fresh root for code-server's user data, extensions and workspace. With E2E_KEEP_DIR set it is
 * created there and kept after the run: CI scans VS Code's logs (each output channel is a log
 * file under user-data/logs) for leaked secrets. Otherwise a temp folder, removed on close.
 */
function makeRoot(): { root: string; keep: boolean } {
  const keepDir = process.env.E2E_KEEP_DIR;
  if (!keepDir)
    return { root: mkdtempSync(join(tmpdir(), 'celonis-scim-code-server-')), keep: false };
  mkdirSync(join(keepDir, 'code-server'), { recursive: true });
  return { root: mkdtempSync(join(keepDir, 'code-server', 'root-')), keep: true };
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const { root, keep } = opts.root ? { root: opts.root, keep: true } : makeRoot();
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  const workspace = join(root, 'workspace');
  for (const d of [join(userData, 'User'), extensions, workspace])
    mkdirSync(d, { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...SETTINGS, ...opts.settings }, null, 2),
  );
  const config = join(root, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  writeFileSync(join(workspace, 'README.md'), '# Scratch folder for the extension tests\n');
  const env = {
    ...process.env,
    ...opts.env,
    PATH: opts.nodeBin ? `${opts.nodeBin}:${process.env.PATH ?? ''}` : process.env.PATH,
    // No extension gallery: the tests send nothing beyond loopback.
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery' }),
  };
  const dirs = ['--config', config, '--extensions-dir', extensions, '--user-data-dir', userData];
  const install = spawnSync(opts.bin, [...dirs, '--install-extension', opts.vsix], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (install.status !== 0)
    throw new Error(`code-server --install-extension failed: ${install.stdout}\n${install.stderr}`);
  const port = opts.port ?? (await freePort());
  const args = [
    ...dirs,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    workspace,
  ];
  const child: ChildProcess = spawn(opts.bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, child, () => out);
  return {
    url,
    workspace,
    output: () => out,
    close: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
      if (keep) writeFileSync(join(root, 'code-server.log'), out);
      else rmSync(root, { recursive: true, force: true });
    },
  };
}

async function waitForHttp(url: string, child: ChildProcess, out: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early:\n${out()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${url} within 60 s:\n${out()}`);
}
