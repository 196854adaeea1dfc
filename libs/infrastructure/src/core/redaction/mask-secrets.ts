/**
 * The one masking function: logs, the effective config in /status and exported trace attributes
 * all pass through it, so a secret hidden in one place is hidden in all of them.
 */
export const MASK = '[REDACTED]';

/** The one list of secret-looking names: object keys, query parameters, span attributes. */
const SECRET_KEY =
  /(pass(word|phrase)?|secret|token|api[-_]?keys?|authorization|cookie|credential|private[-_]?key|jwt)/i;
const MAX_DEPTH = 8;

export function isSecretKey(key: string, extra: readonly string[] = []): boolean {
  return SECRET_KEY.test(key) || extra.some((name) => name.toLowerCase() === key.toLowerCase());
}

/** How deep masking treats names and strings beyond the built-in list. */
export interface MaskSecretsOptions {
  /** Extra keys to mask (case-insensitive). */
  readonly extraKeys?: readonly string[];
  /** Applied to every string value (e.g. blanking configured secret values inside messages). */
  readonly maskText?: (text: string) => string;
}

/**
 * Returns a deep copy with every value under a secret-looking key (or an extra key) masked.
 * Errors become plain `{ type, message, stack, cause, …own fields }` objects: their message and
 * stack are not enumerable, so a plain copy would lose exactly what a log needs.
 */
export function maskSecrets<T>(value: T, options: readonly string[] | MaskSecretsOptions = []): T {
  const resolved: MaskSecretsOptions = isKeyList(options) ? { extraKeys: options } : options;
  return mask(value, resolved, 0, new WeakSet()) as T;
}

function isKeyList(options: readonly string[] | MaskSecretsOptions): options is readonly string[] {
  return Array.isArray(options);
}

function isEmpty(value: unknown): boolean {
  return value === '' || value === undefined || (Array.isArray(value) && value.length === 0);
}

function mask(value: unknown, options: MaskSecretsOptions, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return options.maskText ? options.maskText(value) : value;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value) || depth > MAX_DEPTH) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => mask(item, options, depth + 1, seen));
  if (value instanceof Date) return value;
  if (value instanceof Error) return maskError(value, options, depth, seen);
  return maskEntries(Object.entries(value), {}, options, depth, seen);
}

function maskEntries(
  entries: Array<[string, unknown]>,
  out: Record<string, unknown>,
  options: MaskSecretsOptions,
  depth: number,
  seen: WeakSet<object>,
): Record<string, unknown> {
  const extra = options.extraKeys ?? [];
  for (const [key, inner] of entries) {
    if (key in out) continue;
    out[key] = isSecretKey(key, extra) && !isEmpty(inner) ? MASK : mask(inner, options, depth + 1, seen);
  }
  return out;
}

function maskError(
  error: Error,
  options: MaskSecretsOptions,
  depth: number,
  seen: WeakSet<object>,
): Record<string, unknown> {
  const text = (s: string) => (options.maskText ? options.maskText(s) : s);
  const out: Record<string, unknown> = {
    type: error.constructor?.name || error.name || 'Error',
    message: text(String(error.message)),
  };
  if (typeof error.stack === 'string') out.stack = text(error.stack);
  if (error.cause !== undefined) out.cause = mask(error.cause, options, depth + 1, seen);
  if (error instanceof AggregateError) out.errors = mask(error.errors, options, depth + 1, seen);
  const own = Object.entries(error).filter(([key, inner]) => !(key === 'name' && inner === out.type));
  return maskEntries(own, out, options, depth, seen);
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
