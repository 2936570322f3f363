import http from 'node:http';
import type { TeamInfo } from '../helpers.js';

/**
 * A SCIM client for the derived suite on node:http with keep-alive: thousands of requests run
 * per `npm test`, and it costs about half the CPU of fetch per request.
 */
export interface Reply {
  status: number;
  // Response bodies are arbitrary SCIM JSON; the checks read the fields they test.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}
export type Call = (method: string, path: string, body?: unknown) => Promise<Reply>;

export function client(team: TeamInfo): { call: Call; close: () => void } {
  const agent = new http.Agent({ keepAlive: true });
  const call: Call = (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { Authorization: `Bearer ${team.apiKey}` };
      if (payload !== undefined) headers['Content-Type'] = 'application/scim+json';
      const req = http.request(`${team.scimBaseUrl}${path}`, { method, agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  return { call, close: () => agent.destroy() };
}
