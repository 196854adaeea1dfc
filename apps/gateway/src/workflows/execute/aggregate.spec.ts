import { aggregate, ballotOf, vote, type BatchPart } from './aggregate';

const part = (index: number, status: string, result: unknown = null): BatchPart => ({
  index,
  operation: 'task',
  status,
  id: null,
  result,
  error: null,
  links: {},
});

describe('batch aggregation', () => {
  it('a trading signal votes its action; anything else votes as a whole, keys in any order', () => {
    expect(ballotOf({ action: 'buy', confidence: 0.7 })).toBe('buy');
    const parts = [part(0, 'succeeded', { a: 1, b: 2 }), part(1, 'succeeded', { b: 2, a: 1 }), part(2, 'succeeded', 3)];
    expect(vote(parts)).toEqual({
      winner: { a: 1, b: 2 },
      votes: [
        { value: { a: 1, b: 2 }, count: 2 },
        { value: 3, count: 1 },
      ],
      agreement: 2 / 3,
      ballots: 3,
    });
  });

  it('vote: failed parts do not vote; a tie at the top has no winner and fails the batch', () => {
    const tie = [part(0, 'succeeded', { action: 'buy' }), part(1, 'succeeded', { action: 'sell' }), part(2, 'failed')];
    expect(aggregate('vote', tie)).toEqual({
      status: 'failed',
      result: expect.objectContaining({ winner: null, agreement: 0, ballots: 2 }),
    });
    const won = [...tie, part(3, 'succeeded', { action: 'sell', confidence: 0.1 })];
    expect(aggregate('vote', won)).toEqual({
      status: 'succeeded',
      result: expect.objectContaining({ winner: 'sell', agreement: 2 / 3 }),
    });
  });

  it('all: every result in order, partial when some failed, failed when none succeeded, running while any moves', () => {
    expect(aggregate('all', [part(0, 'succeeded', 1), part(1, 'succeeded', 2)])).toEqual({
      status: 'succeeded',
      result: [1, 2],
    });
    expect(aggregate('all', [part(0, 'succeeded', 1), part(1, 'timed_out')])).toEqual({
      status: 'partial',
      result: [1, null],
    });
    expect(aggregate('all', [part(0, 'failed'), part(1, 'skipped')]).status).toBe('failed');
    expect(aggregate('all', [part(0, 'succeeded', 1), part(1, 'running')]).status).toBe('running');
  });

  it('first: the first to succeed in completion order, not list order', () => {
    const parts = [part(0, 'succeeded', 'slow'), part(1, 'succeeded', 'fast'), part(2, 'running')];
    expect(aggregate('first', parts, [1, 0])).toEqual({ status: 'succeeded', result: { index: 1, value: 'fast' } });
    expect(aggregate('first', [part(0, 'failed'), part(1, 'running')], [0]).status).toBe('running');
    expect(aggregate('first', [part(0, 'failed'), part(1, 'cancelled')]).status).toBe('failed');
  });
});
