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

/** A point in [0, 1): from the sticky key's hash when there is one, else uniformly random. */
export function routingPoint(modelId: string, stickyKey: string | undefined, random: () => number = Math.random): number {
  return stickyKey === undefined ? random() : fnv1a(`${modelId}\u0000${stickyKey}`) / 0x1_0000_0000;
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
