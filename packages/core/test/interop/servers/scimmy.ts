import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import type { InteropServer } from './types.js';

type Stored = Record<string, unknown> & { id: string };

/**
 * SCIMMY implements the protocol (parsing, filters, PATCH, list responses, bulk) and leaves
 * storage to the application through ingress/egress/degress handlers. These handlers are the
 * thinnest store an application would write: a Map per resource type and a unique key, as a
 * database index would give. SCIMMY's resource declarations are process-wide, so the handlers
 * read the store of the server started last.
 */
// SCIMMY leaves scimType out of the error body when it is undefined; its types want a string.
const fail = (status: number, detail: string, scimType?: string): Error =>
  new SCIMMY.Types.Error(status, scimType as string, detail);

let current: { users: Map<string, Stored>; groups: Map<string, Stored> } | undefined;

function store(kind: 'users' | 'groups', unique: string) {
  const map = (): Map<string, Stored> => {
    if (!current) throw fail(503, 'server is stopped');
    return current[kind];
  };
  return {
    // SCIMMY hands over a validated schema instance; a JSON round trip makes it a plain record.
    ingress: (resource: { id?: string }, instance: unknown): Stored => {
      const records = map();
      const data = JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
      if (resource.id !== undefined && !records.has(resource.id))
        throw fail(404, `${kind} ${resource.id} not found`);
      for (const r of records.values())
        if (r.id !== resource.id && r[unique] === data[unique])
          throw fail(409, `${unique} ${String(data[unique])} is taken`, 'uniqueness');
      const id = resource.id ?? randomUUID();
      const now = new Date().toISOString();
      const before = records.get(id)?.meta as { created?: string } | undefined;
      const record: Stored = {
        ...data,
        id,
        meta: { created: before?.created ?? now, lastModified: now },
      };
      records.set(id, record);
      return record;
    },
    egress: (resource: { id?: string; filter?: { match(v: unknown[]): unknown[] } }) => {
      const records = map();
      if (resource.id !== undefined) {
        const found = records.get(resource.id);
        if (!found) throw fail(404, `${kind} ${resource.id} not found`);
        return found;
      }
      const all = [...records.values()];
      return resource.filter ? resource.filter.match(all) : all;
    },
    degress: (resource: { id?: string }) => {
      if (resource.id === undefined || !map().delete(resource.id))
        throw fail(404, `${kind} ${String(resource.id)} not found`);
    },
  };
}

let declared = false;
function declare(): void {
  if (declared) return;
  declared = true;
  const users = store('users', 'userName');
  const groups = store('groups', 'displayName');
  // SCIMMY's handler types are generic over its schema classes; the store keeps plain records.
  /* eslint-disable @typescript-eslint/no-explicit-any */
  // The enterprise extension, as an application holding HR data (employee numbers,
  // departments) declares it; SCIMMY then refuses any `attributes=` naming a sub-attribute.
  SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser))
    .ingress(users.ingress as any)
    .egress(users.egress as any)
    .degress(users.degress);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .ingress(groups.ingress as any)
    .egress(groups.egress as any)
    .degress(groups.degress);
  /* eslint-enable @typescript-eslint/no-explicit-any */
}

export const scimmyServer: InteropServer = {
  name: 'scimmy',
  implementation: 'scimmy 1.3.5 + scimmy-routers 1.3.2 (express 4.22.3)',
  setup:
    'express app on 127.0.0.1 with SCIMMYRouters at /scim/v2, User extended with the enterprise schema, ingress/egress/degress over in-memory Maps (unique userName/displayName, no cascade of user deletes into groups, as SCIMMY leaves both to the store), static bearer token',
  async start() {
    declare();
    current = { users: new Map(), groups: new Map() };
    const token = randomBytes(24).toString('base64url');
    const app = express();
    app.use(
      '/scim/v2',
      new SCIMMYRouters({
        type: 'bearer',
        handler: (req) => {
          if (req.header('authorization') !== `Bearer ${token}`) throw new Error('Unauthorized');
          return 'interop';
        },
      }),
    );
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (server.address() as AddressInfo).port;
    return {
      baseUrl: `http://127.0.0.1:${port}/scim/v2`,
      auth: { type: 'bearer', token },
      authorization: `Bearer ${token}`,
      stop: async () => {
        current = undefined;
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      },
    };
  },
};
