export const SIGNAL_ACTIONS = ['buy', 'sell', 'hold'] as const;
export type SignalAction = (typeof SIGNAL_ACTIONS)[number];

export interface Ballot {
  agentId: string;
  agentName: string;
  action: SignalAction;
  confidence: number | null;
  /** The agent's health score when the run started, / 100. */
  weight: number;
}

export interface ConsensusResult {
  action: SignalAction;
  /** Weight behind the chosen action / total weight, 0..1. */
  agreement: number;
  unanimous: boolean;
  /** True when the top actions tied: the result is then `hold`. */
  tie: boolean;
  weights: Record<SignalAction, number>;
  votes: Record<SignalAction, number>;
  voters: Ballot[];
  dissenters: { agentId: string; agentName: string; action: SignalAction; weight: number }[];
}

/**
 * Health-weighted vote: each agent's action counts with its health score / 100. The action with
 * the most weight wins; a tie at the top is `hold` (a split panel is no reason to trade). If every
 * voter weighs 0 the vote falls back to one agent, one vote.
 */
export function healthWeightedVote(ballots: readonly Ballot[]): ConsensusResult {
  if (!ballots.length) throw new Error('a vote needs at least one ballot');
  const equal = ballots.every((b) => b.weight <= 0);
  const weightOf = (b: Ballot) => (equal ? 1 : Math.max(0, b.weight));
  const weights: Record<SignalAction, number> = { buy: 0, sell: 0, hold: 0 };
  const votes: Record<SignalAction, number> = { buy: 0, sell: 0, hold: 0 };
  for (const b of ballots) {
    weights[b.action] += weightOf(b);
    votes[b.action]++;
  }
  const total = SIGNAL_ACTIONS.reduce((sum, a) => sum + weights[a], 0);
  const top = Math.max(...SIGNAL_ACTIONS.map((a) => weights[a]));
  const leaders = SIGNAL_ACTIONS.filter((a) => Math.abs(weights[a] - top) < 1e-9);
  const tie = leaders.length > 1;
  const action: SignalAction = tie ? 'hold' : leaders[0];
  return {
    action,
    agreement: total > 0 ? round(weights[action] / total) : 0,
    unanimous: ballots.every((b) => b.action === action),
    tie,
    weights: { buy: round(weights.buy), sell: round(weights.sell), hold: round(weights.hold) },
    votes,
    voters: [...ballots],
    dissenters: ballots
      .filter((b) => b.action !== action)
      .map((b) => ({ agentId: b.agentId, agentName: b.agentName, action: b.action, weight: round(weightOf(b)) })),
  };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
