import { shownUrl } from './urls.js';

export interface CelonisUrls {
  /** `https://<team>.<realm>.celonis.cloud` */
  teamUrl: string;
  /** `<teamUrl>/scim/v2` */
  scimBaseUrl: string;
  /** `<teamUrl>/oauth2/token` */
  tokenUrl: string;
}

/** The OAuth scope a Celonis client needs for SCIM. */
export const CELONIS_SCIM_SCOPE = 'user-provisioning.scim';

/**
 * Turns what a Celonis user knows (the team URL, as in the browser's address bar) into the SCIM
 * base URL and the OAuth token URL. Accepts a bare host, a trailing slash, or a pasted SCIM
 * URL (`.../scim/v2/Users`), and keeps any path prefix in front of `/scim/v2`.
 */
export function celonisUrls(teamUrl: string): CelonisUrls {
  const raw = (teamUrl ?? '').trim();
  if (!raw)
    throw new TypeError(
      'celonisUrls: the team URL is empty; pass e.g. https://acme.eu-1.celonis.cloud',
    );
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new TypeError(
      `celonisUrls: "${shownUrl(raw)}" is not a URL; pass e.g. https://acme.eu-1.celonis.cloud`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TypeError(`celonisUrls: "${shownUrl(raw)}" must start with https://`);
  // "mailto:a@b.c" parses as https://mailto:a@b.c: a team URL never carries credentials. The
  // message does not repeat them.
  if (url.username || url.password)
    throw new TypeError(
      'celonisUrls: the team URL must not contain credentials (user:password@ before the host); pass the bare team URL, e.g. https://acme.eu-1.celonis.cloud, and the client id and secret (or key) in the auth options',
    );
  let path = url.pathname.replace(/\/+$/, '');
  const scim = path.search(/\/scim\/v2(\/|$)/i);
  if (scim >= 0) path = path.slice(0, scim);
  path = path.replace(/\/(oauth2\/token|ui.*|package-manager.*)$/i, '');
  const teamBase = `${url.origin}${path}`;
  return {
    teamUrl: teamBase,
    scimBaseUrl: `${teamBase}/scim/v2`,
    tokenUrl: `${teamBase}/oauth2/token`,
  };
}
