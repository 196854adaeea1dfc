import { isValid, monotonicFactory } from 'ulid';
import { pooledRandom } from '../core/logging/pooled-random';

// Monotonic: ids made in the same millisecond still increase, so "newest first" by (time, id)
// keeps creation order inside one process, and ids sort like their creation time everywhere.
const nextUlid = monotonicFactory(pooledRandom);

/** A new sortable id (ULID, 26 characters, Crockford base32). */
export function newId(): string {
  return nextUlid();
}

export function isId(value: unknown): value is string {
  return typeof value === 'string' && isValid(value);
}
