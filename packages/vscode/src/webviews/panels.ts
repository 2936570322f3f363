import { basename } from 'node:path';
import * as vscode from 'vscode';
import { teamOf, type CommandDeps } from '../commands/common.js';
import { showError } from '../errors.js';
import type { Node } from '../tree/nodes.js';
import { webviewHtml } from './html.js';
import { overviewEvent, syncEvent } from './messages.js';
import { fileSnapshotStore } from './overview.js';
import { OverviewSession } from './overviewSession.js';
import { panelPort } from './port.js';
import { SyncSession } from './syncSession.js';
import { formatOf, type SyncSource } from './source.js';

export interface WebviewDeps extends CommandDeps {
  context: vscode.ExtensionContext;
}

function panelOptions(
  context: vscode.ExtensionContext,
): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
  };
}

const refreshTree = (team: string): void =>
  void vscode.commands.executeCommand('celonisScim.refresh', { team });

/** The file to sync: the one given (Explorer), the active editor's, or one the user picks. */
async function pickSource(arg: unknown): Promise<SyncSource | undefined> {
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  const editor = vscode.window.activeTextEditor;
  if (!uri && editor && formatOf(editor.document.fileName, editor.document.languageId)) {
    const doc = editor.document;
    const format = formatOf(doc.fileName, doc.languageId);
    if (format)
      return { name: basename(doc.fileName), key: doc.uri.toString(), text: doc.getText(), format };
  }
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Sync Team from File: pick a CSV or JSON file'),
      canSelectMany: false,
      filters: { 'People (CSV, JSON)': ['csv', 'tsv', 'txt', 'json', 'ndjson', 'jsonl'] },
    });
    uri = picked?.[0];
  }
  if (!uri) return undefined;
  const format = formatOf(uri.path);
  if (!format) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        '{0} is neither CSV nor JSON: pick a .csv, .json or .ndjson file.',
        basename(uri.path),
      ),
    );
    return undefined;
  }
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  return { name: basename(uri.path), key: uri.toString(), text, format };
}

export async function syncFromFile(deps: WebviewDeps, arg?: unknown): Promise<void> {
  let source: SyncSource | undefined;
  try {
    source = await pickSource(arg);
  } catch (e) {
    return showError(deps.log, vscode.l10n.t('The file cannot be read'), e);
  }
  if (!source) return;
  const team = await teamOf(deps, arg instanceof vscode.Uri ? undefined : (arg as Node));
  if (!team) return;
  const panel = vscode.window.createWebviewPanel(
    'celonisScim.sync',
    `Sync ${team} from ${source.name}`,
    vscode.ViewColumn.Active,
    panelOptions(deps.context),
  );
  const session = new SyncSession(
    { store: deps.store, log: deps.log, memento: deps.context.globalState, refreshTree },
    team,
    source,
    panelPort(panel.webview, syncEvent),
  );
  panel.webview.html = webviewHtml(panel.webview, deps.context.extensionUri, {
    title: panel.title,
    script: 'sync',
  });
  panel.onDidDispose(() => session.dispose());
}

/** One overview panel per team: opening it again brings the open one forward. */
const overviews = new Map<string, vscode.WebviewPanel>();

export async function teamOverview(deps: WebviewDeps, n?: Node): Promise<void> {
  const team = await teamOf(deps, n);
  if (!team) return;
  const open = overviews.get(team);
  if (open) return open.reveal();
  const panel = vscode.window.createWebviewPanel(
    'celonisScim.overview',
    `Overview: ${team}`,
    vscode.ViewColumn.Active,
    panelOptions(deps.context),
  );
  overviews.set(team, panel);
  const session = new OverviewSession(
    {
      store: deps.store,
      log: deps.log,
      snapshots: fileSnapshotStore(deps.context.globalStorageUri.fsPath),
    },
    team,
    panelPort(panel.webview, overviewEvent),
  );
  panel.webview.html = webviewHtml(panel.webview, deps.context.extensionUri, {
    title: panel.title,
    script: 'overview',
  });
  panel.onDidDispose(() => {
    overviews.delete(team);
    session.dispose();
  });
}

export function registerWebviews(deps: WebviewDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('celonisScim.syncFromFile', (arg?: unknown) =>
      syncFromFile(deps, arg),
    ),
    vscode.commands.registerCommand('celonisScim.teamOverview', (n?: Node) =>
      teamOverview(deps, n),
    ),
  ];
}
