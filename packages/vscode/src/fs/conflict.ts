import * as vscode from 'vscode';

export type ConflictChoice = 'compare' | 'overwrite' | 'reload' | 'cancel';

/** Asks what to do when the resource changed on the server since it was opened. */
export async function askConflict(what: string): Promise<ConflictChoice> {
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} was changed on the server since you opened it.', what),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Compare shows the server copy next to yours; Overwrite saves your version over it; Reload drops your edits.',
      ),
    },
    vscode.l10n.t('Compare'),
    vscode.l10n.t('Overwrite'),
    vscode.l10n.t('Reload'),
  );
  switch (choice) {
    case vscode.l10n.t('Compare'):
      return 'compare';
    case vscode.l10n.t('Overwrite'):
      return 'overwrite';
    case vscode.l10n.t('Reload'):
      return 'reload';
    default:
      return 'cancel';
  }
}
