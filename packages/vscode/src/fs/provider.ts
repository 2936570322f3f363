import * as vscode from 'vscode';
import {
  diffToPatch,
  isReadOnlyAttribute,
  isScimError,
  type PatchOperation,
  type ScimResource,
} from '@celonis-scim/core';
import { describeError } from '../errors.js';
import { resourcesOf, resourceTypeOf } from '../filter.js';
import type { TeamStore } from '../teams.js';
import { askConflict, type ConflictChoice } from './conflict.js';
import { parseResourceUri, resourceUri, SERVER_SCHEME, type ResourceRef } from './uri.js';

export interface ScimFsEvents {
  /** Called after a successful save (the tree redraws the folder). */
  onSaved?(ref: ResourceRef, resource: ScimResource): void;
  /** Problems that keep an edit from being saved (the team's schema); checked before sending. */
  check?(ref: ResourceRef, base: ScimResource, edited: ScimResource): Promise<string[]>;
}

class Conflict extends Error {}

/**
 * Users and groups as JSON documents (`scim://<team>/Users/<id>.json`). A save sends the
 * smallest PATCH from the copy that was read (or a PUT when the server has no PATCH), with
 * If-Match; when the server copy changed meanwhile the user chooses compare, overwrite or reload.
 */
export class ScimFileSystemProvider implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  /** The server copy each open document was read from, by URI. */
  private readonly bases = new Map<string, ScimResource>();

  constructor(
    private readonly teams: TeamStore,
    private readonly events: ScimFsEvents = {},
    private readonly ask: (what: string) => Promise<ConflictChoice> = askConflict,
  ) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const base = this.bases.get(uri.toString()) ?? (await this.fetch(uri));
    const mtime = Date.parse(base.meta?.lastModified ?? '') || 0;
    const ctime = Date.parse(base.meta?.created ?? '') || mtime;
    return { type: vscode.FileType.File, ctime, mtime, size: render(base).byteLength };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return render(await this.fetch(uri));
  }

  /** The server's copy now, as shown in the read-only side of a conflict diff. */
  async readServerCopy(uri: vscode.Uri): Promise<string> {
    const ref = parseResourceUri(uri);
    const client = await this.teams.client(ref.team);
    const res = await resourcesOf(client, ref.type).get(ref.id);
    return new TextDecoder().decode(render(res));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const ref = parseResourceUri(uri);
    const edited = parseEdited(content);
    const base = this.bases.get(uri.toString()) ?? (await this.fetch(uri));
    const problems = (await this.events.check?.(ref, base, edited)) ?? [];
    if (problems.length)
      throw vscode.FileSystemError.Unavailable(
        `Not saved: ${problems.join(' ')} Fix it and save again.`,
      );
    try {
      await this.save(uri, ref, base, edited);
    } catch (e) {
      if (!(e instanceof Conflict) && !(isScimError(e) && e.kind === 'preconditionFailed')) {
        throw vscode.FileSystemError.Unavailable(
          `Could not save ${label(ref)}: ${describeError(e)}`,
        );
      }
      await this.resolveConflict(uri, ref, edited);
    }
  }

  private async resolveConflict(
    uri: vscode.Uri,
    ref: ResourceRef,
    edited: ScimResource,
  ): Promise<void> {
    const choice = await this.ask(label(ref, edited));
    if (choice === 'overwrite') {
      const current = await this.fetch(uri);
      await this.save(uri, ref, current, edited);
      return;
    }
    if (choice === 'compare') {
      const server = resourceUri(ref, SERVER_SCHEME);
      await vscode.commands.executeCommand(
        'vscode.diff',
        server,
        uri,
        `${label(ref, edited)}: server ↔ yours`,
      );
    }
    if (choice === 'reload') {
      await this.fetch(uri);
      this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
      setTimeout(() => void vscode.commands.executeCommand('workbench.action.files.revert'), 0);
    }
    throw vscode.FileSystemError.Unavailable(
      `${label(ref, edited)} changed on the server; your version was not saved${choice === 'reload' ? ' (reloaded the server copy)' : ''}.`,
    );
  }

  private async save(
    uri: vscode.Uri,
    ref: ResourceRef,
    base: ScimResource,
    edited: ScimResource,
  ): Promise<void> {
    const client = await this.teams.client(ref.team);
    const caps = await client.discover();
    const version = base.meta?.version;
    if (!caps.etag || !version) {
      // Without ETags the server cannot refuse a stale write: compare versions ourselves.
      const current = await this.get(ref);
      if (stamp(current) !== stamp(base)) throw new Conflict();
    }
    const opts = version ? { ifMatch: version } : {};
    const resources = resourcesOf(client, ref.type);
    let saved: ScimResource;
    if (caps.patch) {
      const type = resourceTypeOf(ref.type);
      const ops = diffToPatch(base, edited, { resourceType: type }).filter(
        (op) => !touchesReadOnly(type, op),
      );
      if (ops.length === 0) return;
      saved = await resources.patch(ref.id, ops, opts);
    } else {
      const body = { ...edited, id: ref.id } as never;
      saved = await resources.replace(ref.id, body, opts);
    }
    this.bases.set(uri.toString(), saved);
    this.events.onSaved?.(ref, saved);
    // The server stamps meta (version, lastModified): let the editor pick the new copy up.
    setTimeout(() => this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]), 50);
  }

  private async get(ref: ResourceRef): Promise<ScimResource> {
    const client = await this.teams.client(ref.team);
    return resourcesOf(client, ref.type).get(ref.id);
  }

  private async fetch(uri: vscode.Uri): Promise<ScimResource> {
    const ref = parseResourceUri(uri);
    try {
      const res = await this.get(ref);
      this.bases.set(uri.toString(), res);
      return res;
    } catch (e) {
      if (isScimError(e) && e.kind === 'notFound') throw vscode.FileSystemError.FileNotFound(uri);
      throw vscode.FileSystemError.Unavailable(`Could not read ${label(ref)}: ${describeError(e)}`);
    }
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}

export function render(res: ScimResource): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(res, null, 2)}\n`);
}

function parseEdited(content: Uint8Array): ScimResource {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(content));
  } catch (e) {
    throw vscode.FileSystemError.Unavailable(
      `Not saved: the document is not valid JSON (${e instanceof Error ? e.message : String(e)}). Fix it and save again.`,
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw vscode.FileSystemError.Unavailable('Not saved: the document must be one JSON object.');
  return value as ScimResource;
}

/** Edits of what the server owns (core's attribute table) are not sent. */
function touchesReadOnly(type: 'User' | 'Group', op: PatchOperation): boolean {
  const head = (op.path ?? '').split(/[.[]/)[0] ?? '';
  return isReadOnlyAttribute(type, head);
}

function stamp(r: ScimResource): string {
  return `${r.meta?.version ?? ''}|${r.meta?.lastModified ?? ''}`;
}

/** "User ada@example.com of acme": the name a person knows, the id when there is none. */
function label(ref: ResourceRef, doc?: ScimResource): string {
  const name = doc?.userName ?? doc?.displayName;
  const who = typeof name === 'string' && name ? `"${name}"` : ref.id;
  return `${ref.type === 'Users' ? 'User' : 'Group'} ${who} of ${ref.team}`;
}
