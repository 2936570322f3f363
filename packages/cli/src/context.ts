import type { Command } from 'commander';
import type { ScimClient } from '@celonis-scim/core';
import { connect, resolveConnection, type Connection, type ConnectionFlags } from './connection.js';
import { Output } from './output.js';

export interface GlobalOptions extends ConnectionFlags {
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
}

/** What a command needs: its output, and the team connection, made when first asked for. */
export class Context {
  readonly out: Output;
  private conn: Connection | undefined;
  private client: ScimClient | undefined;

  constructor(readonly globals: GlobalOptions) {
    this.out = new Output({
      json: globals.json === true,
      quiet: globals.quiet === true,
      color: globals.color !== false,
    });
  }

  connection(): Connection {
    this.conn ??= resolveConnection(this.globals);
    return this.conn;
  }

  scim(): ScimClient {
    this.client ??= connect(this.connection());
    return this.client;
  }

  async close(): Promise<void> {
    await this.client?.close();
  }
}

/**
 * Wraps a command handler for commander: positional arguments, the command's own options and a
 * context built from the global ones. The client is closed when the handler ends, so the process
 * exits without waiting for idle keep-alive connections.
 */
export function action<O>(
  fn: (ctx: Context, args: string[], opts: O) => Promise<void>,
): (...raw: unknown[]) => Promise<void> {
  return async (...raw: unknown[]) => {
    const cmd = raw[raw.length - 1] as Command;
    const opts = raw[raw.length - 2] as O;
    const args = raw
      .slice(0, -2)
      .flatMap((a) => (Array.isArray(a) ? (a as string[]) : [a as string]));
    const ctx = new Context(cmd.optsWithGlobals<GlobalOptions>());
    try {
      await fn(ctx, args, opts);
    } finally {
      await ctx.close();
    }
  };
}
