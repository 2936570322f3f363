import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpError } from './errors.js';
import type { ResourceType } from './types.js';

/**
 * Cursor pagination (RFC 9865). A cursor names the last row a page returned (its SQLite rowid,
 * which never changes while the row lives), so the next page starts after it whatever was
 * inserted or deleted meanwhile: every resource that exists for the whole walk is returned
 * exactly once, which index paging (an offset into a shifting list) cannot promise. The cursor
 * is opaque to clients: signed with a key of this sandbox, bound to the list it came from
 * (type, filter), and valid for the team's cursorTimeout.
 */
export interface CursorState {
  /** rowid of the last resource already returned; 0 before the first page. */
  after: number;
}

interface Payload {
  /** Resource type the cursor walks. */
  t: ResourceType;
  /** Hash of the filter the cursor was issued for. */
  q: string;
  a: number;
  /** Issued at, ms since the epoch. */
  i: number;
}

/** The scimType values RFC 9865 adds for cursor errors. */
const invalidCursor = (detail: string): HttpError =>
  new HttpError(
    400,
    'invalidCursor',
    `${detail} Start again with cursor= (empty) for the first page.`,
  );

const queryHash = (filter: string | undefined): string =>
  createHash('sha256')
    .update(filter ?? '')
    .digest('base64url')
    .slice(0, 16);

export class Cursors {
  private readonly key = randomBytes(32);

  constructor(private readonly now: () => number = Date.now) {}

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 22);
  }

  issue(type: ResourceType, filter: string | undefined, after: number): string {
    const payload: Payload = { t: type, q: queryHash(filter), a: after, i: this.now() };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /**
   * Reads a cursor sent back by a client: '' is the first page. A cursor that was altered,
   * made up, or issued for another list is invalidCursor; one older than `timeoutSeconds`
   * is expiredCursor.
   */
  read(
    cursor: string,
    type: ResourceType,
    filter: string | undefined,
    timeoutSeconds: number,
  ): CursorState {
    if (cursor === '') return { after: 0 };
    const [body, mac, extra] = cursor.split('.');
    if (!body || !mac || extra !== undefined)
      throw invalidCursor('The cursor is not one this server issued.');
    const want = Buffer.from(this.sign(body));
    const got = Buffer.from(mac);
    if (want.length !== got.length || !timingSafeEqual(want, got))
      throw invalidCursor('The cursor is not one this server issued (or it was altered).');
    const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    if (p.t !== type || p.q !== queryHash(filter))
      throw invalidCursor(
        'The cursor belongs to another list: send it with the same resource type and filter it came with.',
      );
    if (this.now() - p.i > timeoutSeconds * 1000)
      throw new HttpError(
        400,
        'expiredCursor',
        `The cursor expired (cursorTimeout is ${timeoutSeconds} s). Start again with cursor= (empty) for the first page.`,
      );
    return { after: p.a };
  }
}
