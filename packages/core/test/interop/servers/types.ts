import type { AuthConfig } from '../../../src/index.js';

/** One SCIM 2.0 server the interop scenario runs against, started locally by the test. */
export interface InteropServer {
  /** Short name, used in test titles and as the column of docs/compatibility.md. */
  name: string;
  /** The package(s) and exact version(s) that implement the protocol. */
  implementation: string;
  /** How the test starts it and what backs its store, for the compatibility table. */
  setup: string;
  start(): Promise<RunningServer>;
}

export interface RunningServer {
  /** SCIM base URL on 127.0.0.1, no trailing slash. */
  baseUrl: string;
  auth: AuthConfig;
  /** The Authorization header value, for reading stored state without the client. */
  authorization: string;
  stop(): Promise<void>;
}
