import { Problem, QuantInputError, checkFiniteNumber, inputFields, notAnObject } from './problems';

/**
 * financial_analysis: ratios, growth and valuation from reported fundamentals.
 * Periods are given oldest first. A ratio is null when an input it needs is missing or its
 * denominator is 0; P/E is null for EPS ≤ 0 and EV/EBITDA for EBITDA ≤ 0 (not meaningful).
 *   grossMargin = grossProfit / revenue (grossProfit = revenue − costOfRevenue when not given)
 *   operatingMargin = operatingIncome / revenue; netMargin = netIncome / revenue;
 *   ebitdaMargin = ebitda / revenue
 *   roe = netIncome / totalEquity (end of period); roa = netIncome / totalAssets (end of period)
 *   debtToEquity = totalDebt / totalEquity; currentRatio = currentAssets / currentLiabilities
 *   freeCashFlow = operatingCashFlow − capitalExpenditures (capex as a positive amount spent)
 *   eps = netIncome / sharesOutstanding
 *   growth (period over period) = (x − previous) / |previous|, null when previous is 0 or missing
 *   revenueCagr = (last / first)^(1/(periods − 1)) − 1 per period, when both are positive
 * Valuation on the latest period and `price`:
 *   marketCap = price × sharesOutstanding; enterpriseValue = marketCap + totalDebt − cash;
 *   pe = price / eps; evToEbitda = EV / ebitda; fcfYield = freeCashFlow / marketCap;
 *   priceToBook = marketCap / totalEquity.
 * DCF (stated assumptions): FCFₜ = FCF₀·(1 + growthRate)ᵗ for t = 1…years (FCF₀ = latest free cash
 * flow); terminal value = FCF_years·(1 + terminalGrowthRate) / (discountRate − terminalGrowthRate)
 * (Gordon growth, requires discountRate > terminalGrowthRate); enterprise value = Σ FCFₜ/(1 + r)ᵗ +
 * TV/(1 + r)^years; equity value = EV − totalDebt + cash; per share = equity / sharesOutstanding.
 */
export interface FinancialPeriod {
  period: string;
  revenue: number;
  costOfRevenue?: number;
  grossProfit?: number;
  operatingIncome?: number;
  netIncome: number;
  ebitda?: number;
  totalAssets?: number;
  totalEquity?: number;
  totalDebt?: number;
  cash?: number;
  currentAssets?: number;
  currentLiabilities?: number;
  operatingCashFlow?: number;
  capitalExpenditures?: number;
  sharesOutstanding?: number;
}

export interface DcfAssumptions {
  /** Discount rate (WACC), annual fraction. */
  discountRate: number;
  /** FCF growth during the explicit forecast, annual fraction. */
  growthRate: number;
  /** Perpetual growth after the forecast. Default 0.02. */
  terminalGrowthRate?: number;
  /** Forecast years. Default 5. */
  years?: number;
}

export interface FinancialAnalysisInput {
  symbol?: string;
  periods: FinancialPeriod[];
  /** Share price, for the valuation ratios. */
  price?: number;
  dcf?: DcfAssumptions;
}

export interface PeriodRatios {
  period: string;
  grossMargin: number | null;
  operatingMargin: number | null;
  netMargin: number | null;
  ebitdaMargin: number | null;
  roe: number | null;
  roa: number | null;
  debtToEquity: number | null;
  currentRatio: number | null;
  freeCashFlow: number | null;
  eps: number | null;
  growth: {
    revenue: number | null;
    netIncome: number | null;
    eps: number | null;
    freeCashFlow: number | null;
  };
}

export interface DcfResult {
  assumptions: Required<DcfAssumptions>;
  baseFreeCashFlow: number;
  projectedFreeCashFlows: number[];
  presentValueOfForecast: number;
  terminalValue: number;
  presentValueOfTerminal: number;
  enterpriseValue: number;
  equityValue: number;
  perShare: number | null;
  upside: number | null;
}

export interface FinancialAnalysisResult {
  symbol?: string;
  periods: PeriodRatios[];
  revenueCagr: number | null;
  valuation: {
    price: number;
    marketCap: number | null;
    enterpriseValue: number | null;
    pe: number | null;
    evToEbitda: number | null;
    fcfYield: number | null;
    priceToBook: number | null;
  } | null;
  dcf: DcfResult | null;
}

