export const SCHEMA_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ScimType =
  | 'invalidFilter'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'mutability'
  | 'uniqueness'
  | 'tooMany'
  | 'tooLarge'
  | 'invalidVers'
  | 'sensitive'
  // RFC 9865 (cursor pagination)
  | 'invalidCursor'
  | 'expiredCursor';

/** An error that becomes a SCIM error response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  body(): Record<string, unknown> {
    return {
      schemas: [SCHEMA_ERROR],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.message,
    };
  }
}

export const badRequest = (scimType: ScimType, detail: string): HttpError =>
  new HttpError(400, scimType, detail);
export const notFound = (detail: string): HttpError => new HttpError(404, undefined, detail);
