import { Ballot, healthWeightedVote } from './consensus-vote';

const ballot = (agentId: string, action: Ballot['action'], weight: number): Ballot => ({
  agentId,
  agentName: agentId,
  action,
  confidence: 0.6,
  weight,
});

describe('healthWeightedVote', () => {
  it('lets two healthy agents outvote a heavier-by-count but sick majority', () => {
    const result = healthWeightedVote([
      ballot('a', 'buy', 1),
      ballot('b', 'buy', 0.9),
      ballot('c', 'sell', 0.5),
      ballot('d', 'sell', 0.4),
      ballot('e', 'sell', 0.45),
    ]);
    expect(result.action).toBe('buy');
    expect(result.weights).toEqual({ buy: 1.9, sell: 1.35, hold: 0 });
    expect(result.agreement).toBeCloseTo(1.9 / 3.25, 4);
    expect(result.dissenters.map((d) => d.agentId)).toEqual(['c', 'd', 'e']);
    expect(result.unanimous).toBe(false);
  });

  it('a tie at the top is hold', () => {
    const result = healthWeightedVote([ballot('a', 'buy', 0.8), ballot('b', 'sell', 0.8)]);
    expect(result).toMatchObject({ action: 'hold', tie: true, agreement: 0 });
    expect(result.dissenters).toHaveLength(2);
  });

  it('unanimity and the equal-weight fallback', () => {
    expect(healthWeightedVote([ballot('a', 'sell', 0.7), ballot('b', 'sell', 0.2)])).toMatchObject({
      action: 'sell',
      agreement: 1,
      unanimous: true,
      dissenters: [],
    });
    expect(healthWeightedVote([ballot('a', 'buy', 0), ballot('b', 'buy', 0), ballot('c', 'hold', 0)])).toMatchObject({
      action: 'buy',
      agreement: 0.6667,
    });
  });
});
