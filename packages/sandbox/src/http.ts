import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, HttpError } from './errors.js';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  contentType?: string;
}

/** Reads the request body, refusing more than `limit` bytes with 413. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(
          new HttpError(413, 'tooLarge', `The request body exceeds the limit of ${limit} bytes.`),
        );
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    // A client that leaves mid-body is its fault, not the server's: a 400, never a 500.
    const early = () =>
      badRequest(
        'invalidSyntax',
        'The request body ended before its declared length; send the whole body.',
      );
    req.on('error', () => {
      if (!failed) reject(early());
    });
    req.on('close', () => {
      if (!failed && !req.complete) reject(early());
    });
  });
}

export function parseJson(text: string): unknown {
  if (text.trim() === '')
    throw badRequest('invalidSyntax', 'The request body is empty; a JSON object is expected.');
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw badRequest('invalidSyntax', `The request body is not valid JSON (${why}).`);
  }
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] = reply.contentType ?? SCIM_CONTENT_TYPE;
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

export function errorReply(e: unknown): Reply {
  if (e instanceof HttpError) return { status: e.status, body: e.body(), headers: e.headers };
  const err = new HttpError(500, undefined, 'Internal error in the sandbox; see its log.');
  return { status: 500, body: err.body() };
}

/** Integer query parameter, or a 400 that says which one is wrong. */
export function intParam(
  q: URLSearchParams | Record<string, unknown>,
  name: string,
): number | undefined {
  const raw = q instanceof URLSearchParams ? (q.get(name) ?? undefined) : q[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n))
    throw badRequest('invalidValue', `${name} must be an integer, got ${JSON.stringify(raw)}.`);
  return n;
}
