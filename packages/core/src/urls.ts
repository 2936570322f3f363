/**
 * Checks of what a user types or pastes as a URL or a credential, shared by the client and its
 * hosts (the n8n credential), so that both refuse the same values.
 */

/**
 * A URL as an error message may show it: a `user:password@` part is replaced by `***@`, so a
 * credential pasted into a URL field never reaches a message or log.
 */
export function shownUrl(url: string): string {
  return url.replace(
    /^(\s*(?:[a-z][a-z0-9+.-]*:)?\/\/)?[^/?#\s]*@/i,
    (_m, scheme?: string) => `${scheme ?? ''}***@`,
  );
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x1f\x7f]/;

/**
 * Whether a pasted key, secret or id holds a control character (a line break, most often): the
 * HTTP stack would refuse it later as a vague network error.
 */
export function hasControlCharacter(value: string): boolean {
  return CONTROL.test(value);
}

/** What is wrong with a SCIM base URL: not an absolute http(s) URL, credentials, or a query. */
export type BaseUrlProblem = 'notUrl' | 'scheme' | 'credentials' | 'query';

/** Why `raw` cannot be a SCIM base URL, or undefined when it can. */
export function baseUrlProblem(raw: string): BaseUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'notUrl';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'scheme';
  // "https:host" and "https:///host" parse, but are not what anyone meant to type.
  if (!/^\s*https?:\/\/[^/]/i.test(raw)) return 'notUrl';
  // Credentials in the URL would travel (and be logged) as part of it: they belong in `auth`.
  if (url.username || url.password) return 'credentials';
  if (url.search || url.hash) return 'query';
  return undefined;
}
