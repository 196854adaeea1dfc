const MAX_DEPTH = 64;

/**
 * Makes a stream chunk JSON-safe the way the LangGraph API serialises it: LangChain messages (and
 * anything with toDict) as `{ ...data, type }`, Dates as ISO text, functions and cycles dropped
 * (a value repeated elsewhere in the chunk is kept), so a chunk can be stored and sent as it is.
 */
export function toWire(value: unknown, ancestors: object[] = []): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof AbortSignal || ancestors.includes(value) || ancestors.length >= MAX_DEPTH) return undefined;
  const toDict = (value as { toDict?: () => { type: string; data: Record<string, unknown> } }).toDict;
  if (typeof toDict === 'function') {
    const { type, data } = toDict.call(value);
    return toWire({ ...data, type }, ancestors);
  }
  const path = [...ancestors, value];
  if (Array.isArray(value)) return value.map((item) => toWire(item, path) ?? null);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const wired = toWire(item, path);
    if (wired !== undefined) out[key] = wired;
  }
  return out;
}
