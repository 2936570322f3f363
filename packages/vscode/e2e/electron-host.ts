import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type Page } from 'playwright-core';
import {
  downloadAndUnzipVSCode,
  resolveCliPathFromVSCodeExecutablePath,
} from '@vscode/test-electron';
import { SETTINGS } from './code-server.js';

/**
 * The desktop VS Code (Electron) for machines that can download it: @vscode/test-electron
 * fetches it, its CLI installs the vsix, and playwright drives its window with the same
 * Workbench helpers as the code-server run. Selected with VSCODE_E2E_HOST=electron.
 */
export async function startElectronVSCode(
  vsix: string,
  settings: Record<string, unknown>,
): Promise<{ page: Page; close(): Promise<void> }> {
  const exe = await downloadAndUnzipVSCode(process.env.VSCODE_VERSION ?? 'stable');
  const cli = resolveCliPathFromVSCodeExecutablePath(exe);
  const root = mkdtempSync(join(tmpdir(), 'celonis-scim-vscode-'));
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  const workspace = join(root, 'workspace');
  for (const d of [join(userData, 'User'), extensions, workspace])
    mkdirSync(d, { recursive: true });
  // Custom (HTML) menus and dialogs, so that the same selectors work as in the browser.
  const desktop = {
    'window.titleBarStyle': 'custom',
    'window.menuStyle': 'custom',
    'window.dialogStyle': 'custom',
  };
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...SETTINGS, ...desktop, ...settings }, null, 2),
  );
  const dirs = [`--extensions-dir=${extensions}`, `--user-data-dir=${userData}`];
  const install = spawnSync(cli, [...dirs, '--install-extension', vsix], {
    encoding: 'utf8',
    timeout: 120_000,
    shell: process.platform === 'win32',
  });
  if (install.status !== 0)
    throw new Error(`code --install-extension failed: ${install.stdout}\n${install.stderr}`);
  const app = await _electron.launch({
    executablePath: exe,
    args: [
      ...dirs,
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-updates',
      '--disable-gpu',
      '--no-sandbox',
      workspace,
    ],
  });
  const page = await app.firstWindow();
  return { page, close: () => app.close() };
}
