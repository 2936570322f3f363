import * as vscode from 'vscode';
import type { FolderType } from '../filter.js';

export const SCHEME = 'scim';
/** Read-only view of the server's current copy, for the conflict diff. */
export const SERVER_SCHEME = 'scim-server';

export interface ResourceRef {
  team: string;
  type: FolderType;
  id: string;
}

export function resourceUri(ref: ResourceRef, scheme = SCHEME): vscode.Uri {
  return vscode.Uri.parse(`${scheme}://${ref.team}/${ref.type}/${encodeURIComponent(ref.id)}.json`);
}

/** `scim://<team>/Users/<id>.json` -> its parts; throws FileNotFound for anything else. */
export function parseResourceUri(uri: vscode.Uri): ResourceRef {
  const m = /^\/(Users|Groups)\/([^/]+)\.json$/.exec(uri.path);
  if (!uri.authority || !m?.[1] || !m[2]) throw vscode.FileSystemError.FileNotFound(uri);
  return { team: uri.authority, type: m[1] as FolderType, id: decodeURIComponent(m[2]) };
}
