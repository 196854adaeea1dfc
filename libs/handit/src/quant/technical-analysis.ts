import { AssetClass, assetClassProfile, isAssetClass } from './asset-classes';
import { Candle, requireMinCandles, toSeries, validateCandles } from './candles';
import { IndicatorDefinition, IndicatorParams, getIndicator, INDICATOR_NAMES, minCandles } from './indicators/registry';
import { Series } from './indicators/series';
import { Problem, QuantInputError, isFiniteNumber } from './problems';
import type { ProgressReporter } from './progress';

/** Most indicators one request may ask for. */
export const MAX_INDICATORS_PER_REQUEST = 50;

export interface IndicatorRequest {
  name: string;
  [param: string]: unknown;
}

export interface TechnicalAnalysisInput {
  symbol?: string;
  assetClass?: AssetClass;
  candles: Candle[];
  indicators: IndicatorRequest[];
}

export interface IndicatorResult {
  name: string;
  /** Resolved parameters (defaults filled in). */
  params: IndicatorParams;
  /** One value per candle per output, null during warm-up. */
  series: Record<string, Series>;
}

export interface TechnicalAnalysisResult {
  symbol?: string;
  assetClass?: AssetClass;
  candles: number;
  indicators: IndicatorResult[];
}

/** Asset-class default for an indicator parameter, if the profile defines one. */
function assetClassDefault(assetClass: AssetClass | undefined, indicator: string, param: string): number | undefined {
  if (!assetClass) return undefined;
  const d = assetClassProfile(assetClass).defaultPeriods;
  switch (indicator) {
    case 'sma':
    case 'ema':
    case 'rsi':
    case 'atr':
    case 'adx':
      return param === 'period' ? d[indicator] : undefined;
    case 'macd':
      return (d.macd as Record<string, number>)[param];
    case 'bbands':
      return (d.bbands as Record<string, number>)[param];
    case 'stoch':
      return (d.stoch as Record<string, number>)[param];
    default:
      return undefined;
  }
}

/**
 * Resolves one indicator request: known name, known parameters within bounds, defaults filled in
 * (the asset class's default periods first, then the registry's). Problems are appended.
 */
export function resolveIndicatorRequest(
  req: unknown,
  field: string,
  assetClass: AssetClass | undefined,
  problems: Problem[],
): { def: IndicatorDefinition; params: IndicatorParams } | undefined {
  if (req === null || typeof req !== 'object' || Array.isArray(req)) {
    problems.push({ field, message: 'must be an object { name, ...params }' });
    return undefined;
  }
  const r = req as Record<string, unknown>;
  if (typeof r.name !== 'string') {
    problems.push({ field: `${field}.name`, message: 'is required (a string)' });
    return undefined;
  }
  const def = getIndicator(r.name);
  if (!def) {
    problems.push({
      field: `${field}.name`,
      message: `unknown indicator "${r.name}"; known: ${INDICATOR_NAMES.join(', ')}`,
    });
    return undefined;
  }
  const before = problems.length;
  const params: IndicatorParams = {};
  const known = new Set(def.params.map((p) => p.name));
  for (const key of Object.keys(r)) {
    if (key !== 'name' && !known.has(key)) {
      problems.push({
        field: `${field}.${key}`,
        message: `unknown parameter for ${def.name}; allowed: ${def.params.map((p) => p.name).join(', ') || 'none'}`,
      });
    }
  }
  for (const spec of def.params) {
    const f = `${field}.${spec.name}`;
    const v = r[spec.name];
    if (v === undefined || v === null) {
      params[spec.name] = assetClassDefault(assetClass, def.name, spec.name) ?? spec.default;
      continue;
    }
    if (!isFiniteNumber(v)) problems.push({ field: f, message: 'must be a finite number' });
    else if (spec.type === 'integer' && !Number.isInteger(v))
      problems.push({ field: f, message: 'must be an integer' });
    else if (v < spec.min || v > spec.max)
      problems.push({ field: f, message: `must be between ${spec.min} and ${spec.max}` });
    else params[spec.name] = v;
  }
  if (problems.length > before) return undefined;
  for (const [param, message] of def.check?.(params) ?? []) problems.push({ field: `${field}.${param}`, message });
  if (problems.length > before) return undefined;
  return { def, params };
}

