import { resultsAgree } from './agreement';

describe('shadow agreement', () => {
  it('compares signals by direction only', () => {
    expect(resultsAgree({ action: 'buy', confidence: 0.5 }, { action: 'buy', confidence: 0.9 }, 0)).toBe(true);
    expect(resultsAgree({ action: 'buy' }, { action: 'hold' }, 1)).toBe(false);
  });

  it('compares numbers within a relative tolerance, on the fields both hold', () => {
    expect(resultsAgree({ call: { price: 4.76 } }, { call: { price: 4.8 } }, 0.01)).toBe(true);
    expect(resultsAgree({ call: { price: 4.76 } }, { call: { price: 4.9 } }, 0.01)).toBe(false);
    expect(resultsAgree({ a: 1, extra: 5 }, { a: 1, other: 'x' }, 0)).toBe(true);
    expect(resultsAgree({ label: 'positive' }, { label: 'negative' }, 1)).toBe(false);
    expect(resultsAgree([1, 2], [1, 2, 3], 1)).toBe(false);
    expect(resultsAgree(0, 0, 0)).toBe(true);
  });
});
