import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { jsonSourceOf } from '@app/infrastructure';

/**
 * Work derived from a task input, remembered by the SHA-256 of the input's JSON text. A client that
 * sends the same body again (the result cache's case) had its 500 candles canonicalised again for
 * the cache key and for the lineage: most of a cache hit's main-thread time. The same text always
 * parses to the same input, so whatever is a function of the input may be looked up by it.
 */
const digests = new WeakMap<object, string>();

/** SHA-256 (base64) of the input's text, when known (see TaskService.create); computed once per input. */
export function inputTextDigest(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const known = digests.get(input);
  if (known !== undefined) return known;
  const text = jsonSourceOf(input);
  if (text === undefined) return undefined;
  const digest = createHash('sha256').update(text).digest('base64');
  digests.set(input, digest);
  return digest;
}

/** Whether the digest was already computed: only inputs looked up in the result cache pay for hashing. */
export function knownInputTextDigest(input: unknown): string | undefined {
  return typeof input === 'object' && input !== null ? digests.get(input) : undefined;
}

/** A bounded memo of values derived from inputs, keyed by `scope` (what else the value depends on) and the input's text digest. */
export class ByInputText<V extends NonNullable<unknown>> {
  private readonly values: LRUCache<string, V>;

  constructor(maxEntries: number) {
    this.values = new LRUCache<string, V>({ max: maxEntries });
  }

  /** `derive()`'s value, from the memo when this input's text was seen before under the same scope. */
  get(scope: string, digest: string | undefined, derive: () => V): V {
    if (digest === undefined) return derive();
    const key = `${scope}\u0000${digest}`;
    const known = this.values.get(key);
    if (known !== undefined) return known;
    const value = derive();
    this.values.set(key, value);
    return value;
  }
}
