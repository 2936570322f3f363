import type { z } from 'zod';
import { parseMessage } from '../messages.js';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

/** Sends a request to the extension (typed by the caller's schema). */
export function post<T>(message: T): void {
  api.postMessage(message);
}

/**
 * Listens for the extension's messages; anything that does not match the schema is dropped
 * (and said so in the page), never rendered.
 */
export function listen<T>(schema: z.ZodType<T>, handle: (message: T) => void): void {
  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    const parsed = parseMessage(schema, e.data);
    if (parsed.ok) handle(parsed.value);
    else console.warn(`Ignored a malformed message: ${parsed.why}`);
  });
}

type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | undefined | false;

/** Builds an element; text goes in as text nodes, never as HTML. */
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

export function app(): HTMLElement {
  const el = document.getElementById('app');
  if (!el) throw new Error('no #app element');
  return el;
}

/** A theme colour from VS Code's CSS variables, with a fallback outside VS Code. */
export function themeColor(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(`--vscode-${name}`).trim();
  return v || fallback;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
