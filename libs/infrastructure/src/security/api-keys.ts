import { createHash, timingSafeEqual } from 'node:crypto';
import { IDENTIFIER_PATTERN } from './principal';
import { isRole, ROLES, type Role } from './roles';

/**
 * One configured API key. Only the SHA-256 digest of the key is kept in memory, so a heap dump
 * or a config echo never reveals a usable key, and matching is digest-against-digest.
 */
export interface ApiKeyEntry {
  readonly name: string;
  readonly role: Role;
  readonly tenant: string;
  readonly digest: Buffer;
  /** 'raw' when the key itself was configured, 'sha256' when only its digest was. */
  readonly form: 'raw' | 'sha256';
  /** Length of a raw key (0 for the sha256 form), so start-up can warn about short keys. */
  readonly rawLength: number;
}

/** A malformed API_KEYS entry. The message names the entry by position and name, never the key. */
export class ApiKeyParseError extends Error {
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {
    super(`API_KEYS entry #${index + 1}: ${reason}`);
    this.name = 'ApiKeyParseError';
  }
}

const SHA256_PREFIX = 'sha256:';
const HEX64 = /^[0-9a-fA-F]{64}$/;

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Parses `name:role:tenant:key` entries. The key is everything after the third colon, so keys
 * (and the `sha256:<hex>` form) may themselves contain colons. Accepts the raw comma-separated
 * env value or an already split list; blank entries (e.g. a trailing comma) are ignored.
 * Throws ApiKeyParseError on the first bad entry; config validation can call this directly.
 */
export function parseApiKeys(input: string | readonly string[] | undefined): ApiKeyEntry[] {
  if (input === undefined) return [];
  const raw = typeof input === 'string' ? input.split(',') : input;
  const entries: ApiKeyEntry[] = [];
  const seen = new Map<string, string>();
  raw.forEach((item, index) => {
    const text = item.trim();
    if (text === '') return;
    const entry = parseApiKeyEntry(text, index);
    // The same key under two identities would make the principal depend on configuration order.
    const hex = entry.digest.toString('hex');
    const previous = seen.get(hex);
    if (previous !== undefined) {
      throw new ApiKeyParseError(index, `("${entry.name}") uses the same key as "${previous}"; keys must be unique`);
    }
    seen.set(hex, entry.name);
    entries.push(entry);
  });
  return entries;
}

function parseApiKeyEntry(text: string, index: number): ApiKeyEntry {
  const parts = text.split(':');
  if (parts.length < 4) {
    throw new ApiKeyParseError(
      index,
      `expected "name:role:tenant:key" (4 fields separated by ':'), got ${parts.length} field(s)`,
    );
  }
  const [name, role, tenant] = parts.map((p) => p.trim());
  const key = parts.slice(3).join(':').trim();
  if (!IDENTIFIER_PATTERN.test(name)) {
    throw new ApiKeyParseError(
      index,
      `name "${name}" is empty or invalid (letters, digits, '.', '_', '@', '-'; at most 128)`,
    );
  }
  if (!isRole(role)) {
    throw new ApiKeyParseError(index, `("${name}") role "${role}" is not one of ${[...ROLES].reverse().join('|')}`);
  }
  if (!IDENTIFIER_PATTERN.test(tenant)) {
    throw new ApiKeyParseError(
      index,
      `("${name}") tenant "${tenant}" is empty or invalid (letters, digits, '.', '_', '@', '-'; at most 128)`,
    );
  }
  if (key === '') {
    throw new ApiKeyParseError(index, `("${name}") key is empty`);
  }
  if (key.toLowerCase().startsWith(SHA256_PREFIX)) {
    const hex = key.slice(SHA256_PREFIX.length);
    if (!HEX64.test(hex)) {
      throw new ApiKeyParseError(index, `("${name}") key in sha256 form must be "sha256:" followed by 64 hex digits`);
    }
    return { name, role, tenant, digest: Buffer.from(hex, 'hex'), form: 'sha256', rawLength: 0 };
  }
  return { name, role, tenant, digest: sha256(key), form: 'raw', rawLength: key.length };
}

/**
 * Finds the entry whose key matches `presented`, in time independent of which entry (if any)
 * matches: the presented key is hashed once, every digest is compared with timingSafeEqual, and
 * the loop never exits early. Digests are all 32 bytes, so timingSafeEqual never throws.
 */
export function matchApiKey(entries: readonly ApiKeyEntry[], presented: string): ApiKeyEntry | undefined {
  const digest = sha256(presented);
  let found: ApiKeyEntry | undefined;
  for (const entry of entries) {
    const equal = timingSafeEqual(digest, entry.digest);
    // Assignment without branching on position keeps every iteration the same work.
    found = equal && found === undefined ? entry : found;
  }
  return found;
}