const ratio = (a: number | undefined | null, b: number | undefined | null): number | null =>
  a === undefined || a === null || b === undefined || b === null || b === 0 ? null : a / b;

const growth = (x: number | null | undefined, prev: number | null | undefined): number | null =>
  x === null || x === undefined || prev === null || prev === undefined || prev === 0
    ? null
    : (x - prev) / Math.abs(prev);

const OPTIONAL_FIELDS = [
  'costOfRevenue',
  'grossProfit',
  'operatingIncome',
  'ebitda',
  'totalAssets',
  'totalEquity',
  'totalDebt',
  'cash',
  'currentAssets',
  'currentLiabilities',
  'operatingCashFlow',
  'capitalExpenditures',
  'sharesOutstanding',
] as const;

export function validateFinancialAnalysis(input: unknown): Problem[] {
  const o = inputFields(input);
  if (!o) return notAnObject();
  const problems: Problem[] = [];
  if (!Array.isArray(o.periods) || o.periods.length === 0 || o.periods.length > 200) {
    problems.push({ field: 'periods', message: 'must be an array of 1 to 200 periods, oldest first' });
  } else {
    o.periods.forEach((p: unknown, i: number) => {
      const f = `periods[${i}]`;
      if (p === null || typeof p !== 'object' || Array.isArray(p)) {
        problems.push({ field: f, message: 'must be an object' });
        return;
      }
      const x = p as Record<string, unknown>;
      if (typeof x.period !== 'string' || x.period === '')
        problems.push({ field: `${f}.period`, message: 'is required (a label such as "FY2024")' });
      checkFiniteNumber(problems, x.revenue, `${f}.revenue`, { min: 0 });
      checkFiniteNumber(problems, x.netIncome, `${f}.netIncome`);
      for (const k of OPTIONAL_FIELDS) checkFiniteNumber(problems, x[k], `${f}.${k}`, { optional: true });
      for (const k of [
        'sharesOutstanding',
        'totalAssets',
        'currentLiabilities',
        'capitalExpenditures',
        'totalDebt',
        'cash',
      ] as const) {
        if (typeof x[k] === 'number' && (x[k] as number) < 0)
          problems.push({ field: `${f}.${k}`, message: 'must not be negative' });
      }
    });
  }
  checkFiniteNumber(problems, o.price, 'price', { optional: true, min: 0, exclusiveMin: true });
  if (o.dcf !== undefined) {
    if (o.dcf === null || typeof o.dcf !== 'object' || Array.isArray(o.dcf))
      problems.push({ field: 'dcf', message: 'must be an object' });
    else {
      const d = o.dcf as Record<string, unknown>;
      checkFiniteNumber(problems, d.discountRate, 'dcf.discountRate', { min: -0.5, max: 1 });
      checkFiniteNumber(problems, d.growthRate, 'dcf.growthRate', { min: -1, max: 5 });
      checkFiniteNumber(problems, d.terminalGrowthRate, 'dcf.terminalGrowthRate', {
        optional: true,
        min: -0.5,
        max: 0.5,
      });
      checkFiniteNumber(problems, d.years, 'dcf.years', { optional: true, integer: true, min: 1, max: 50 });
      const r = d.discountRate as number;
      const g = (d.terminalGrowthRate as number | undefined) ?? 0.02;
      if (typeof r === 'number' && typeof g === 'number' && Number.isFinite(r) && Number.isFinite(g) && r <= g) {
        problems.push({ field: 'dcf.discountRate', message: `must exceed the terminal growth rate (${g})` });
      }
      if (problems.length === 0 && Array.isArray(o.periods)) {
        const last = o.periods[o.periods.length - 1] as Record<string, unknown>;
        if (last.operatingCashFlow === undefined || last.capitalExpenditures === undefined) {
          problems.push({
            field: `periods[${o.periods.length - 1}].operatingCashFlow`,
            message: 'the DCF needs operatingCashFlow and capitalExpenditures in the latest period',
          });
        }
      }
    }
  }
  return problems;
}

