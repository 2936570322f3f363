import type { Transport } from '../transport/types.js';
import { hasControlCharacter } from '../urls.js';
import type { TokenCache } from './cache.js';
import { OAuth2Provider } from './oauth2.js';
import type { AuthConfig, AuthProvider } from './types.js';

export * from './types.js';
export { TokenCache } from './cache.js';
export { OAuth2Provider, requestClientCredentialsToken, type IssuedToken } from './oauth2.js';

class StaticProvider implements AuthProvider {
  constructor(
    private readonly value: string | undefined,
    private readonly secret: string | undefined,
  ) {}
  async header(): Promise<string | undefined> {
    return this.value;
  }
  invalidate(): boolean {
    return false;
  }
  secrets(): string[] {
    return this.secret ? [this.secret] : [];
  }
}

function need(value: string | undefined, what: string): string {
  if (!value || !value.trim())
    throw new TypeError(`${what} is empty: pass a non-empty value in the auth option.`);
  if (hasControlCharacter(value.trim()))
    throw new TypeError(
      `${what} contains a control character (a line break?): paste the value again without it.`,
    );
  return value.trim();
}

export function createAuthProvider(
  auth: AuthConfig,
  transport: Transport,
  options: { timeoutMs?: number; userAgent?: string; cache?: TokenCache | undefined } = {},
): AuthProvider {
  switch (auth.type) {
    case 'oauth2':
      return new OAuth2Provider(auth, transport, options);
    case 'apiKey': {
      const key = need(auth.apiKey, 'auth.apiKey');
      return new StaticProvider(`Bearer ${key}`, key);
    }
    case 'appKey': {
      const key = need(auth.appKey, 'auth.appKey');
      return new StaticProvider(`AppKey ${key}`, key);
    }
    case 'bearer': {
      const token = need(auth.token, 'auth.token');
      return new StaticProvider(`Bearer ${token}`, token);
    }
    case 'none':
      return new StaticProvider(undefined, undefined);
    default:
      throw new TypeError(
        `Unknown auth type "${(auth as { type?: string }).type}": use oauth2, apiKey, appKey, bearer or none.`,
      );
  }
}
