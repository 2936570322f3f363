import * as vscode from 'vscode';
import type { Node } from '../tree/nodes.js';
import { teamOf, type CommandDeps } from './common.js';

// The commands on teams (connections); connecting is in connect.ts.

export async function disconnect(deps: CommandDeps, n?: Node): Promise<void> {
  const team = await teamOf(deps, n);
  if (!team) return;
  await deps.store.remove(team);
  deps.tree.refresh(team);
  deps.log.info(`Disconnected team ${team}`);
}

export async function trySandbox(): Promise<void> {
  const cmd = 'npx @celonis-scim/sandbox --port 8787 --seed';
  const pick = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Start the local SCIM sandbox in a terminal with "{0}", then connect to http://127.0.0.1:8787/demo with the OAuth client "demo-client" (its secret is printed by the sandbox).',
      cmd,
    ),
    vscode.l10n.t('Copy Command'),
    vscode.l10n.t('Connect...'),
  );
  if (pick === vscode.l10n.t('Copy Command')) await vscode.env.clipboard.writeText(cmd);
  if (pick === vscode.l10n.t('Connect...'))
    await vscode.commands.executeCommand('celonisScim.connect');
}
