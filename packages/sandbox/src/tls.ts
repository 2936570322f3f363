import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsMaterial {
  key: string;
  cert: string;
}

/**
 * A throw-away self-signed certificate for 127.0.0.1 and localhost, valid for a day: enough to
 * check that clients verify TLS by default and accept it only when told to. Needs the `openssl`
 * command (Node has no API to issue certificates).
 */
export function selfSignedCertificate(): TlsMaterial {
  const dir = mkdtempSync(join(tmpdir(), 'scim-sandbox-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } catch (e) {
    throw new Error(
      `Could not create a self-signed certificate with openssl (${(e as Error).message}); install openssl or pass your own key and cert.`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
