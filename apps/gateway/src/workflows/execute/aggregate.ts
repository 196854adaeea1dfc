import stableStringify from 'fast-json-stable-stringify';
import { isSettled, succeeded, type OperationOutcome } from './operation-outcome';
import type { Aggregation } from './operation.dto';

export interface BatchPart extends OperationOutcome {
  index: number;
}

export interface Aggregate {
  status: 'succeeded' | 'partial' | 'failed' | 'running';
  result: unknown;
}

export interface Vote {
  winner: unknown;
  votes: { value: unknown; count: number }[];
  agreement: number;
  ballots: number;
}

/**
 * A part's ballot: a trading signal votes its `action` (so two signals agreeing on "buy" with
 * different confidences agree), any other result votes as a whole (compared as canonical JSON).
 */
export function ballotOf(result: unknown): unknown {
  if (result !== null && typeof result === 'object' && typeof (result as { action?: unknown }).action === 'string')
    return (result as { action: string }).action;
  return result;
}

/** The most common ballot among the succeeded parts; a tie at the top has no winner. */
export function vote(parts: readonly OperationOutcome[]): Vote {
  const tally = new Map<string, { value: unknown; count: number }>();
  let ballots = 0;
  for (const part of parts) {
    if (!succeeded(part)) continue;
    ballots++;
    const value = ballotOf(part.result);
    const key = stableStringify(value ?? null);
    const entry = tally.get(key) ?? { value: value ?? null, count: 0 };
    entry.count++;
    tally.set(key, entry);
  }
  const votes = [...tally.values()].sort((a, b) => b.count - a.count);
  const top = votes[0];
  const tie = votes.length > 1 && votes[1].count === top.count;
  return {
    winner: top && !tie ? top.value : null,
    votes,
    agreement: top && !tie ? top.count / ballots : 0,
    ballots,
  };
}

/**
 * The batch's status and result from its parts. `all`: every result in order, `partial` when
 * some failed; `first`: the first part to succeed (by `completed`, the order parts settled in);
 * `vote`: the winner, failed when nothing won (no successes, or a tie).
 */
export function aggregate(
  how: Aggregation,
  parts: readonly BatchPart[],
  completed: readonly number[] = parts.map((p) => p.index),
): Aggregate {
  const pending = parts.some((p) => !isSettled(p));
  const wins = parts.filter(succeeded).length;
  if (how === 'first') {
    const first = completed.map((i) => parts[i]).find((p) => p && succeeded(p));
    if (first) return { status: 'succeeded', result: { index: first.index, value: first.result } };
    return { status: pending ? 'running' : 'failed', result: null };
  }
  if (how === 'vote') {
    if (pending) return { status: 'running', result: vote(parts) };
    const result = vote(parts);
    return { status: result.winner === null ? 'failed' : 'succeeded', result };
  }
  const result = parts.map((p) => (succeeded(p) ? p.result : null));
  if (pending) return { status: 'running', result };
  if (wins === parts.length) return { status: 'succeeded', result };
  return { status: wins === 0 ? 'failed' : 'partial', result };
}
