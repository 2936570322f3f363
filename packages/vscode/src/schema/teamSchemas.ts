import * as vscode from 'vscode';
import type { ScimResource } from '@celonis-scim/core';
import type { ResourceRef } from '../fs/uri.js';
import type { TeamStore } from '../teams.js';
import { documentProblems } from './check.js';
import { documentSchema, type DocumentType, type JsonSchema } from './generate.js';

/** Schemas are served to VS Code's JSON language service as `celonis-scim-schema://<team>/User.json`. */
export const SCHEMA_SCHEME = 'celonis-scim-schema';

export interface TeamSchema {
  schema: JsonSchema;
  /** False when the team's /Schemas could not be read and the static schema stands in. */
  generated: boolean;
}

const TYPES: Record<string, DocumentType> = { Users: 'User', Groups: 'Group' };

/**
 * The JSON Schema of each connected team's documents, generated from its /Schemas (read once
 * per team through the client's discovery), with the static schema as the fallback. It serves
 * the editor (as a text document) and checks a document before it is saved.
 */
export class TeamSchemas implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly cache = new Map<string, Promise<TeamSchema>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: TeamStore,
    /** The static schema of a type (the extension's `schemas/` files). */
    private readonly fallback: (type: DocumentType) => JsonSchema,
  ) {
    // A team connected again may be another server: schemas are read anew.
    this.subscription = store.onDidChange(() => this.forgetAll());
  }

  static uri(team: string, type: DocumentType): vscode.Uri {
    return vscode.Uri.parse(`${SCHEMA_SCHEME}://${team}/${type}.schema.json`);
  }

  /** The settings entry that ties a team's documents of one type to its schema. */
  static association(team: string, type: DocumentType): { fileMatch: string[]; url: string } {
    const folder = type === 'User' ? 'Users' : 'Groups';
    return {
      fileMatch: [`scim://${team}/${folder}/*.json`],
      url: TeamSchemas.uri(team, type).toString(),
    };
  }

  get(team: string, type: DocumentType): Promise<TeamSchema> {
    const key = `${team}/${type}`;
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.load(team, type);
      this.cache.set(key, entry);
      // A fallback is not kept: the next request asks the server again.
      void entry.then((s) => {
        if (!s.generated) this.cache.delete(key);
      });
    }
    return entry;
  }

  private async load(team: string, type: DocumentType): Promise<TeamSchema> {
    try {
      const caps = await (await this.store.client(team)).discover();
      const schema = documentSchema(caps, type, team);
      if (schema) return { schema, generated: true };
    } catch {
      // Unreachable server or missing secret: the static schema still helps while editing.
    }
    return { schema: this.fallback(type), generated: false };
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const type = /^\/(User|Group)\.schema\.json$/.exec(uri.path)?.[1] as DocumentType | undefined;
    if (!uri.authority || !type) return '{}';
    const { schema } = await this.get(uri.authority, type);
    return `${JSON.stringify(schema, null, 2)}\n`;
  }

  /** Why `edited` cannot be saved over `base`, per the team's schema; empty when it can. */
  async problems(ref: ResourceRef, base: ScimResource, edited: ScimResource): Promise<string[]> {
    const type = TYPES[ref.type];
    if (!type) return [];
    const { schema } = await this.get(ref.team, type);
    return documentProblems(schema, type, base, edited);
  }

  private forgetAll(): void {
    const keys = [...this.cache.keys()];
    this.cache.clear();
    for (const key of keys) {
      const [team, type] = key.split('/') as [string, DocumentType];
      this.changed.fire(TeamSchemas.uri(team, type));
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
