/**
 * A small n8n-compatible execution context for running the nodes' own `execute`, `poll`,
 * list-search and credential-test functions against a sandbox over real HTTP. n8n's request
 * helper is the one part that cannot run without n8n; here it is a real HTTP client (fetch).
 * The real-n8n runs are in e2e/.
 */
import type {
  ICredentialDataDecryptedObject,
  IDataObject,
  IExecuteFunctions,
  IHttpRequestOptions,
  ILoadOptionsFunctions,
  INode,
  INodeExecutionData,
  IPollFunctions,
} from 'n8n-workflow';

export async function httpRequest(options: IHttpRequestOptions): Promise<unknown> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(options.headers ?? {})) headers.set(k, String(v));
  const res = await fetch(options.url, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: options.body as string } : {}),
    redirect: options.disableFollowRedirect ? 'manual' : 'follow',
  });
  const body = await res.text();
  if (!options.ignoreHttpStatusErrors && res.status >= 400)
    throw new Error(`Request failed with status code ${res.status}`);
  if (!options.returnFullResponse) return body;
  const out: Record<string, string> = {};
  res.headers.forEach((v, k) => (out[k] = v));
  return { statusCode: res.status, headers: out, body };
}

const node: INode = {
  id: 'test-node',
  name: 'Celonis SCIM',
  type: 'n8n-nodes-celonis-scim.celonisScim',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

export interface RunOptions {
  credentials: ICredentialDataDecryptedObject;
  /** Parameters per item (one entry per input item), or one set for every item. */
  params: IDataObject | IDataObject[];
  items?: IDataObject[];
  continueOnFail?: boolean;
  /** The node's version (1 unless given: the parameter set of saved version-1 workflows). */
  typeVersion?: number;
  /**
   * Stands in for n8n's `httpRequestWithAuthentication`, which signs requests with the token of
   * an n8n OAuth2 credential (only a real n8n has one: see e2e/).
   */
  httpRequestWithAuthentication?: (name: string, options: IHttpRequestOptions) => Promise<unknown>;
}

function paramGetter(params: IDataObject | IDataObject[]) {
  return (name: string, i: number, fallback?: unknown, options?: { extractValue?: boolean }) => {
    const set = Array.isArray(params) ? params[i] : params;
    const value = set?.[name];
    if (value === undefined) {
      if (fallback !== undefined) return fallback;
      throw new Error(`test context: parameter "${name}" not set for item ${i}`);
    }
    if (options?.extractValue && value && typeof value === 'object' && 'value' in value)
      return (value as IDataObject).value;
    return value;
  };
}

/** The part of IExecuteFunctions the nodes use; anything else throws if touched. */
export function executeContext(opts: RunOptions): IExecuteFunctions {
  const count = opts.items?.length ?? (Array.isArray(opts.params) ? opts.params.length : 1);
  const items: INodeExecutionData[] = Array.from({ length: count }, (_, i) => ({
    json: opts.items?.[i] ?? {},
  }));
  const ctx = {
    getInputData: () => items,
    getNodeParameter: paramGetter(opts.params),
    getNode: () => ({ ...node, typeVersion: opts.typeVersion ?? 1 }),
    continueOnFail: () => opts.continueOnFail ?? false,
    getCredentials: async () => opts.credentials,
    getMode: () => 'manual',
    helpers: {
      httpRequest,
      httpRequestWithAuthentication: async (name: string, options: IHttpRequestOptions) => {
        if (!opts.httpRequestWithAuthentication)
          throw new Error(`test context: no httpRequestWithAuthentication for ${name}`);
        return opts.httpRequestWithAuthentication(name, options);
      },
      returnJsonArray: (data: IDataObject | IDataObject[]) =>
        (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
    },
  };
  return ctx as unknown as IExecuteFunctions;
}

export function loadOptionsContext(credentials: ICredentialDataDecryptedObject) {
  return {
    getNode: () => node,
    getNodeParameter: (_name: string, fallback?: unknown) => fallback,
    getCredentials: async () => credentials,
    helpers: { httpRequest },
  } as unknown as ILoadOptionsFunctions;
}

/** A poll context whose static data lives in `staticData` (n8n persists it between polls). */
export function pollContext(
  credentials: ICredentialDataDecryptedObject,
  params: IDataObject,
  staticData: IDataObject,
  mode: 'trigger' | 'manual' = 'trigger',
) {
  return {
    getNode: () => ({ ...node, type: 'n8n-nodes-celonis-scim.celonisScimTrigger' }),
    getNodeParameter: (name: string, fallback?: unknown) => params[name] ?? fallback,
    getWorkflowStaticData: () => staticData,
    getMode: () => mode,
    getCredentials: async () => credentials,
    helpers: {
      httpRequest,
      returnJsonArray: (data: IDataObject | IDataObject[]) =>
        (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
    },
  } as unknown as IPollFunctions;
}
