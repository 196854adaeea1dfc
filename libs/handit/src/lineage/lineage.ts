import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';

/** Input fields that are market data; everything else in an input is an engine parameter. */
export const DATA_FIELDS = [
  'candles',
  'prices',
  'returns',
  'benchmark',
  'assets',
  'headlines',
  'text',
  'periods',
] as const;
const CANDLE_FIELD_SET = new Set(['time', 'open', 'high', 'low', 'close', 'volume']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const sha256 = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');

const isPrimitive = (v: unknown) => v === null || (typeof v !== 'object' && typeof v !== 'function');
const isFlat = (v: unknown) => isPrimitive(v) || (Array.isArray(v) && v.every(isPrimitive));

/**
 * fast-json-stable-stringify's text, byte for byte (digests already stored must not change), but
 * arrays of primitives and of primitive tuples (canonical candles) are written by the native
 * JSON.stringify, which spells them the same way: 500 candles took most of a lineage's time.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value) && value.every(isFlat)) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (isObj(value) && typeof value.toJSON !== 'function') {
    const parts: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (v === undefined || typeof v === 'function') continue;
      parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return stableStringify(value) ?? 'null';
}

/**
 * A candle as a fixed tuple: [time, open, high, low, close, volume], ISO times as epoch ms, then
 * its other fields (if any) as one object. Runs for every candle of every task, so it walks the
 * keys once instead of building entries, filtering and rebuilding an object per candle.
 */
function canonicalCandle(candle: unknown): unknown {
  if (!isObj(candle)) return candle;
  const parsed = typeof candle.time === 'string' ? Date.parse(candle.time) : NaN;
  const time = Number.isFinite(parsed) ? parsed : candle.time;
  const tuple: unknown[] = [time, candle.open, candle.high, candle.low, candle.close, candle.volume];
  let rest: Obj | undefined;
  for (const key of Object.keys(candle)) {
    if (CANDLE_FIELD_SET.has(key)) continue;
    rest ??= {};
    // An own property even for "__proto__", as Object.fromEntries would make it.
    Object.defineProperty(rest, key, { value: candle[key], enumerable: true, writable: true, configurable: true });
  }
  if (rest) tuple.push(rest);
  return tuple;
}

/** Data in canonical form: keys sorted (by the digest), candle arrays as tuples, wherever they are. */
function canonical(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return key === 'candles' ? value.map(canonicalCandle) : value.map((v) => canonical(v));
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v, k)]));
  return value;
}

/** What a task's result was computed from: its data, the model that ran it, and the engine's parameters. */
export interface LineageSource {
  type: string;
  /** The input as stored and given to the engine (after the data checks' repairs and model defaults). */
  input: unknown;
  model: { id: string; version: string; parameters: Record<string, unknown> };
}

/** The digests of a task's lineage and what they cover. */
export interface LineageDigests {
  algorithm: 'sha256';
  /** SHA-256 over the three below: the one value that identifies what a result was computed from. */
  digest: string;
  data: string;
  model: { id: string; version: string };
  parameters: string;
  /** What the `parameters` digest covers: the task type, the input's non-data fields, the model's parameters. */
  engineParameters: { type: string; input: Obj; model: Record<string, unknown> };
  /** The data fields present in the input. */
  dataFields: string[];
}

/**
 * The lineage digest of a task: SHA-256 of the canonical input data (candle times as epoch ms, key
 * order irrelevant), the model id and version, and the engine parameters. Equal inputs give equal
 * digests whatever their JSON spelling; changing one candle changes it.
 */
export function lineageOf(source: LineageSource): LineageDigests {
  const input = isObj(source.input) ? source.input : { value: source.input };
  const isData = (k: string) => (DATA_FIELDS as readonly string[]).includes(k);
  const data = canonical(Object.fromEntries(Object.entries(input).filter(([k]) => isData(k))));
  const engineParameters = {
    type: source.type,
    input: Object.fromEntries(Object.entries(input).filter(([k]) => !isData(k))),
    model: source.model.parameters,
  };
  const model = { id: source.model.id, version: source.model.version };
  const dataDigest = sha256(data);
  const parametersDigest = sha256(engineParameters);
  return {
    algorithm: 'sha256',
    digest: sha256({ data: dataDigest, model, parameters: parametersDigest }),
    data: dataDigest,
    model,
    parameters: parametersDigest,
    engineParameters,
    dataFields: Object.keys(input).filter(isData).sort(),
  };
}
