import * as vscode from 'vscode';

export type ConflictChoice = 'compare' | 'overwrite' | 'reload' | 'cancel';

/** Asks what to do when the resource changed on the server since it was opened. */
export async function askConflict(what: string): Promise<ConflictChoice> {
  const choice = await vscode.window.showWarningMessage(
    `${what} was changed on the server since you opened it.`,
    {
      modal: true,
      detail:
        'Compare shows the server copy next to yours; Overwrite saves your version over it; Reload drops your edits.',
    },
    'Compare',
    'Overwrite',
    'Reload',
  );
  switch (choice) {
    case 'Compare':
      return 'compare';
    case 'Overwrite':
      return 'overwrite';
    case 'Reload':
      return 'reload';
    default:
      return 'cancel';
  }
}
