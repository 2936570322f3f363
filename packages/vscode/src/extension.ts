import * as vscode from 'vscode';
import { registerCommands, registerTreeCommands } from './commands/index.js';
import { addUsersToGroup } from './commands/bulkCommands.js';
import { UsersDragAndDrop } from './tree/dnd.js';
import { ScimFileSystemProvider } from './fs/provider.js';
import { SCHEME, SERVER_SCHEME } from './fs/uri.js';
import { RequestLog } from './log.js';
import { TeamStore } from './teams.js';
import { connectFromEnvironment } from './devHooks.js';
import { TeamsTreeProvider } from './tree/provider.js';
import { SCHEMA_SCHEME, TeamSchemas } from './schema/teamSchemas.js';
import { syncSchemaSettings } from './schema/settings.js';
import { staticSchemas } from './schema/static.js';
import { registerWebviews } from './webviews/panels.js';

function setting<T>(key: string, fallback: T): T {
  return vscode.workspace.getConfiguration('celonisScim').get<T>(key) ?? fallback;
}

export function activate(context: vscode.ExtensionContext): void {
  const log = new RequestLog();
  const store = new TeamStore(
    context.globalState,
    context.secrets,
    log,
    () => setting('requestTimeoutSeconds', 30) * 1000,
  );
  const tree = new TeamsTreeProvider(store, () => setting('pageSize', 50));
  const schemas = new TeamSchemas(store, staticSchemas(context.asAbsolutePath('schemas')));
  const fs = new ScimFileSystemProvider(store, {
    onSaved: (ref) => tree.refreshFolder(ref.team, ref.type),
    check: (ref, base, edited) => schemas.problems(ref, base, edited),
  });
  const updateContext = (): void =>
    void vscode.commands.executeCommand(
      'setContext',
      'celonisScim.hasTeams',
      store.list().length > 0,
    );
  updateContext();
  const deps = { store, tree, log };
  const view = vscode.window.createTreeView('celonisScim.teams', {
    treeDataProvider: tree,
    showCollapseAll: true,
    canSelectMany: true,
    dragAndDropController: new UsersDragAndDrop(tree, (group, users) =>
      addUsersToGroup(deps, group, users),
    ),
  });
  context.subscriptions.push(
    log,
    store,
    tree,
    view,
    store.onDidChange(() => {
      updateContext();
      tree.refresh();
    }),
    vscode.workspace.registerFileSystemProvider(SCHEME, fs, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(SERVER_SCHEME, {
      provideTextDocumentContent: (uri) => fs.readServerCopy(uri.with({ scheme: SCHEME })),
    }),
    ...registerCommands(deps),
    ...registerTreeCommands(deps, view),
    schemas,
    vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, schemas),
    store.onDidChange(() => void syncSchemas(store, log)),
    ...registerWebviews({ store, tree, log, context }),
  );
  void syncSchemas(store, log);
  void connectFromEnvironment(context.extensionMode, store, log);
}

/** Ties each connected team's documents to the schema generated from its /Schemas. */
async function syncSchemas(store: TeamStore, log: RequestLog): Promise<void> {
  try {
    await syncSchemaSettings(store.list().map((t) => t.name));
  } catch (e) {
    log.error(
      `Could not update the json.schemas setting: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
