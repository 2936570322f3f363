import { startSandbox, type Sandbox, type SandboxOptions, type TeamInfo } from '../src/index.js';

export { startSandbox };
export type { Sandbox, TeamInfo };

export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface Res {
  status: number;
  headers: Headers;
  // Response bodies are arbitrary SCIM JSON; tests read the fields they check.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

/** A fetch bound to one team's SCIM base URL with its API key (or another Authorization). */
export function api(team: TeamInfo, auth: string | null = `Bearer ${team.apiKey}`) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Res> => {
    const h: Record<string, string> = { ...headers };
    if (auth) h.Authorization = auth;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['Content-Type'] ??= 'application/scim+json';
    }
    const res = await fetch(`${team.scimBaseUrl}${path}`, {
      method,
      headers: h,
      body: payload ?? null,
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
}

export async function token(
  team: TeamInfo,
  opts: { basic?: boolean; id?: string; secret?: string; scope?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const id = opts.id ?? team.clientId;
  const secret = opts.secret ?? team.clientSecret;
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    scope: opts.scope ?? team.scope,
  });
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (opts.basic ?? true)
    headers.Authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  else {
    form.set('client_id', id);
    form.set('client_secret', secret);
  }
  const res = await fetch(team.tokenUrl, { method: 'POST', headers, body: form.toString() });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export function user(userName: string, extra: Record<string, unknown> = {}) {
  return { schemas: [USER], userName, ...extra };
}

export async function start(opts: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ log: false, ...opts });
}

export const q = (s: string) => encodeURIComponent(s);
