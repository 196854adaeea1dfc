import { Clock, type MarketCalendarsSettings } from '@app/infrastructure';
import { MarketCalendars } from '@app/market-calendars';
import { checkCandleInputs, type CandleCheckContext } from './candle-checks';
import { marketTimeBetween } from './candle-freshness';

const calendars = new MarketCalendars({ maxRangeDays: 400, adjustments: [] } as MarketCalendarsSettings, new Clock());
const STALENESS = { '1m': '5m', '5m': '15m', '15m': '45m', '30m': '90m', '1h': '3h', '4h': '8h', '1d': '1d' } as const;
const ctx = (policy: CandleCheckContext['policy'], now: string, venue = 'XNYS'): CandleCheckContext => ({
  policy,
  calendar: calendars.calendar(venue),
  nowMs: Date.parse(now),
  staleness: STALENESS,
  zeroVolumeRun: 3,
});
const bar = (time: string, close = 100, volume = 1000) => {
  return { time, open: close, high: close + 1, low: close - 1, close, volume };
};
/** `count` bars of `stepMs` from `start`. */
const bars = (start: string, count: number, stepMs = 300_000) =>
  Array.from({ length: count }, (_, i) => bar(new Date(Date.parse(start) + i * stepMs).toISOString()));
const daily = (dates: string[]) => dates.map((d, i) => bar(`${d}T00:00:00.000Z`, 100 + i));
/** NYSE trading days 12–23 January 2026; Monday 19 January is Martin Luther King Day. */
const JAN = [
  ...['2026-01-12', '2026-01-13', '2026-01-14', '2026-01-15', '2026-01-16'],
  ...['2026-01-20', '2026-01-21', '2026-01-22', '2026-01-23'],
];
const checks = (input: unknown, c: CandleCheckContext) =>
  checkCandleInputs(input, c).problems.map((p) => [p.check, p.field]);
const SATURDAY = '2026-01-24T12:00:00Z';

describe('daily candles on the NYSE calendar', () => {
  it('sees no gap over a weekend and a holiday, and a gap where a trading day is missing', () => {
    expect(checks({ candles: daily(JAN) }, ctx('warn', SATURDAY))).toEqual([]);
    const without21 = JAN.filter((d) => d !== '2026-01-21');
    const outcome = checkCandleInputs({ candles: daily(without21) }, ctx('warn', SATURDAY));
    expect(outcome.problems).toEqual([
      {
        check: 'gap',
        field: 'input.candles[6].time',
        message: 'gap: 1 XNYS trading day(s) without a candle between 2026-01-20 and 2026-01-22 (2026-01-21)',
      },
    ]);
    const series = [{ path: 'candles', interval: '1d', calendar: 'XNYS' }];
    expect(outcome.report).toMatchObject({ policy: 'warn', series });
    expect(outcome.report?.warnings).toEqual(outcome.problems);
  });

  it('is not stale while the market is closed or the next session runs; stale once two sessions closed', () => {
    const input = { candles: daily(JAN) };
    expect(checks(input, ctx('reject', '2026-01-25T20:00:00Z'))).toEqual([]);
    expect(checks(input, ctx('reject', '2026-01-26T20:00:00Z'))).toEqual([]);
    expect(checks(input, ctx('reject', '2026-01-26T21:30:00Z'))).toEqual([]);
    const stale = checkCandleInputs(input, ctx('reject', '2026-01-27T21:30:00Z')).problems;
    expect(stale).toEqual([
      {
        check: 'stale',
        field: 'input.candles[8].time',
        message:
          'stale: the last candle is of 2026-01-23; 2 XNYS trading day(s) have closed since, ' +
          'more than the 1d allowed for 1d candles',
      },
    ]);
  });
});

