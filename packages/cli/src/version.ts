// Written from package.json by scripts/write-version.mjs at build time; do not edit.
/** The version of @celonis-scim/cli, as its package.json states it. */
export const VERSION = '0.1.0';
