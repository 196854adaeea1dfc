/**
 * The one masking function: logs, the effective config in /status and exported trace attributes
 * all pass through it, so a secret hidden in one place is hidden in all of them.
 */
export const MASK = '[REDACTED]';

const SECRET_KEY = /(pass(word|phrase)?|secret|token|api[-_]?keys?|authorization|cookie|credential|private[-_]?key|jwt)/i;
const MAX_DEPTH = 8;

export function isSecretKey(key: string, extra: readonly string[] = []): boolean {
  return SECRET_KEY.test(key) || extra.some((name) => name.toLowerCase() === key.toLowerCase());
}

/** Returns a deep copy with every value under a secret-looking key (or an `extra` key) masked. */
export function maskSecrets<T>(value: T, extra: readonly string[] = []): T {
  return mask(value, extra, 0, new WeakSet()) as T;
}

function mask(value: unknown, extra: readonly string[], depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value) || depth > MAX_DEPTH) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => mask(item, extra, depth + 1, seen));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSecretKey(key, extra) && inner !== '' && inner !== undefined && !(Array.isArray(inner) && inner.length === 0)
      ? MASK
      : mask(inner, extra, depth + 1, seen);
  }
  return out;
}

/** Hides the password in a connection URL (postgres://user:pass@host → postgres://user:***@host). */
export function maskUrlCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url ? MASK : url;
  }
}
