export interface OAuth2ClientCredentials {
  type: 'oauth2';
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes. Celonis needs `user-provisioning.scim`. */
  scope?: string | undefined;
  /** How the client authenticates at the token endpoint. Default `basic` (client_secret_basic). */
  clientAuth?: 'basic' | 'post' | undefined;
  /** Seconds before `expires_in` at which a cached token is renewed. Default 60. */
  expirySkewSeconds?: number | undefined;
}

export type AuthConfig =
  | OAuth2ClientCredentials
  /** A Celonis API key (acts as its user): sent as `Authorization: Bearer <key>`. */
  | { type: 'apiKey'; apiKey: string }
  /** A Celonis application key: sent as `Authorization: AppKey <key>`. */
  | { type: 'appKey'; appKey: string }
  /** Any static bearer token. */
  | { type: 'bearer'; token: string }
  /** No Authorization header (a server behind an authenticating proxy). */
  | { type: 'none' };

export interface AuthProvider {
  /** The Authorization header value, or undefined for none. */
  header(): Promise<string | undefined>;
  /** Forgets a header the server refused. Returns true when asking again may give a new one. */
  invalidate(refused: string | undefined): boolean;
  /** Every secret value to scrub from text that leaves the client. */
  secrets(): string[];
}
