import * as quant from './index';
import { randomCandles } from './testing/fixtures';

describe('quant public surface', () => {
  it('dispatches every task type through validate/run', () => {
    expect(quant.QUANT_TASK_TYPES.sort()).toEqual(
      [
        'bond_analysis',
        'financial_analysis',
        'options_pricing',
        'portfolio_risk',
        'risk_assessment',
        'sentiment_analysis',
        'technical_analysis',
        'trading_signal',
      ].sort(),
    );
    const e = quant.QUANT_TASK_ENGINES;
    expect(e.bond_analysis.validate({ couponRate: 0.06, frequency: 1, maturityYears: 5, yield: 0.06 })).toEqual([]);
    expect(
      (
        e.bond_analysis.run({
          couponRate: 0.06,
          frequency: 1,
          maturityYears: 5,
          yield: 0.06,
        }) as quant.BondAnalysisResult
      ).price,
    ).toBeCloseTo(100, 10);
    expect(
      (
        e.technical_analysis.run({
          candles: randomCandles(30),
          indicators: [{ name: 'obv' }],
        }) as quant.TechnicalAnalysisResult
      ).indicators[0].series.value[0],
    ).toBe(0);
    expect(e.risk_assessment.validate({ returns: [0.1] })[0].field).toBe('returns');
    expect(() => e.options_pricing.run({})).toThrow(quant.QuantInputError);
  });

  it('exports the indicator functions and the registry', () => {
    expect(quant.sma([1, 2, 3], 2)).toEqual([null, 1.5, 2.5]);
    expect(quant.INDICATOR_NAMES).toContain('mfi');
    expect(quant.normInv(0.975)).toBeCloseTo(1.959963984540054, 12);
  });
});
