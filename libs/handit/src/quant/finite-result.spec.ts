import { findNonFinite } from './finite-result';

describe('findNonFinite', () => {
  it('finds nothing in a result of finite numbers and warm-up nulls', () => {
    const result = { indicators: [{ series: { value: [null, null, 1.5, 2] } }], score: 0 };
    expect(findNonFinite(result)).toEqual({ count: 0, outputs: [], examples: [] });
  });

  it('names each affected output once and the first exact paths', () => {
    const result = {
      indicators: [
        { name: 'sma', series: { value: [null, 1, Infinity, Infinity] } },
        { name: 'macd', series: { macd: [NaN], signal: [1] } },
      ],
      reasons: [{ value: 2 }, { value: -Infinity }],
      score: NaN,
    };
    expect(findNonFinite(result)).toEqual({
      count: 5,
      outputs: ['indicators[0].series.value', 'indicators[1].series.macd', 'reasons[1].value', 'score'],
      examples: [
        'indicators[0].series.value[2]',
        'indicators[0].series.value[3]',
        'indicators[1].series.macd[0]',
        'reasons[1].value',
        'score',
      ],
    });
  });

  it('reports a bare non-finite result', () => {
    expect(findNonFinite(Infinity)).toEqual({ count: 1, outputs: ['(result)'], examples: ['(result)'] });
  });
});