function describe(def: IndicatorDefinition, params: IndicatorParams): string {
  const ps = def.params.map((p) => `${p.name}=${params[p.name]}`).join(', ');
  return `${def.name}(${ps})`;
}

/** Validates a technical_analysis input; returns the problems (empty when valid). */
export function validateTechnicalAnalysis(input: unknown): Problem[] {
  return prepare(input).problems;
}

function prepare(input: unknown): {
  problems: Problem[];
  resolved: { def: IndicatorDefinition; params: IndicatorParams }[];
} {
  const problems: Problem[] = [];
  const resolved: { def: IndicatorDefinition; params: IndicatorParams }[] = [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { problems: [{ field: 'input', message: 'must be an object' }], resolved };
  }
  const o = input as Record<string, unknown>;
  let assetClass: AssetClass | undefined;
  if (o.assetClass !== undefined) {
    if (isAssetClass(o.assetClass)) assetClass = o.assetClass;
    else problems.push({ field: 'assetClass', message: 'unknown asset class' });
  }
  if (o.symbol !== undefined && typeof o.symbol !== 'string')
    problems.push({ field: 'symbol', message: 'must be a string' });
  problems.push(...validateCandles(o.candles));
  const count = Array.isArray(o.candles) ? o.candles.length : 0;
  if (!Array.isArray(o.indicators) || o.indicators.length === 0) {
    problems.push({ field: 'indicators', message: 'must be a non-empty array of { name, ...params }' });
    return { problems, resolved };
  }
  if (o.indicators.length > MAX_INDICATORS_PER_REQUEST) {
    problems.push({ field: 'indicators', message: `at most ${MAX_INDICATORS_PER_REQUEST} indicators per request` });
    return { problems, resolved };
  }
  o.indicators.forEach((req: unknown, i: number) => {
    const field = `indicators[${i}]`;
    const r = resolveIndicatorRequest(req, field, assetClass, problems);
    if (!r) return;
    const need = minCandles(r.def, r.params);
    problems.push(
      ...requireMinCandles(
        count,
        need,
        r.def.lookbackParam ? `${field}.${r.def.lookbackParam}` : 'candles',
        `${describe(r.def, r.params)} needs at least ${need} candles`,
      ),
    );
    resolved.push(r);
  });
  return { problems, resolved };
}

/**
 * technical_analysis: computes the requested indicators, in request order. Each output series has
 * exactly one value per candle, null during warm-up. Throws {@link QuantInputError} on bad input.
 * `progress` hears the validation (a tenth of the work) and each indicator as it is computed.
 */
export function technicalAnalysis(input: TechnicalAnalysisInput, progress?: ProgressReporter): TechnicalAnalysisResult {
  const { problems, resolved } = prepare(input);
  if (problems.length > 0) throw new QuantInputError(problems);
  const series = toSeries(input.candles);
  progress?.({ fraction: 0.1, message: `validated ${input.candles.length} candles` });
  const indicators = resolved.map(({ def, params }, i) => {
    const computed = { name: def.name, params, series: def.compute(series, params) };
    progress?.({
      fraction: 0.1 + (0.9 * (i + 1)) / resolved.length,
      message: `computed ${describe(def, params)} (${i + 1}/${resolved.length})`,
    });
    return computed;
  });
  return {
    ...(input.symbol !== undefined ? { symbol: input.symbol } : {}),
    ...(input.assetClass !== undefined ? { assetClass: input.assetClass } : {}),
    candles: input.candles.length,
    indicators,
  };
}
