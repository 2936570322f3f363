import { unsyncedAttributes } from '../attributes.js';
/**
 * Order-insensitive content hashes of SCIM resources. Not cryptographic: they only have to
 * tell "changed" from "unchanged", and a pure-JS hash keeps core free of node:crypto so it
 * bundles for n8n and the browser.
 */

const ENTRY_SEPARATOR = ':';

/**
 * 53-bit string hash (two 32-bit lanes, in the style of cyrb53), as 11 base-36 characters.
 * A false "unchanged" needs a 1 in 2^53 collision between two versions of the same resource.
 */
export function hash53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const n = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return n.toString(36).padStart(11, '0');
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

/**
 * JSON with sorted keys, empty values dropped and arrays sorted: SCIM multi-valued attributes
 * are unordered, and servers differ in whether they return `[]`, `null` or nothing.
 */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    const parts = value.filter((v) => !isEmpty(v)).map(canonical);
    parts.sort();
    return `[${parts.join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const parts: string[] = [];
    for (const k of keys) {
      const v = (value as Record<string, unknown>)[k];
      if (!isEmpty(v)) parts.push(`${JSON.stringify(k)}:${canonical(v)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Attributes that never enter a fingerprint: identity, bookkeeping, and what is tracked apart. */
const USER_SKIP = new Set([...unsyncedAttributes('User'), 'active']);
const GROUP_SKIP = new Set([...unsyncedAttributes('Group'), 'members']);

function contentHash(resource: Record<string, unknown>, skip: Set<string>): string {
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resource)) if (!skip.has(k)) kept[k] = v;
  return hash53(canonical(kept));
}

export function userHash(user: Record<string, unknown>): string {
  return contentHash(user, USER_SKIP);
}

export function groupHash(group: Record<string, unknown>): string {
  return contentHash(group, GROUP_SKIP);
}

export function encodeUser(active: boolean, hash: string, userName?: string): string {
  const head = `${active ? '1' : '0'}${ENTRY_SEPARATOR}${hash}`;
  return userName === undefined ? head : `${head}${ENTRY_SEPARATOR}${userName}`;
}

export interface DecodedUser {
  active: boolean;
  hash: string;
  userName?: string;
}

export function decodeUser(entry: string): DecodedUser {
  const first = entry.indexOf(ENTRY_SEPARATOR);
  const second = entry.indexOf(ENTRY_SEPARATOR, first + 1);
  const active = entry.slice(0, first) !== '0';
  if (second < 0) return { active, hash: entry.slice(first + 1) };
  return { active, hash: entry.slice(first + 1, second), userName: entry.slice(second + 1) };
}
