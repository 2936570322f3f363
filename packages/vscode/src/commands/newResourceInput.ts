import * as vscode from 'vscode';
import { SCHEMA_USER, type ScimUser } from '@celonis-scim/core';

// The guided input for a new user or group: what the create commands ask before they send.

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateUserName(v: string): string | undefined {
  const s = v.trim();
  if (!s) return vscode.l10n.t('Enter a userName (Celonis uses the e-mail address).');
  if (/\s/.test(s)) return vscode.l10n.t('A userName has no spaces.');
  if (!EMAIL.test(s))
    return vscode.l10n.t('Celonis userNames are e-mail addresses, e.g. ada@example.com.');
  return undefined;
}

/** Guided input for a new user: userName (e-mail), given and family name. */
export async function askNewUser(team: string): Promise<ScimUser | undefined> {
  const title = vscode.l10n.t('Create User in {0}', team);
  const userName = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0} (1/3)', title),
    prompt: vscode.l10n.t('userName (the e-mail address)'),
    placeHolder: 'ada@example.com',
    ignoreFocusOut: true,
    validateInput: validateUserName,
  });
  if (!userName) return undefined;
  const givenName = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0} (2/3)', title),
    prompt: vscode.l10n.t('Given name'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the given name.')),
  });
  if (givenName === undefined) return undefined;
  const familyName = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0} (3/3)', title),
    prompt: vscode.l10n.t('Family name'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the family name.')),
  });
  if (familyName === undefined) return undefined;
  const email = userName.trim();
  return {
    schemas: [SCHEMA_USER],
    userName: email,
    name: { givenName: givenName.trim(), familyName: familyName.trim() },
    displayName: `${givenName.trim()} ${familyName.trim()}`,
    emails: [{ value: email, primary: true, type: 'work' }],
    active: true,
  };
}

export async function askNewGroupName(team: string): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Create Group in {0}', team),
    prompt: vscode.l10n.t('Display name of the group'),
    ignoreFocusOut: true,
    validateInput: (v) =>
      v.trim()
        ? v.length > 256
          ? vscode.l10n.t('At most 256 characters.')
          : undefined
        : vscode.l10n.t('Enter a name.'),
  });
  return name?.trim() || undefined;
}
