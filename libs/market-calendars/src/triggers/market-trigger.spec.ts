import { MarketCalendar } from '../sessions/market-calendar';
import { VENUES } from '../venues/venue-catalog';
import { nextMarketFire, parseTriggerAt, parseTriggerEvery, validateMarketTrigger } from './market-trigger';
import type { MarketTrigger } from './market-trigger.types';

const utc = (s: string) => new Date(s);
const every = (calendar: string, period: string) => ({ calendar, every: period, during: 'session' }) as const;

/** Every firing of a trigger strictly after `from` and before `to`, as ISO strings. */
function firings(trigger: MarketTrigger, from: string, to: string): string[] {
  const calendar = new MarketCalendar(VENUES[trigger.calendar as keyof typeof VENUES]);
  const out: string[] = [];
  let at = nextMarketFire(calendar, trigger, utc(from));
  while (at && at < utc(to)) {
    out.push(at.toISOString());
    at = nextMarketFire(calendar, trigger, at);
  }
  return out;
}

describe('XNYS open-30m', () => {
  const trigger = { calendar: 'XNYS', at: 'open-30m' };

  it('fires at 09:00 New York time across the March DST change (14:00Z, then 13:00Z)', () => {
    expect(firings(trigger, '2026-03-04T00:00:00Z', '2026-03-11T00:00:00Z')).toEqual([
      '2026-03-04T14:00:00.000Z',
      '2026-03-05T14:00:00.000Z',
      '2026-03-06T14:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
      '2026-03-10T13:00:00.000Z',
    ]);
  });

  it('skips the Martin Luther King Day holiday, and fires strictly after the given instant', () => {
    expect(firings(trigger, '2026-01-16T14:00:00Z', '2026-01-22T00:00:00Z')).toEqual([
      '2026-01-20T14:00:00.000Z',
      '2026-01-21T14:00:00.000Z',
    ]);
  });

  it('fires before the open of a half day (the open is unchanged) and skips Thanksgiving', () => {
    expect(firings(trigger, '2026-11-25T00:00:00Z', '2026-11-28T00:00:00Z')).toEqual([
      '2026-11-25T14:00:00.000Z',
      '2026-11-27T14:00:00.000Z',
    ]);
  });
});

describe('close triggers follow early closes', () => {
  it('XNYS close fires at 13:00 on the day after Thanksgiving and on Christmas Eve', () => {
    expect(firings({ calendar: 'XNYS', at: 'close' }, '2026-11-26T00:00:00Z', '2026-12-01T00:00:00Z')).toEqual([
      '2026-11-27T18:00:00.000Z',
      '2026-11-30T21:00:00.000Z',
    ]);
    expect(firings({ calendar: 'XNYS', at: 'close+15m' }, '2026-12-23T00:00:00Z', '2026-12-29T00:00:00Z')).toEqual([
      '2026-12-23T21:15:00.000Z',
      '2026-12-24T18:15:00.000Z',
      '2026-12-28T21:15:00.000Z',
    ]);
  });
});

describe('every 5m during session', () => {
  it('fires only while XNYS trades: 09:30 … 15:55, then the next trading day', () => {
    const fired = firings(every('XNYS', '5m'), '2026-07-02T00:00:00Z', '2026-07-07T00:00:00Z');
    // Thursday 2 July (78 firings), Friday 3 July is a holiday, then Monday 6 July.
    expect(fired).toHaveLength(78 * 2);
    expect(fired[0]).toBe('2026-07-02T13:30:00.000Z');
    expect(fired[77]).toBe('2026-07-02T19:55:00.000Z');
    expect(fired[78]).toBe('2026-07-06T13:30:00.000Z');
  });

  it('respects the Tokyo lunch break: 11:25 is followed by 12:30', () => {
    const fired = firings(every('XTKS', '5m'), '2026-06-01T02:20:00Z', '2026-06-01T03:40:00Z');
    expect(fired).toEqual(['2026-06-01T02:25:00.000Z', '2026-06-01T03:30:00.000Z', '2026-06-01T03:35:00.000Z']);
  });

  it('respects the Hong Kong lunch break and its half days', () => {
    const trigger = every('XHKG', '5m');
    const hk = new MarketCalendar(VENUES.XHKG);
    const day = firings(trigger, '2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z');
    expect(day).toHaveLength(30 + 36);
    expect(day.every((at) => hk.isOpen(utc(at)))).toBe(true);
    expect(day).not.toContain('2026-06-01T04:00:00.000Z');
    // Christmas Eve is a morning-only half day; Christmas and the weekend follow; Monday 28 December opens 09:30.
    expect(nextMarketFire(hk, trigger, utc('2026-12-24T03:55:00Z'))).toEqual(utc('2026-12-28T01:30:00Z'));
  });

  it('CME equity: halts at 12:00 CT on Martin Luther King Day and resumes at 17:00 CT', () => {
    expect(firings(every('CME-EQUITY', '1h'), '2026-01-19T16:30:00Z', '2026-01-20T00:30:00Z')).toEqual([
      '2026-01-19T17:00:00.000Z',
      '2026-01-19T23:00:00.000Z',
      '2026-01-20T00:00:00.000Z',
    ]);
  });

  it('FX fires through the week and not at the weekend; crypto every day', () => {
    const fx = firings(every('FX', '1h'), '2026-06-12T19:30:00Z', '2026-06-14T22:30:00Z');
    expect(fx).toEqual(['2026-06-12T20:00:00.000Z', '2026-06-14T21:00:00.000Z', '2026-06-14T22:00:00.000Z']);
    const crypto = firings(every('CRYPTO', '1h'), '2026-12-24T23:30:00Z', '2026-12-25T02:30:00Z');
    expect(crypto).toEqual(['2026-12-25T00:00:00.000Z', '2026-12-25T01:00:00.000Z', '2026-12-25T02:00:00.000Z']);
  });
});

describe('trigger validation', () => {
  it('parses offsets and periods within 24 hours', () => {
    expect(parseTriggerAt('open-30m')).toEqual({ anchor: 'open', offsetMs: -1_800_000 });
    expect(parseTriggerAt('close+1h')).toEqual({ anchor: 'close', offsetMs: 3_600_000 });
    expect(parseTriggerAt('close')).toEqual({ anchor: 'close', offsetMs: 0 });
    expect(parseTriggerAt('close+25h')).toBeUndefined();
    expect(parseTriggerAt('midday')).toBeUndefined();
    expect(parseTriggerEvery('5m')).toBe(300_000);
    expect(parseTriggerEvery('0m')).toBeUndefined();
  });

  it('names each wrong field', () => {
    expect(validateMarketTrigger({ calendar: 'XNYS', at: 'open-30m' })).toEqual([]);
    expect(validateMarketTrigger({ calendar: 'XNYS', every: '5m', during: 'session' })).toEqual([]);
    expect(validateMarketTrigger({ calendar: 'NYSE', at: 'soon' }).map((p) => p.field)).toEqual(['calendar', 'at']);
    expect(validateMarketTrigger({ calendar: 'XNYS', every: '5m' }).map((p) => p.field)).toEqual(['during']);
    expect(validateMarketTrigger({ calendar: 'XNYS', at: 'open', every: '5m', during: 'session' })[0].field).toBe('at');
  });
});
