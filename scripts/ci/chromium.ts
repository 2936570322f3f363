/**
 * The flags for Debian's Chromium, headless in a container, shared by the VS Code e2e suite and
 * the n8n screenshot script: no sandbox (no user namespaces in CI), no GPU, no background
 * traffic, /tmp instead of a small /dev/shm.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