describe('intraday candles', () => {
  /** 5-minute XNYS bars from 09:30 to 15:55 New York time (14:30Z–20:55Z in January). */
  const session = (date: string) => bars(`${date}T14:30:00Z`, 78);

  it('measures staleness in market time: the night does not count, the first minutes of trading do', () => {
    const input = { candles: [...session('2026-01-22'), ...session('2026-01-23')] };
    expect(checks(input, ctx('reject', '2026-01-26T14:40:00Z'))).toEqual([]);
    expect(checks(input, ctx('reject', '2026-01-26T14:50:00Z'))).toEqual([['stale', 'input.candles[155].time']]);
  });

  it('sees missing bars inside a session, not overnight', () => {
    const bars = [...session('2026-01-22'), ...session('2026-01-23')];
    const holed = bars.filter((_, i) => i < 100 || i > 102);
    const outcome = checkCandleInputs({ candles: holed }, ctx('warn', '2026-01-23T21:00:00Z'));
    expect(outcome.problems.map((p) => [p.check, p.field])).toEqual([['gap', 'input.candles[100].time']]);
    expect(outcome.problems[0].message).toContain('3 5m candle(s) of XNYS trading missing');
  });

  it('does not count the Tokyo lunch break as a gap', () => {
    const morning = bars('2026-06-01T00:00:00Z', 30);
    const afternoon = bars('2026-06-01T03:30:00Z', 36);
    expect(checks({ candles: [...morning, ...afternoon] }, ctx('warn', '2026-06-01T06:30:00Z', 'XTKS'))).toEqual([]);
    // 10:00–13:00 JST: 11:00–11:30 before the break and 12:30–13:00 after it.
    const [from, to] = [Date.parse('2026-06-01T02:00:00Z'), Date.parse('2026-06-01T04:00:00Z')];
    const traded = marketTimeBetween(calendars.calendar('XTKS'), from, to);
    expect(traded).toBe(60 * 60_000);
  });
});

describe('duplicate and out-of-order times, zero volume, policies', () => {
  /** JAN with the 14 January candle sent twice (a corrected print: the second closes at 999). */
  const repeated = () => {
    const candles = daily(JAN);
    candles.splice(3, 0, { ...candles[2], close: 999, high: 1000 });
    return { candles };
  };
  /** JAN with 20 and 21 January swapped. */
  const swapped = () => {
    const candles = daily(JAN);
    [candles[5], candles[6]] = [candles[6], candles[5]];
    return { candles };
  };

  it('reject: names each problem and leaves the input as sent', () => {
    const input = repeated();
    const outcome = checkCandleInputs(input, ctx('reject', SATURDAY));
    expect(outcome.input).toBe(input);
    expect(outcome.problems.map((p) => [p.check, p.field])).toEqual([['duplicate', 'input.candles[3].time']]);
    expect(checks(swapped(), ctx('reject', SATURDAY))).toEqual([['out-of-order', 'input.candles[6].time']]);
  });

  it('warn: a repeated time is dropped, the last print kept, and the task carries the problem', () => {
    const outcome = checkCandleInputs(repeated(), ctx('warn', SATURDAY));
    const candles = (outcome.input as { candles: { time: string; close: number }[] }).candles;
    expect(candles.map((c) => c.time.slice(0, 10))).toEqual(JAN);
    expect(candles[2].close).toBe(999);
    expect(outcome.report?.series[0].repairs).toEqual({ duplicatesDropped: 1 });
    expect(outcome.report?.warnings.map((w) => [w.check, w.field])).toEqual([['duplicate', 'input.candles[3].time']]);
  });

  it('never reorders: times out of order reach the engine as sent (which refuses them)', () => {
    const input = swapped();
    const outcome = checkCandleInputs(input, ctx('warn', SATURDAY));
    expect(outcome.input).toEqual(input);
    expect(outcome.report?.warnings.map((w) => w.check)).toEqual(['out-of-order']);
  });

  it('ignore: reports no problem, still drops a repeated time for the engine', () => {
    const outcome = checkCandleInputs(repeated(), ctx('ignore', '2027-01-01T00:00:00Z'));
    expect(outcome.problems).toEqual([]);
    const series = [{ repairs: { duplicatesDropped: 1 } }];
    expect(outcome.report).toMatchObject({ policy: 'ignore', warnings: [], series });
    expect((outcome.input as { candles: unknown[] }).candles).toHaveLength(JAN.length);
  });

  it('reports a run of zero-volume candles of at least zeroVolumeRun', () => {
    const candles = daily(JAN).map((c, i) => (i >= 2 && i <= 4 ? { ...c, volume: 0 } : c));
    candles[7].volume = 0;
    expect(checks({ candles }, ctx('warn', SATURDAY))).toEqual([['zero-volume', 'input.candles[2].volume']]);
  });

  it('checks benchmark and portfolio series, and leaves series the engine refuses to the engine', () => {
    const input = {
      benchmark: { candles: daily(JAN.slice(0, 4)) },
      assets: [{ symbol: 'A', candles: daily(JAN.slice(5)) }],
    };
    const outcome = checkCandleInputs(input, ctx('warn', SATURDAY));
    expect(outcome.report?.series.map((s) => s.path)).toEqual(['benchmark.candles', 'assets[0].candles']);
    const unreadable = { candles: [{ time: 'yesterday' }] };
    expect(checkCandleInputs(unreadable, ctx('reject', SATURDAY)).report).toBeNull();
  });
});
