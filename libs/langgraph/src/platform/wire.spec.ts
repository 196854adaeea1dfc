import { AIMessage } from '@langchain/core/messages';
import { checkpointOf } from './stream-run';
import { matchesFilter } from './tenant-store';
import { toWire } from './wire';

describe('toWire: stream chunks as the LangGraph API serialises them', () => {
  it('writes messages as { ...data, type }, dates as ISO text, and drops functions and signals', () => {
    const chunk = {
      messages: [new AIMessage({ content: 'Booked 10 EURUSD.', id: 'm1' })],
      at: new Date('2026-12-05T03:00:00.000Z'),
      fn: () => 1,
      signal: new AbortController().signal,
    };
    const wired = toWire(chunk) as any;
    expect(wired.messages[0]).toMatchObject({ type: 'ai', content: 'Booked 10 EURUSD.', id: 'm1' });
    expect(wired.at).toBe('2026-12-05T03:00:00.000Z');
    expect(wired).not.toHaveProperty('fn');
    expect(wired).not.toHaveProperty('signal');
  });

  it('drops a cycle but keeps a value repeated elsewhere in the chunk', () => {
    const shared = { symbol: 'EURUSD' };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    expect(toWire(cyclic)).toEqual({ a: { symbol: 'EURUSD' }, b: { symbol: 'EURUSD' } });
  });
});

describe('checkpointOf', () => {
  it('names a config’s checkpoint the API’s way, or null without one', () => {
    expect(checkpointOf({ configurable: { thread_id: 't', checkpoint_id: 'c', checkpoint_ns: '' } })).toEqual({
      thread_id: 't',
      checkpoint_ns: '',
      checkpoint_id: 'c',
      checkpoint_map: null,
    });
    expect(checkpointOf({ configurable: { thread_id: 't' } })).toBeNull();
    expect(checkpointOf(undefined)).toBeNull();
  });
});

describe('matchesFilter: store search filters', () => {
  const value = { EURUSD: 100, desk: { name: 'fx' } };
  it('matches equality, comparison operators and dotted paths', () => {
    expect(matchesFilter(value, { EURUSD: 100 })).toBe(true);
    expect(matchesFilter(value, { EURUSD: { $gt: 50, $lte: 100 } })).toBe(true);
    expect(matchesFilter(value, { EURUSD: { $lt: 100 } })).toBe(false);
    expect(matchesFilter(value, { 'desk.name': 'fx' })).toBe(true);
    expect(matchesFilter(value, { desk: { $ne: { name: 'fx' } } })).toBe(false);
    expect(matchesFilter(value, undefined)).toBe(true);
  });
});
