import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from './errors.js';

/** One saved connection. Secrets are stored here, so the file is kept at mode 0600. */
export interface Profile {
  teamUrl?: string;
  baseUrl?: string;
  tokenUrl?: string;
  scope?: string;
  clientId?: string;
  clientSecret?: string;
  apiKey?: string;
  appKey?: string;
}

export interface ProfilesFile {
  version: 1;
  default?: string;
  profiles: Record<string, Profile>;
}

const FIELDS: ReadonlyArray<keyof Profile> = [
  'teamUrl',
  'baseUrl',
  'tokenUrl',
  'scope',
  'clientId',
  'clientSecret',
  'apiKey',
  'appKey',
];

export const PROFILES_FILE_ENV = 'CELONIS_SCIM_PROFILES_FILE';

/** `$CELONIS_SCIM_PROFILES_FILE`, else `$XDG_CONFIG_HOME/celonis-scim/profiles.json`. */
export function profilesPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env[PROFILES_FILE_ENV]) return env[PROFILES_FILE_ENV];
  const config = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'celonis-scim', 'profiles.json');
}

export function validProfileName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name))
    throw new CliError(
      `Profile name ${JSON.stringify(name)} is not allowed`,
      'Use letters, digits, ".", "_" or "-" (up to 64), starting with a letter or digit.',
    );
}

/**
 * Reads the profiles file; a missing file is an empty one. A file other users can read is
 * refused: it holds client secrets and keys, and reading it quietly would hide the exposure.
 */
export function readProfiles(path = profilesPath()): ProfilesFile {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, profiles: {} };
    throw e;
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new CliError(
      `The profile file ${path} can be read or written by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}), and it holds secrets; it was not read`,
      `Run: chmod 600 ${path}`,
    );
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(
      `The profile file ${path} is not valid JSON (${(e as Error).message})`,
      'Fix it, or remove it and add the profiles again with "celonis-scim profile add".',
    );
  }
  return checkShape(data, path);
}

function checkShape(data: unknown, path: string): ProfilesFile {
  const bad = (what: string) =>
    new CliError(
      `The profile file ${path} is not a profiles file: ${what}`,
      'Fix it, or remove it and add the profiles again with "celonis-scim profile add".',
    );
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw bad('it is not a JSON object');
  const file = data as { default?: unknown; profiles?: unknown };
  if (typeof file.profiles !== 'object' || file.profiles === null || Array.isArray(file.profiles))
    throw bad('"profiles" is not an object');
  const profiles: Record<string, Profile> = {};
  for (const [name, raw] of Object.entries(file.profiles)) {
    if (typeof raw !== 'object' || raw === null) throw bad(`profile "${name}" is not an object`);
    const p: Profile = {};
    for (const [key, value] of Object.entries(raw)) {
      if (!FIELDS.includes(key as keyof Profile))
        throw bad(`profile "${name}" has an unknown field "${key}"`);
      if (typeof value !== 'string') throw bad(`profile "${name}": "${key}" is not a string`);
      p[key as keyof Profile] = value;
    }
    profiles[name] = p;
  }
  if (file.default !== undefined && typeof file.default !== 'string')
    throw bad('"default" is not a string');
  return {
    version: 1,
    profiles,
    ...(typeof file.default === 'string' ? { default: file.default } : {}),
  };
}

/** Writes the file at mode 0600 (its folder 0700), replacing it in one rename. */
export function writeProfiles(file: ProfilesFile, path = profilesPath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'w' });
  // The mode given to writeFileSync is masked by the umask; set it outright.
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
