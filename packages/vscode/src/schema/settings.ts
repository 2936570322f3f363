import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import { SCHEMA_SCHEME, TeamSchemas } from './teamSchemas.js';

interface SchemaSetting {
  fileMatch?: string[];
  url?: string;
  [key: string]: unknown;
}

const ours = (s: SchemaSetting): boolean =>
  typeof s.url === 'string' && s.url.startsWith(`${SCHEMA_SCHEME}://`);

/**
 * Keeps one `json.schemas` entry per connected team and document type in the user settings, so
 * that VS Code's JSON language service validates `scim://<team>/...` documents against that
 * team's schema (a `jsonValidation` contribution is static and cannot name a team). Entries of
 * other origins are left as they are; the settings are written only when ours change.
 */
export async function syncSchemaSettings(teams: string[]): Promise<void> {
  const config = vscode.workspace.getConfiguration('json');
  const current = config.inspect<SchemaSetting[]>('schemas')?.globalValue ?? [];
  const wanted = teams.flatMap((team) => [
    TeamSchemas.association(team, 'User'),
    TeamSchemas.association(team, 'Group'),
  ]);
  const next = [...current.filter((s) => !ours(s)), ...wanted];
  if (isDeepStrictEqual(current, next)) return;
  await config.update('schemas', next.length ? next : undefined, vscode.ConfigurationTarget.Global);
}
