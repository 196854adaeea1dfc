import type { GenerationSettings, ModelPrice } from '@app/infrastructure';

/** What one model call used: LLM tokens from the provider, or units (candles, points) a quant engine processed. */
export interface GenerationUsage {
  inputTokens?: number;
  outputTokens?: number;
  units?: number;
}

/** A generation's cost in USD, split the way Langfuse shows it. */
export interface GenerationCost {
  input: number;
  output: number;
  total: number;
}

/**
 * Whether a model call's input and output leave the service: a tenant or model on a "no" list
 * never does (privacy wins), one on a "yes" list does, everything else follows the default.
 */
export function captureAllowed(settings: GenerationSettings, tenant: string, modelId: string): boolean {
  if (settings.noCaptureTenants.includes(tenant) || settings.noCaptureModels.includes(modelId)) return false;
  if (settings.captureTenants.includes(tenant) || settings.captureModels.includes(modelId)) return true;
  return settings.capture;
}

/** The price row of a call: the provider's model name first (what was billed), then the service's model id. */
export function priceOf(
  prices: readonly ModelPrice[],
  modelId: string,
  providerModel?: string,
): ModelPrice | undefined {
  return (
    (providerModel ? prices.find((p) => p.model === providerModel) : undefined) ??
    prices.find((p) => p.model === modelId)
  );
}

// Costs are kept to 1e-12 USD so sums over many small calls do not drift from the price table.
const roundUsd = (n: number) => Math.round(n * 1e12) / 1e12;

/** Cost of one call from its price row; undefined when the model has no price. */
export function costOf(price: ModelPrice | undefined, usage: GenerationUsage): GenerationCost | undefined {
  if (!price) return undefined;
  const input =
    ((usage.inputTokens ?? 0) * (price.inputPer1M ?? 0)) / 1_000_000 + (usage.units ?? 0) * (price.perUnit ?? 0);
  const output = ((usage.outputTokens ?? 0) * (price.outputPer1M ?? 0)) / 1_000_000;
  return { input: roundUsd(input), output: roundUsd(output), total: roundUsd(input + output) };
}

/**
 * Units a quant engine processes: the candles when the input has them (one unit each), else the
 * points of its series: every top-level array counts its elements, an array of arrays (return
 * series of several assets) the elements of its rows.
 */
export function quantUnits(input: unknown): number {
  if (typeof input !== 'object' || input === null) return 0;
  const candles = (input as { candles?: unknown }).candles;
  if (Array.isArray(candles)) return candles.length;
  let units = 0;
  for (const value of Object.values(input)) {
    if (!Array.isArray(value)) continue;
    if (value.length > 0 && Array.isArray(value[0])) {
      for (const row of value) units += Array.isArray(row) ? row.length : 1;
    } else units += value.length;
  }
  return units;
}

/**
 * A copy of `value` of about `maxChars` characters of JSON at most, still valid JSON (so masking
 * still reads its keys): long strings are cut, arrays and objects stop when the budget is spent
 * and say how much was left out. Walks only what it keeps, so a 50 000-candle input costs little.
 */
export function boundedCopy(value: unknown, maxChars: number): unknown {
  const budget = { left: maxChars };
  return copy(value, budget, 0);
}

const MAX_DEPTH = 10;

function copy(value: unknown, budget: { left: number }, depth: number): unknown {
  if (value === null || value === undefined) {
    budget.left -= 4;
    return null;
  }
  if (typeof value === 'string') {
    const keep = Math.max(0, Math.min(value.length, budget.left));
    budget.left -= keep + 2;
    return keep < value.length ? `${value.slice(0, keep)}…[cut ${value.length - keep} chars]` : value;
  }
  if (typeof value !== 'object') {
    budget.left -= String(value).length;
    return value;
  }
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      if (budget.left <= 0) {
        out.push(`…[${value.length - i} more items]`);
        break;
      }
      out.push(copy(value[i], budget, depth + 1));
      budget.left -= 1;
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value as Record<string, unknown>);
  for (let i = 0; i < entries.length; i++) {
    const [key, inner] = entries[i];
    if (budget.left <= 0) {
      out['…'] = `${entries.length - i} more fields`;
      break;
    }
    budget.left -= key.length + 3;
    out[key] = copy(inner, budget, depth + 1);
  }
  return out;
}
