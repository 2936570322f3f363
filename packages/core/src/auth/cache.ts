import type { OAuth2ClientCredentials } from './types.js';

export interface CachedToken {
  header: string;
  token: string;
  expiresAt: number;
}

/** The token state of one OAuth client: the current token, a request in flight, tokens seen. */
export interface TokenSlot {
  cached?: CachedToken | undefined;
  inflight?: Promise<CachedToken> | undefined;
  /** Recent tokens, scrubbed from anything a server echoes back. */
  seen: string[];
}

/** OAuth clients kept at once; the least recently used one is dropped beyond this. */
const MAX_CLIENTS = 64;

/**
 * Tokens shared by every SCIM client of a process that uses the same OAuth client (token URL,
 * client id and secret, scope, client authentication). A host that builds a new client per
 * run, as n8n does per execution, passes one cache so that each process asks for a token once
 * per lifetime instead of once per run. The secret is part of the key: a changed secret is a
 * new client, never the old token.
 */
export class TokenCache {
  private readonly slots = new Map<string, TokenSlot>();

  slot(config: OAuth2ClientCredentials): TokenSlot {
    const key = JSON.stringify([
      config.tokenUrl,
      config.clientId,
      config.clientSecret,
      config.scope ?? '',
      config.clientAuth ?? 'basic',
    ]);
    let slot = this.slots.get(key);
    if (slot) this.slots.delete(key);
    else slot = { seen: [] };
    this.slots.set(key, slot);
    if (this.slots.size > MAX_CLIENTS) this.slots.delete(this.slots.keys().next().value as string);
    return slot;
  }

  /** OAuth clients with a slot (for diagnostics and tests). */
  get size(): number {
    return this.slots.size;
  }
}
