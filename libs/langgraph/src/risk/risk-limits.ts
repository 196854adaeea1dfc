import type { Breach, Exposure, RiskLimit } from './risk.types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const EXPOSURE_FIELDS = ['notional', 'positions', 'var', 'drawdown', 'concentration', 'prices'];

/**
 * An exposure as a gate's template produced it, checked: each problem names the field. A null
 * field (a template's `var` of something absent) counts as not given.
 */
export function parseExposure(raw: unknown): { exposure: Exposure; problems: string[] } {
  if (!isObj(raw)) return { exposure: {}, problems: ['exposure must be an object'] };
  const value = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null));
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (!EXPOSURE_FIELDS.includes(key)) problems.push(`exposure.${key} is not an exposure field`);
  }
  for (const key of ['notional', 'var', 'drawdown', 'concentration']) {
    if (value[key] !== undefined && !isNumber(value[key])) problems.push(`exposure.${key} must be a number`);
  }
  for (const key of ['positions', 'prices']) {
    const map = value[key];
    if (map === undefined) continue;
    if (!isObj(map) || Object.values(map).some((v) => !isNumber(v))) {
      problems.push(`exposure.${key} must map symbols to numbers`);
    }
  }
  return { exposure: value as Exposure, problems };
}

const amount = (n: number) =>
  Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : String(Math.round(n * 1e6) / 1e6);
const percent = (n: number) => `${Math.round(n * 10_000) / 100}%`;

/** The largest position's share of the gross position value, or undefined without positions. */
function concentrationOf(exposure: Exposure): number | undefined {
  if (exposure.concentration !== undefined) return exposure.concentration;
  const values = Object.values(exposure.positions ?? {}).map(Math.abs);
  const gross = values.reduce((a, b) => a + b, 0);
  return gross > 0 ? Math.max(...values) / gross : undefined;
}

/** What one limit measures in an exposure: [label, value] pairs (several for a per-symbol position limit). */
function measured(limit: RiskLimit, exposure: Exposure): [string, number | undefined][] {
  switch (limit.metric) {
    case 'notional':
      return [['notional', exposure.notional]];
    case 'var':
      return [['VaR', exposure.var]];
    case 'drawdown':
      return [['drawdown', exposure.drawdown]];
    case 'concentration':
      return [['concentration', concentrationOf(exposure)]];
    case 'position': {
      const positions = exposure.positions;
      if (!positions) return [['position', undefined]];
      if (limit.symbol) return [[`position ${limit.symbol}`, Math.abs(positions[limit.symbol] ?? 0)]];
      return Object.entries(positions).map(([symbol, value]) => [`position ${symbol}`, Math.abs(value)]);
    }
  }
}

/** `the desk equities limit 01J… (notional ≤ 1,000,000)`: how a breach names its limit. */
function nameOf(limit: RiskLimit): string {
  const owner = limit.desk ? `desk ${limit.desk}` : 'tenant';
  const fraction = limit.metric === 'drawdown' || limit.metric === 'concentration';
  const bound = fraction ? percent(limit.max) : amount(limit.max);
  const what = limit.metric === 'position' && limit.symbol ? `position ${limit.symbol}` : limit.metric;
  return `the ${owner} ${what} limit ${limit.id} (max ${bound})`;
}

/**
 * The limits an exposure exceeds. A limit the exposure gives no figure for is a breach too (a
 * gate fails closed): its `value` is null and its message says what is missing.
 */
export function evaluateLimits(limits: readonly RiskLimit[], exposure: Exposure): Breach[] {
  const breaches: Breach[] = [];
  for (const limit of limits) {
    const base = { limitId: limit.id, metric: limit.metric, desk: limit.desk, symbol: limit.symbol, max: limit.max };
    const fraction = limit.metric === 'drawdown' || limit.metric === 'concentration';
    for (const [label, value] of measured(limit, exposure)) {
      if (value === undefined) {
        const message = `${nameOf(limit)} cannot be checked: the gate's exposure has no ${label}`;
        breaches.push({ ...base, value: null, message });
      } else if (value > limit.max) {
        const shown = fraction ? percent(value) : amount(value);
        breaches.push({ ...base, value, message: `${label} ${shown} exceeds ${nameOf(limit)}` });
      }
    }
  }
  return breaches;
}

/** The largest relative move of a price against its reference, per symbol, with the symbol. */
export function largestMove(
  reference: Record<string, number>,
  current: Record<string, number>,
): { symbol: string; from: number; to: number; move: number } | null {
  let worst: { symbol: string; from: number; to: number; move: number } | null = null;
  for (const [symbol, from] of Object.entries(reference)) {
    const to = current[symbol];
    if (!isNumber(to) || from === 0) continue;
    const move = Math.abs(to / from - 1);
    if (!worst || move > worst.move) worst = { symbol, from, to, move };
  }
  return worst;
}
