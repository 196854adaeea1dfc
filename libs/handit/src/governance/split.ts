import type { SplitEntry } from './governance.types';

/** FNV-1a (32 bit) of a string: stable across processes and releases, unlike Math.random or object order. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * murmur3's 32-bit finaliser: FNV-1a alone barely moves its top bits for keys that differ in the
 * last character (SYM1, SYM2, …), and the top bits decide the version.
 */
function mix(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A point in [0, 1): from the sticky key's hash when there is one, else uniformly random. */
export function routingPoint(
  modelId: string,
  stickyKey: string | undefined,
  random: () => number = Math.random,
): number {
  return stickyKey === undefined ? random() : mix(fnv1a(`${modelId}\u0000${stickyKey}`)) / 0x1_0000_0000;
}

/** The version whose share of the total weight covers `point`; undefined for an empty split. */
export function pickVersion(split: readonly SplitEntry[], point: number): string | undefined {
  const total = split.reduce((sum, e) => sum + e.weight, 0);
  if (total <= 0) return undefined;
  let edge = 0;
  for (const entry of split) {
    edge += entry.weight / total;
    if (point < edge) return entry.version;
  }
  return split[split.length - 1].version;
}
