import { discountedCashFlow, financialAnalysis, validateFinancialAnalysis } from './fundamentals';
import { QuantInputError } from './problems';

const FY23 = {
  period: 'FY2023',
  revenue: 1000,
  costOfRevenue: 600,
  operatingIncome: 150,
  netIncome: 100,
  ebitda: 200,
  totalAssets: 2000,
  totalEquity: 800,
  totalDebt: 400,
  cash: 100,
  currentAssets: 500,
  currentLiabilities: 250,
  operatingCashFlow: 180,
  capitalExpenditures: 60,
  sharesOutstanding: 100,
};
const FY24 = {
  ...FY23,
  period: 'FY2024',
  revenue: 1200,
  costOfRevenue: undefined,
  grossProfit: 480,
  operatingIncome: 204,
  netIncome: 132,
  ebitda: 260,
  totalEquity: 880,
  operatingCashFlow: 210,
  capitalExpenditures: 70,
};

describe('financialAnalysis', () => {
  const r = financialAnalysis({ symbol: 'ACME', periods: [FY23, FY24], price: 20 });

  it('margins, returns, leverage and liquidity (hand-computed)', () => {
    const [a, b] = r.periods;
    expect(a.grossMargin).toBeCloseTo(0.4, 15); // (1000 − 600)/1000
    expect(a.operatingMargin).toBeCloseTo(0.15, 15);
    expect(a.netMargin).toBeCloseTo(0.1, 15);
    expect(a.ebitdaMargin).toBeCloseTo(0.2, 15);
    expect(a.roe).toBeCloseTo(0.125, 15); // 100/800
    expect(a.roa).toBeCloseTo(0.05, 15);
    expect(a.debtToEquity).toBeCloseTo(0.5, 15);
    expect(a.currentRatio).toBeCloseTo(2, 15);
    expect(a.freeCashFlow).toBe(120);
    expect(a.eps).toBe(1);
    expect(b.grossMargin).toBeCloseTo(0.4, 15); // given grossProfit 480/1200
    expect(b.roe).toBeCloseTo(0.15, 15);
  });

  it('period-over-period growth, null for the first period', () => {
    expect(r.periods[0].growth).toEqual({ revenue: null, netIncome: null, eps: null, freeCashFlow: null });
    expect(r.periods[1].growth.revenue).toBeCloseTo(0.2, 15);
    expect(r.periods[1].growth.netIncome).toBeCloseTo(0.32, 15);
    expect(r.periods[1].growth.eps).toBeCloseTo(0.32, 15);
    expect(r.periods[1].growth.freeCashFlow).toBeCloseTo(140 / 120 - 1, 15);
    expect(r.revenueCagr).toBeCloseTo(0.2, 15);
  });

  it('valuation ratios on the latest period', () => {
    expect(r.valuation).toEqual({
      price: 20,
      marketCap: 2000,
      enterpriseValue: 2300, // 2000 + 400 − 100
      pe: expect.closeTo(20 / 1.32, 12),
      evToEbitda: expect.closeTo(2300 / 260, 12),
      fcfYield: expect.closeTo(140 / 2000, 15),
      priceToBook: expect.closeTo(2000 / 880, 12),
    });
  });

  it('growth from a negative base uses its magnitude; P/E is null for a loss', () => {
    const loss = financialAnalysis({
      periods: [
        { period: 'a', revenue: 100, netIncome: -10, sharesOutstanding: 10 },
        { period: 'b', revenue: 100, netIncome: -5, sharesOutstanding: 10 },
      ],
      price: 5,
    });
    expect(loss.periods[1].growth.netIncome).toBeCloseTo(0.5, 15);
    expect(loss.valuation?.pe).toBeNull();
    expect(loss.valuation?.evToEbitda).toBeNull();
    expect(loss.periods[1].roe).toBeNull();
  });
});

describe('discountedCashFlow', () => {
  it('hand-computed two-year forecast with Gordon terminal value', () => {
    // FCF₀ 100, g 10 %, r 10 %, gT 2 %, 2 years: FCF 110, 121; PV = 110/1.1 + 121/1.21 = 200;
    // TV = 121·1.02/0.08 = 1542.75; PV(TV) = 1542.75/1.21 = 1275; EV = 1475
    const d = discountedCashFlow(
      100,
      { discountRate: 0.1, growthRate: 0.1, terminalGrowthRate: 0.02, years: 2 },
      { totalDebt: 200, cash: 25, sharesOutstanding: 10, price: 100 },
    );
    expect(d.projectedFreeCashFlows).toEqual([expect.closeTo(110, 12), expect.closeTo(121, 12)]);
    expect(d.presentValueOfForecast).toBeCloseTo(200, 10);
    expect(d.terminalValue).toBeCloseTo(1542.75, 9);
    expect(d.presentValueOfTerminal).toBeCloseTo(1275, 9);
    expect(d.enterpriseValue).toBeCloseTo(1475, 9);
    expect(d.equityValue).toBeCloseTo(1300, 9);
    expect(d.perShare).toBeCloseTo(130, 9);
    expect(d.upside).toBeCloseTo(0.3, 12);
  });

  it('runs from financialAnalysis with default terminal growth 2 % and 5 years', () => {
    const r = financialAnalysis({ periods: [FY23, FY24], price: 20, dcf: { discountRate: 0.09, growthRate: 0.05 } });
    expect(r.dcf?.assumptions).toEqual({ discountRate: 0.09, growthRate: 0.05, terminalGrowthRate: 0.02, years: 5 });
    expect(r.dcf?.baseFreeCashFlow).toBe(140);
    expect(r.dcf?.projectedFreeCashFlows).toHaveLength(5);
  });
});

describe('validateFinancialAnalysis', () => {
  it('names bad fields', () => {
    expect(validateFinancialAnalysis({ periods: [] })[0].field).toBe('periods');
    expect(
      validateFinancialAnalysis({
        periods: [{ period: '', revenue: -1, netIncome: 'x', totalDebt: -5 }],
        price: 0,
        dcf: { discountRate: 0.02, growthRate: 0.05, terminalGrowthRate: 0.03 },
      }).map((p) => p.field),
    ).toEqual([
      'periods[0].period',
      'periods[0].revenue',
      'periods[0].netIncome',
      'periods[0].totalDebt',
      'price',
      'dcf.discountRate',
    ]);
    expect(
      validateFinancialAnalysis({
        periods: [{ period: 'a', revenue: 1, netIncome: 1 }],
        dcf: { discountRate: 0.1, growthRate: 0 },
      }),
    ).toEqual([{ field: 'periods[0].operatingCashFlow', message: expect.stringContaining('DCF') }]);
    expect(() => financialAnalysis({ periods: [] })).toThrow(QuantInputError);
  });
});
