import type * as vscode from 'vscode';
import type { z } from 'zod';
import type { RequestLog } from '../log.js';
import { parseMessage } from './messages.js';

/** The extension's end of a webview: what a session needs, so that it can run without a panel. */
export interface WebviewPort<Out> {
  post(message: Out): void;
  onMessage(listener: (raw: unknown) => void): vscode.Disposable;
}

/** A port over a real webview: outgoing messages are checked against their schema too. */
export function panelPort<Out>(webview: vscode.Webview, schema: z.ZodType<Out>): WebviewPort<Out> {
  return {
    post: (message) => {
      const checked = parseMessage(schema, message);
      if (!checked.ok) throw new Error(`internal: a view message is malformed (${checked.why})`);
      void webview.postMessage(checked.value);
    },
    onMessage: (listener) => webview.onDidReceiveMessage(listener),
  };
}

/**
 * Parses a message from a webview; a malformed one is logged and answered with an error,
 * and the caller acts on nothing.
 */
export function accept<In, Out>(
  schema: z.ZodType<In>,
  raw: unknown,
  log: RequestLog,
  port: WebviewPort<Out>,
  error: (message: string) => Out,
): In | undefined {
  const parsed = parseMessage(schema, raw);
  if (parsed.ok) return parsed.value;
  log.error(`A message from the view was refused (${parsed.why}).`);
  port.post(error(`A message from the view was refused (${parsed.why}); nothing was done.`));
  return undefined;
}
