import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
// From the main entry, so that both entries share one TransportError class in every build.
import { TransportError, type Transport, type TransportResponse } from '../index.js';

export interface ProxySettings {
  httpProxy?: string | undefined;
  httpsProxy?: string | undefined;
  noProxy?: string | undefined;
}

export interface UndiciTransportOptions {
  /** Time to establish a connection (TCP + TLS). Default 10 s. */
  connectTimeoutMs?: number | undefined;
  /** Time to wait for response headers. Default 30 s. */
  headersTimeoutMs?: number | undefined;
  /** Time allowed between body chunks. Default 30 s. */
  bodyTimeoutMs?: number | undefined;
  /** How long an idle keep-alive connection is kept. Default 30 s. */
  keepAliveTimeoutMs?: number | undefined;
  /** Connections per origin. Default 16. */
  connections?: number | undefined;
  /**
   * TLS settings. Certificates are verified by default; `{ rejectUnauthorized: false }` turns
   * verification off (only for a test server with a self-signed certificate; prefer `ca`).
   */
  tls?: { rejectUnauthorized?: boolean; ca?: string | string[] };
  /**
   * Proxy settings. Default: read from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (any case);
   * `false` ignores the environment.
   */
  proxy?: ProxySettings | false | undefined;
  /** A ready dispatcher (undici Agent, Pool, MockAgent...) to use instead of building one. */
  dispatcher?: Dispatcher | undefined;
}

function proxyFromEnv(env: NodeJS.ProcessEnv): ProxySettings | undefined {
  const pick = (name: string): string | undefined => env[name] ?? env[name.toLowerCase()];
  const httpProxy = pick('HTTP_PROXY');
  const httpsProxy = pick('HTTPS_PROXY');
  if (!httpProxy && !httpsProxy) return undefined;
  const settings: ProxySettings = {};
  if (httpProxy) settings.httpProxy = httpProxy;
  if (httpsProxy) settings.httpsProxy = httpsProxy;
  const noProxy = pick('NO_PROXY');
  if (noProxy) settings.noProxy = noProxy;
  return settings;
}

/** Builds the dispatcher: a keep-alive Agent, or an EnvHttpProxyAgent when a proxy is configured. */
export function createDispatcher(options: UndiciTransportOptions = {}): Dispatcher {
  if (options.dispatcher) return options.dispatcher;
  const connect: Record<string, unknown> = { timeout: options.connectTimeoutMs ?? 10_000 };
  if (options.tls?.rejectUnauthorized === false) connect.rejectUnauthorized = false;
  if (options.tls?.ca) connect.ca = options.tls.ca;
  const common = {
    connect,
    headersTimeout: options.headersTimeoutMs ?? 30_000,
    bodyTimeout: options.bodyTimeoutMs ?? 30_000,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    connections: options.connections ?? 16,
  };
  const proxy = options.proxy === false ? undefined : (options.proxy ?? proxyFromEnv(process.env));
  if (proxy && (proxy.httpProxy || proxy.httpsProxy)) {
    // EnvHttpProxyAgent applies NO_PROXY itself (host, domain suffix, IP and port forms).
    return new EnvHttpProxyAgent({
      ...common,
      ...(proxy.httpProxy ? { httpProxy: proxy.httpProxy } : {}),
      ...(proxy.httpsProxy ? { httpsProxy: proxy.httpsProxy } : {}),
      noProxy: proxy.noProxy ?? '',
    });
  }
  return new Agent(common);
}

export interface UndiciTransport extends Transport {
  /** Closes the keep-alive connections. */
  close(): Promise<void>;
}

/** The default transport: undici with a keep-alive pool per origin and timeouts. */
export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const dispatcher = createDispatcher(options);
  const transport = async (req: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string | undefined;
    timeoutMs?: number | undefined;
  }): Promise<TransportResponse> => {
    try {
      const res = await request(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body ?? null,
        dispatcher,
        // Per-request timeouts through undici's own timers: cheaper than an AbortSignal each time.
        ...(req.timeoutMs ? { headersTimeout: req.timeoutMs, bodyTimeout: req.timeoutMs } : {}),
      });
      const body = await res.body.text();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value === undefined) continue;
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: res.statusCode, headers, body };
    } catch (e) {
      // Only the classification leaves: undici's error objects can reference the request.
      throw TransportError.from(e);
    }
  };
  return Object.assign(transport, {
    close: async () => {
      await dispatcher.close();
    },
  });
}
