import type { Transport, TransportRequest } from '@celonis-scim/core';
import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

/** The one n8n helper the transport needs: `this.helpers.httpRequest` of any n8n context. */
export type HttpRequestHelper = (options: IHttpRequestOptions) => Promise<unknown>;

interface FullResponse {
  statusCode?: number;
  status?: number;
  headers?: Record<string, unknown>;
  body?: unknown;
}

function lowerCaseHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  // Some n8n versions parse JSON answers even when text was asked for.
  return JSON.stringify(body);
}

/**
 * The answer, also when it is a 401 that n8n threw (after renewing its token and asking again):
 * the core client turns it into an error that says what to do.
 */
async function refusedAsResponse(
  httpRequest: HttpRequestHelper,
  request: IHttpRequestOptions,
): Promise<FullResponse> {
  type Refused = {
    response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
  };
  // A failure without an answer (no connection, TLS) stays the failure it is.
  return (await httpRequest(request).catch((e: unknown) => {
    const response = (e as Refused).response;
    return response?.status === undefined
      ? Promise.reject(e)
      : { status: response.status, headers: response.headers ?? {}, body: response.data };
  })) as FullResponse;
}

/**
 * A core transport built on n8n's request helper, so that n8n's proxy settings, SSL options and
 * request logging apply. Status errors are returned, not thrown: the core client turns them into
 * errors that say what to do.
 */
export function n8nTransport(
  httpRequest: HttpRequestHelper,
  options: { skipSslCertificateValidation?: boolean; signedByN8n?: boolean } = {},
): Transport {
  return async (req: TransportRequest) => {
    const request: IHttpRequestOptions = {
      url: req.url,
      method: req.method.toUpperCase() as IHttpRequestMethods,
      headers: req.headers as IDataObject,
      returnFullResponse: true,
      // n8n's OAuth2 handling renews its token only on a 401 it sees thrown: let that one throw.
      ignoreHttpStatusErrors: options.signedByN8n ? { ignore: true, except: [401] } : true,
      json: false,
      encoding: 'text',
      disableFollowRedirect: true,
    };
    if (req.body !== undefined) request.body = req.body;
    if (req.timeoutMs !== undefined) request.timeout = req.timeoutMs;
    if (options.skipSslCertificateValidation) request.skipSslCertificateValidation = true;
    const res = options.signedByN8n
      ? await refusedAsResponse(httpRequest, request)
      : ((await httpRequest(request)) as FullResponse);
    return {
      status: Number(res.statusCode ?? res.status ?? 0),
      headers: lowerCaseHeaders(res.headers),
      body: bodyText(res.body),
    };
  };
}
