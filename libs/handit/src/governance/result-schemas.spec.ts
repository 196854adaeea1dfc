import { QUANT_TASK_ENGINES, QUANT_TASK_TYPES } from '../quant';
import { TASK_TYPE_CATALOG } from '../tasks/task-catalog';
import { resultProblems } from './result-schemas';

describe('result schemas', () => {
  it('accept what every built-in engine computes on its catalogue example', () => {
    for (const type of QUANT_TASK_TYPES) {
      const example = TASK_TYPE_CATALOG.find((t) => t.type === type)!.example;
      expect({ type, problems: resultProblems(type, QUANT_TASK_ENGINES[type].run(example)) }).toEqual({
        type,
        problems: [],
      });
    }
    expect(
      resultProblems('market_commentary', { text: 'Momentum is positive.', model: 'm', finishReason: 'stop' }),
    ).toEqual([]);
  });

  it('name each offending field of a broken answer', () => {
    expect(
      resultProblems('trading_signal', { action: 'maybe', confidence: 2, score: 1, reasons: [], entry: 1 }),
    ).toEqual(['result.action: must be equal to one of the allowed values', 'result.confidence: must be <= 1']);
    expect(resultProblems('options_pricing', { call: { price: 'high' } })).toEqual([
      'result.put: is required',
      'result.call.price: must be number',
    ]);
  });
});