function periodRatios(
  p: FinancialPeriod,
  prev: PeriodRatios | undefined,
  prevP: FinancialPeriod | undefined,
): PeriodRatios {
  const gross = p.grossProfit ?? (p.costOfRevenue !== undefined ? p.revenue - p.costOfRevenue : undefined);
  const fcf =
    p.operatingCashFlow !== undefined && p.capitalExpenditures !== undefined
      ? p.operatingCashFlow - p.capitalExpenditures
      : null;
  const eps = ratio(p.netIncome, p.sharesOutstanding);
  return {
    period: p.period,
    grossMargin: ratio(gross, p.revenue),
    operatingMargin: ratio(p.operatingIncome, p.revenue),
    netMargin: ratio(p.netIncome, p.revenue),
    ebitdaMargin: ratio(p.ebitda, p.revenue),
    roe: ratio(p.netIncome, p.totalEquity),
    roa: ratio(p.netIncome, p.totalAssets),
    debtToEquity: ratio(p.totalDebt, p.totalEquity),
    currentRatio: ratio(p.currentAssets, p.currentLiabilities),
    freeCashFlow: fcf,
    eps,
    growth: {
      revenue: growth(p.revenue, prevP?.revenue),
      netIncome: growth(p.netIncome, prevP?.netIncome),
      eps: growth(eps, prev?.eps),
      freeCashFlow: growth(fcf, prev?.freeCashFlow),
    },
  };
}

/** Discounted cash flow valuation with the stated assumptions. */
export function discountedCashFlow(
  baseFcf: number,
  a: DcfAssumptions,
  balance: { totalDebt?: number; cash?: number; sharesOutstanding?: number; price?: number },
): DcfResult {
  const assumptions: Required<DcfAssumptions> = {
    discountRate: a.discountRate,
    growthRate: a.growthRate,
    terminalGrowthRate: a.terminalGrowthRate ?? 0.02,
    years: a.years ?? 5,
  };
  const { discountRate: r, growthRate: g, terminalGrowthRate: gt, years: n } = assumptions;
  const projected: number[] = [];
  let pv = 0;
  for (let t = 1; t <= n; t++) {
    const f = baseFcf * (1 + g) ** t;
    projected.push(f);
    pv += f / (1 + r) ** t;
  }
  const tv = (projected[n - 1] * (1 + gt)) / (r - gt);
  const pvTv = tv / (1 + r) ** n;
  const ev = pv + pvTv;
  const equity = ev - (balance.totalDebt ?? 0) + (balance.cash ?? 0);
  const perShare = balance.sharesOutstanding ? equity / balance.sharesOutstanding : null;
  return {
    assumptions,
    baseFreeCashFlow: baseFcf,
    projectedFreeCashFlows: projected,
    presentValueOfForecast: pv,
    terminalValue: tv,
    presentValueOfTerminal: pvTv,
    enterpriseValue: ev,
    equityValue: equity,
    perShare,
    upside: perShare !== null && balance.price ? perShare / balance.price - 1 : null,
  };
}

/** financial_analysis: see the definitions above. Throws {@link QuantInputError} on bad input. */
export function financialAnalysis(input: FinancialAnalysisInput): FinancialAnalysisResult {
  const problems = validateFinancialAnalysis(input);
  if (problems.length > 0) throw new QuantInputError(problems);
  const out: PeriodRatios[] = [];
  input.periods.forEach((p, i) => out.push(periodRatios(p, out[i - 1], input.periods[i - 1])));
  const first = input.periods[0];
  const last = input.periods[input.periods.length - 1];
  const lastR = out[out.length - 1];
  const n = input.periods.length;
  const revenueCagr =
    n > 1 && first.revenue > 0 && last.revenue > 0 ? (last.revenue / first.revenue) ** (1 / (n - 1)) - 1 : null;
  let valuation: FinancialAnalysisResult['valuation'] = null;
  if (input.price !== undefined) {
    const marketCap = last.sharesOutstanding ? input.price * last.sharesOutstanding : null;
    const ev = marketCap === null ? null : marketCap + (last.totalDebt ?? 0) - (last.cash ?? 0);
    valuation = {
      price: input.price,
      marketCap,
      enterpriseValue: ev,
      pe: lastR.eps !== null && lastR.eps > 0 ? input.price / lastR.eps : null,
      evToEbitda: ev !== null && last.ebitda !== undefined && last.ebitda > 0 ? ev / last.ebitda : null,
      fcfYield: ratio(lastR.freeCashFlow, marketCap),
      priceToBook: ratio(marketCap, last.totalEquity),
    };
  }
  const dcf = input.dcf
    ? discountedCashFlow(lastR.freeCashFlow as number, input.dcf, { ...last, price: input.price })
    : null;
  return { ...(input.symbol !== undefined ? { symbol: input.symbol } : {}), periods: out, revenueCagr, valuation, dcf };
}
