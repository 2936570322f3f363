import * as vscode from 'vscode';
import { isScimError } from '@celonis-scim/core';
import type { RequestLog } from './log.js';

/** One line a person can act on: the core error already carries what failed and a hint. */
export function describeError(e: unknown): string {
  if (isScimError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Shows an error notification (with the core error's hint) and records it in the log. */
export async function showError(log: RequestLog, what: string, e: unknown): Promise<void> {
  const text = `${what}: ${describeError(e)}`;
  log.error(text);
  const choice = await vscode.window.showErrorMessage(text, vscode.l10n.t('Show Log'));
  if (choice === vscode.l10n.t('Show Log')) log.show();
}
