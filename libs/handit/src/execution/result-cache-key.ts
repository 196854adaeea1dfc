import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';

/**
 * Deterministic key of a result: model id and version, task type and the canonical input (keys
 * sorted), hashed. Two requests that differ only in key order share one entry.
 */
export function resultCacheKey(modelId: string, modelVersion: string, type: string, input: unknown): string {
  const canonical = stableStringify({ m: modelId, v: modelVersion, t: type, i: input });
  return `handit:result:${createHash('sha256').update(canonical).digest('hex')}`;
}
