import { aggregateSignals, pearson, scoreSignal, spearman } from './signal-outcome';

describe('signal outcome scoring', () => {
  it('scores a buy that was right, a sell that was wrong, and a hold', () => {
    expect(scoreSignal({ action: 'buy', confidence: 0.5 }, 100, [101, 102, 104], 3)).toEqual({
      direction: 1,
      confidence: 0.5,
      forwardReturn: expect.closeTo(0.04, 12),
      hit: 1,
      signalReturn: expect.closeTo(0.04, 12),
      returnPerConfidence: expect.closeTo(0.08, 12),
    });
    expect(scoreSignal({ action: 'sell', confidence: 0.8 }, 100, [103], 1)).toMatchObject({
      hit: 0,
      signalReturn: expect.closeTo(-0.03, 12),
    });
    expect(scoreSignal({ action: 'hold', confidence: 0 }, 100, [90], 1)).toMatchObject({
      hit: null,
      signalReturn: -0,
      returnPerConfidence: null,
    });
    expect(scoreSignal({ action: 'buy', confidence: 1 }, 100, [101], 5)).toBeNull(); // horizon beyond the data
  });

  it('Spearman is the Pearson correlation of ranks (ties averaged), as scipy.stats.spearmanr', () => {
    // scipy.stats.spearmanr([1,2,3,4,5],[5,6,7,8,7]) -> 0.8207826816681233
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 12);
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 1, 1], [2, 4, 6])).toBeNull();
  });

  it('aggregates hit rate and average return over directional signals, IC over all', () => {
    const outcomes = [
      scoreSignal({ action: 'buy', confidence: 0.9 }, 100, [105], 1)!,
      scoreSignal({ action: 'sell', confidence: 0.6 }, 100, [98], 1)!,
      scoreSignal({ action: 'buy', confidence: 0.3 }, 100, [99], 1)!,
      scoreSignal({ action: 'hold', confidence: 0 }, 100, [100.5], 1)!,
    ];
    const agg = aggregateSignals(outcomes);
    expect(agg).toMatchObject({ signals: 4, directional: 3, hitRate: 2 / 3 });
    expect(agg.averageReturn).toBeCloseTo((0.05 + 0.02 - 0.01) / 3, 12);
    // forecasts 0.9, -0.6, 0.3, 0 vs returns .05, -.02, -.01, .005 → ranks [4,1,3,2] vs [4,1,2,3]: rho 0.8
    expect(agg.informationCoefficient).toBeCloseTo(0.8, 12);
  });
});
