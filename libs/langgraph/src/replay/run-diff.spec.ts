import { compareValues } from './run-diff';

const options = { tolerance: 1e-9, ignoredKeys: new Set(['taskId']), maxDifferences: 2 };

describe('compareValues', () => {
  it('finds equal values equal, ignoring the keys that name each run’s own tasks', () => {
    const a = { taskId: 'A', result: { rsi: [null, 51.2], action: 'buy' } };
    const b = { taskId: 'B', result: { rsi: [null, 51.2], action: 'buy' } };
    expect(compareValues(a, b, options)).toEqual({
      verdict: 'equal',
      differences: [],
      truncated: false,
      maxAbsDelta: 0,
    });
  });

  it('keeps numbers apart by rounding within tolerance, and names the path', () => {
    const r = compareValues({ x: [1, 0.1 + 0.2] }, { x: [1, 0.3] }, options);
    expect(r.verdict).toBe('within_tolerance');
    expect(r.differences).toEqual([{ path: 'x[1]', verdict: 'within_tolerance', original: 0.1 + 0.2, replay: 0.3 }]);
  });

  it('reports real differences with their paths, absent keys included, and bounds the list', () => {
    const r = compareValues(
      { signal: { action: 'buy', score: 2 }, extra: 1, n: [1, 2, 3] },
      { signal: { action: 'hold', score: 0 }, n: [1, 2] },
      options,
    );
    expect(r.verdict).toBe('different');
    expect(r.differences).toEqual([
      { path: 'signal.action', verdict: 'different', original: 'buy', replay: 'hold' },
      { path: 'signal.score', verdict: 'different', original: 2, replay: 0 },
    ]);
    expect(r.truncated).toBe(true);
    expect(r.maxAbsDelta).toBe(2);
  });
});
