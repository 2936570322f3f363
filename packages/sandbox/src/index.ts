import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Auth, SCOPE, teamConfig } from './auth.js';
import { CelonisProfile } from './celonis/profile.js';
import { Faults } from './faults.js';
import { bulkHandler } from './bulk.js';
import { seedTeam } from './seed.js';
import { checkingIntervalMs, resolveTimeouts } from './http.js';
import { createHandler } from './server.js';
import { Service } from './service.js';
import { Store } from './store.js';
import type { Sandbox, SandboxOptions, SandboxStats, TeamConfig, TeamInfo } from './types.js';

export type * from './types.js';
/** Seedable random numbers, the same the fault injection uses: tests that replay a run share it. */
export { prng } from './faults.js';
export { selfSignedCertificate, type TlsMaterial } from './tls.js';

/** Starts a SCIM 2.0 sandbox with one or more Celonis-like teams. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  // Checked first: a bad option must not leave a half-seeded database behind.
  const timeouts = resolveTimeouts(options);
  const configs = (options.teams ?? [{ name: 'demo' }]).map(teamConfig);
  const teams = new Map<string, TeamConfig>();
  for (const t of configs) {
    if (teams.has(t.name)) throw new Error(`Team ${t.name} is listed twice.`);
    teams.set(t.name, t);
  }
  const faults = new Faults(options.faults);
  const store = new Store(options.dbFile);
  const celonis = new CelonisProfile(store, options.now);
  const service = new Service(store, (...a) => celonis.prepare(...a));
  const auth = new Auth();
  const stats: SandboxStats = {
    requests: 0,
    byStatus: {},
    writes: { POST: 0, PUT: 0, PATCH: 0, DELETE: 0 },
    faultsInjected: faults.counts,
  };
  const seed = options.seed === true ? {} : options.seed || undefined;
  if (seed) {
    for (const t of configs) {
      seedTeam(
        store,
        t,
        { users: seed.users ?? 50, groups: seed.groups ?? 5, seed: seed.seed ?? 1 },
        options.onProgress,
      );
    }
  }
  const log =
    options.log === true
      ? (line: string) => process.stdout.write(`${line}\n`)
      : typeof options.log === 'function'
        ? options.log
        : () => {};
  let url = '';
  const handler = createHandler({
    teams,
    service,
    auth,
    faults,
    stats,
    url: () => url,
    log,
    bulk: (r) => bulkHandler(service, r),
    celonis,
  });
  const serverOptions = {
    headersTimeout: timeouts.headersTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    connectionsCheckingInterval: checkingIntervalMs(timeouts),
  };
  const server = options.tls
    ? createHttpsServer({ ...serverOptions, key: options.tls.key, cert: options.tls.cert }, handler)
    : createServer(serverOptions, handler);
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  url = `${options.tls ? 'https' : 'http'}://${host}:${addr.port}`;
  const infos: Record<string, TeamInfo> = {};
  for (const t of configs) {
    infos[t.name] = {
      name: t.name,
      profile: t.profile,
      teamUrl: `${url}/${t.name}`,
      scimBaseUrl: `${url}/${t.name}/scim/v2`,
      tokenUrl: `${url}/${t.name}/oauth2/token`,
      clientId: t.clientId,
      clientSecret: t.clientSecret,
      scope: SCOPE,
      apiKey: t.apiKey,
      appKey: t.appKey,
    };
  }
  let closed = false;
  return {
    url,
    teams: infos,
    setFaults: (f) => faults.set(f),
    clearFaults: () => faults.reset(),
    timeouts: { ...timeouts },
    stats: () => structuredClone(stats),
    expireTokens: (team) => auth.expire(team),
    invitations: (team) => celonis.invitations.list(team),
    close: async () => {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}
