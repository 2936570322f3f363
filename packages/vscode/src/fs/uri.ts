import * as vscode from 'vscode';
import type { FolderType } from '../filter.js';

export const SCHEME = 'scim';
/** Read-only view of the server's current copy, for the conflict diff. */
export const SERVER_SCHEME = 'scim-server';

export interface ResourceRef {
  team: string;
  type: FolderType;
  id: string;
  /** What the editor tab and breadcrumbs show (userName, displayName); the id stays the key. */
  name?: string | undefined;
}

const ID_QUERY = 'id=';

/**
 * `scim://<team>/Users/<name>.json?id=<id>` when the resource has a name a person knows (the
 * tab and breadcrumbs show the path's last segment), else `scim://<team>/Users/<id>.json`.
 */
export function resourceUri(ref: ResourceRef, scheme = SCHEME): vscode.Uri {
  const base = `${scheme}://${ref.team}/${ref.type}/`;
  const name = ref.name ? fileNameOf(ref.name) : '';
  if (!name) return vscode.Uri.parse(`${base}${encodeURIComponent(ref.id)}.json`);
  return vscode.Uri.parse(
    `${base}${encodeURIComponent(name)}.json?${ID_QUERY}${encodeURIComponent(ref.id)}`,
  );
}

/**
 * `scim://<team>/Users/<id>.json` or `.../<name>.json?id=<id>` -> its parts; throws
 * FileNotFound for anything else.
 */
export function parseResourceUri(uri: vscode.Uri): ResourceRef {
  const m = /^\/(Users|Groups)\/([^/]+)\.json$/.exec(uri.path);
  if (!uri.authority || !m?.[1] || !m[2]) throw vscode.FileSystemError.FileNotFound(uri);
  const type = m[1] as FolderType;
  // Uri.path and Uri.query are already decoded: the id and name are taken as they stand.
  const query = uri.query ?? '';
  if (!query) return { team: uri.authority, type, id: decodeURIComponent(m[2]) };
  const id = query.startsWith(ID_QUERY) ? query.slice(ID_QUERY.length) : '';
  if (!id) throw vscode.FileSystemError.FileNotFound(uri);
  return { team: uri.authority, type, id, name: m[2] };
}

/** A name as one path segment: no separators, no control characters, not too long. */
function fileNameOf(name: string): string {
  return (
    name
      // eslint-disable-next-line no-control-regex -- control characters are what is removed
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .replace(/[/\\]/g, '∕')
      .trim()
      .slice(0, 120)
  );
}
