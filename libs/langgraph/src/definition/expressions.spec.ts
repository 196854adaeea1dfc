import { checkTemplate, evaluate, isExpression, resolveTemplate, truthy } from './expressions';

describe('workflow expressions (JSON Logic)', () => {
  const data = { input: { symbol: 'AAPL', qty: 3 }, outputs: { signal: { result: { action: 'buy', score: 2 } } } };

  it('resolves templates: expressions evaluated, objects and arrays walked, the rest literal', () => {
    expect(
      resolveTemplate(
        { s: { var: 'input.symbol' }, n: [{ '*': [{ var: 'input.qty' }, 2] }, 'x'], k: { name: 'rsi', period: 14 } },
        data,
      ),
    ).toEqual({ s: 'AAPL', n: [6, 'x'], k: { name: 'rsi', period: 14 } });
    expect(evaluate({ if: [{ '==': [{ var: 'outputs.signal.result.action' }, 'buy'] }, 'go', 'stop'] }, data)).toBe(
      'go',
    );
    expect(truthy([])).toBe(false);
    expect(isExpression({ var: 'x' })).toBe(true);
    expect(isExpression({ name: 'rsi' })).toBe(false);
  });

  it('flags unsupported operators and prototype paths with their place', () => {
    expect(checkTemplate({ a: { method: ['x', 'y'] } }, 'output')).toEqual([
      { field: 'output.a.method', message: expect.stringContaining('not a supported JSON Logic operator') },
    ]);
    expect(checkTemplate({ var: 'input.constructor.name' }, 'when')).toEqual([
      { field: 'when.var', message: 'path "input.constructor.name" is not allowed' },
    ]);
    expect(checkTemplate({ if: [{ '>': [{ var: 'x' }, 1] }, { log: 1 }, 0] }, 'w')).toEqual([
      { field: 'w.if[1].log', message: expect.any(String) },
    ]);
    expect(checkTemplate({ '==': [1, 1] }, 'w')).toEqual([]);
  });
});
