import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseUrlProblem,
  hasControlCharacter,
  requestClientCredentialsToken,
  ScimError,
  shownUrl,
  type TransportRequest,
} from '../src/index.js';
import { countingTransport, startSandbox, type Sandbox } from './helpers.js';

// The checks and the token request that hosts (the n8n credential) take from core instead of
// writing their own.
describe('URL and credential checks', () => {
  it('names what is wrong with a SCIM base URL', () => {
    expect(baseUrlProblem('https://acme.eu-1.celonis.cloud/scim/v2')).toBeUndefined();
    expect(baseUrlProblem('http://127.0.0.1:8080/scim/v2')).toBeUndefined();
    expect(baseUrlProblem('acme.eu-1.celonis.cloud/scim/v2')).toBe('notUrl');
    expect(baseUrlProblem('https:acme.eu-1.celonis.cloud')).toBe('notUrl');
    expect(baseUrlProblem('ftp://acme.eu-1.celonis.cloud')).toBe('scheme');
    expect(baseUrlProblem('https://u:p@acme.eu-1.celonis.cloud')).toBe('credentials');
    expect(baseUrlProblem('https://acme.eu-1.celonis.cloud/scim/v2?x=1')).toBe('query');
    expect(baseUrlProblem('https://acme.eu-1.celonis.cloud/scim/v2#top')).toBe('query');
  });

  it('finds control characters and hides credentials in shown URLs', () => {
    expect(hasControlCharacter('secret\n')).toBe(true);
    expect(hasControlCharacter('se\u007fcret')).toBe(true);
    expect(hasControlCharacter('sécret é')).toBe(false);
    expect(shownUrl('https://user:pw@acme.eu-1.celonis.cloud')).toBe(
      'https://***@acme.eu-1.celonis.cloud',
    );
  });
});

describe('requestClientCredentialsToken', () => {
  let sb: Sandbox;
  const transport = countingTransport();
  beforeAll(async () => {
    sb = await startSandbox({ teams: [{ name: 'acme' }] });
  });
  afterAll(async () => {
    await transport.close();
    await sb?.close();
  });

  it('gets a token with basic and post client authentication', async () => {
    const team = sb.teams.acme!;
    for (const clientAuth of ['basic', 'post'] as const) {
      let sent: TransportRequest | undefined;
      const issued = await requestClientCredentialsToken(
        {
          type: 'oauth2',
          tokenUrl: team.tokenUrl,
          clientId: team.clientId,
          clientSecret: team.clientSecret,
          scope: team.scope,
          clientAuth,
        },
        (req) => {
          sent = req;
          return transport(req);
        },
      );
      expect(issued.header).toBe(`Bearer ${issued.token}`);
      expect(transport.tokens).toContain(issued.token);
      // The sandbox takes either form: only the request shows which one was used.
      const form = new URLSearchParams(sent?.body ?? '');
      expect(
        {
          basic: /^Basic /.test(sent?.headers.authorization ?? ''),
          secretInBody: form.get('client_secret') === team.clientSecret,
        },
        clientAuth,
      ).toEqual({ basic: clientAuth === 'basic', secretInBody: clientAuth === 'post' });
    }
  });

  it('says a refused secret is an auth problem, without repeating it', async () => {
    const team = sb.teams.acme!;
    const error = await requestClientCredentialsToken(
      {
        type: 'oauth2',
        tokenUrl: team.tokenUrl,
        clientId: team.clientId,
        clientSecret: 'wrong-secret-42',
      },
      transport,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).kind).toBe('auth');
    expect(JSON.stringify(error) + String(error)).not.toContain('wrong-secret-42');
  });
});
