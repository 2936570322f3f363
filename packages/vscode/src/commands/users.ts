import * as vscode from 'vscode';
import { SCHEMA_USER, type ScimUser } from '@celonis-scim/core';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateUserName(v: string): string | undefined {
  const s = v.trim();
  if (!s) return 'Enter a userName (Celonis uses the e-mail address).';
  if (/\s/.test(s)) return 'A userName has no spaces.';
  if (!EMAIL.test(s)) return 'Celonis userNames are e-mail addresses, e.g. ada@example.com.';
  return undefined;
}

/** Guided input for a new user: userName (e-mail), given and family name. */
export async function askNewUser(team: string): Promise<ScimUser | undefined> {
  const title = `Create User in ${team}`;
  const userName = await vscode.window.showInputBox({
    title: `${title} (1/3)`,
    prompt: 'userName (the e-mail address)',
    placeHolder: 'ada@example.com',
    ignoreFocusOut: true,
    validateInput: validateUserName,
  });
  if (!userName) return undefined;
  const givenName = await vscode.window.showInputBox({
    title: `${title} (2/3)`,
    prompt: 'Given name',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Enter the given name.'),
  });
  if (givenName === undefined) return undefined;
  const familyName = await vscode.window.showInputBox({
    title: `${title} (3/3)`,
    prompt: 'Family name',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Enter the family name.'),
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
    title: `Create Group in ${team}`,
    prompt: 'Display name of the group',
    ignoreFocusOut: true,
    validateInput: (v) =>
      v.trim() ? (v.length > 256 ? 'At most 256 characters.' : undefined) : 'Enter a name.',
  });
  return name?.trim() || undefined;
}
