/**
 * The Node.js entry: everything of `@celonis-scim/core`, plus the defaults a Node process wants
 * and the main entry leaves to its host: the undici transport (keep-alive pool, timeouts, proxy
 * from the environment) and a setTimeout `sleep`. Hosts with their own HTTP stack or without
 * timers (the n8n nodes) import the main entry and pass both.
 */
import {
  createScimClient as createWithTransport,
  type ScimClient,
  type ScimClientOptions as HostScimClientOptions,
} from './index.js';
import { createUndiciTransport, type UndiciTransportOptions } from './transport/undici.js';

// Everything of the main entry, by the list that entry holds.
export * from './index.js';
export {
  createUndiciTransport,
  type ProxySettings,
  type UndiciTransport,
  type UndiciTransportOptions,
} from './transport/undici.js';
// The CSV reader streams through csv-parse and node:stream: Node only, and kept out of the main
// entry, which hosts without timers (the n8n nodes) bundle.
export { readDesiredCsv, type CsvReadOptions, type TextInput } from './sync/readers/csv.js';
export { readDesired, type ReadOptions } from './sync/readers/index.js';

export interface NodeScimClientOptions extends Omit<HostScimClientOptions, 'transport' | 'sleep'> {
  /** Replaces the undici transport (a host passes one built on its own request helpers). */
  transport?: HostScimClientOptions['transport'] | undefined;
  /** Options of the default undici transport (timeouts, TLS, proxy). Ignored with `transport`. */
  transportOptions?: UndiciTransportOptions | undefined;
  /** How the client waits between retries. Default setTimeout. */
  sleep?: HostScimClientOptions['sleep'] | undefined;
}
/** In this entry `transport` and `sleep` are optional. */
export type ScimClientOptions = NodeScimClientOptions;

/** The default sleep. Hosts without timers (n8n Cloud) pass their own. */
export const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** A SCIM client over undici unless `transport` is given; `close()` ends undici's connections. */
export function createScimClient(options: NodeScimClientOptions): ScimClient {
  if (!options || typeof options !== 'object')
    throw new TypeError('createScimClient needs an options object: { baseUrl, auth }');
  const { transportOptions, ...rest } = options;
  const own = options.transport ? undefined : createUndiciTransport(transportOptions);
  let client: ScimClient;
  try {
    client = createWithTransport({
      ...rest,
      transport: options.transport ?? (own as NonNullable<typeof own>),
      sleep: options.sleep ?? defaultSleep,
    });
  } catch (e) {
    void own?.close();
    throw e;
  }
  if (!own) return client;
  return {
    ...client,
    close: async () => {
      await client.close();
      await own.close();
    },
  };
}
