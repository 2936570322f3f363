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

/** Why a text cannot be a team URL: empty, not a URL, not http(s), or carrying credentials. */
export type TeamUrlProblem = 'empty' | 'notUrl' | 'scheme' | 'credentials';

/**
 * What `celonisUrls` throws. `problem` is the reason for a program; `detail` says it to a person
 * without naming the function (a face shows it as it is); `message` is `celonisUrls: <detail>`.
 */
export class TeamUrlError extends TypeError {
  // `name` stays TypeError: what celonisUrls has always thrown (reliability/corpus/team-urls.json).
  constructor(
    readonly problem: TeamUrlProblem,
    readonly detail: string,
  ) {
    super(`celonisUrls: ${detail}`);
  }
}

/**
 * Turns what a Celonis user knows (the team URL, as in the browser's address bar) into the SCIM
 * base URL and the OAuth token URL. Accepts a bare host, a trailing slash, or a pasted SCIM
 * URL (`.../scim/v2/Users`), and keeps any path prefix in front of `/scim/v2`. A URL whose path
 * ends in `/scim` or `/scim/v<n>` other than v2 (another SCIM 2.0 provider, e.g.
 * https://idp.example.com/api/scim) is a SCIM base URL already: it is kept as it is instead of
 * having `/scim/v2` appended. Throws a TeamUrlError for anything else.
 */
export function celonisUrls(teamUrl: string): CelonisUrls {
  const raw = (teamUrl ?? '').trim();
  if (!raw)
    throw new TeamUrlError(
      'empty',
      'the team URL is empty; pass e.g. https://acme.eu-1.celonis.cloud',
    );
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new TeamUrlError(
      'notUrl',
      `"${shownUrl(raw)}" is not a URL; pass e.g. https://acme.eu-1.celonis.cloud`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TeamUrlError('scheme', `"${shownUrl(raw)}" must start with https://`);
  // "mailto:a@b.c" parses as https://mailto:a@b.c: a team URL never carries credentials. The
  // message does not repeat them.
  if (url.username || url.password)
    throw new TeamUrlError(
      'credentials',
      'the team URL must not contain credentials (user:password@ before the host); pass the bare team URL, e.g. https://acme.eu-1.celonis.cloud, and the client id and secret (or key) in the auth options',
    );
  let path = url.pathname.replace(/\/+$/, '');
  const scim = path.search(/\/scim\/v2(\/|$)/i);
  if (scim >= 0) path = path.slice(0, scim);
  path = path.replace(/\/(oauth2\/token|ui.*|package-manager.*)$/i, '');
  const teamBase = `${url.origin}${path}`;
  const otherProvider = scim < 0 && /\/scim(\/v\d+)?$/i.test(path);
  return {
    teamUrl: teamBase,
    scimBaseUrl: otherProvider ? teamBase : `${teamBase}/scim/v2`,
    tokenUrl: `${teamBase}/oauth2/token`,
  };
}
