import { AppError } from '@app/infrastructure';
import { firingsBetween, nextFireAfter, parseCron, upcomingFireTimes } from './fire-times';
import { backoffDelay } from './backoff';
import type { Timing } from '../scheduler.types';

const NONE = { cron: null, timezone: null, everyMs: null, at: null, market: null };
const cron = (expr: string, timezone = 'UTC'): Timing => ({ ...NONE, kind: 'cron', cron: expr, timezone });
const t = (iso: string) => Date.parse(iso);

describe('fire times', () => {
  it('reads cron expressions in the schedule time zone, across a DST change', () => {
    // 09:00 New York is 14:00 UTC in winter (EST) and 13:00 UTC after 2030-03-10 (EDT).
    const timing = cron('0 9 * * *', 'America/New_York');
    expect(upcomingFireTimes(timing, t('2030-03-08T15:00:00Z'), 0, 3).map((d) => d.toISOString())).toEqual([
      '2030-03-09T14:00:00.000Z',
      '2030-03-10T13:00:00.000Z',
      '2030-03-11T13:00:00.000Z',
    ]);
  });

  it('anchors interval schedules to their first fire time', () => {
    const timing: Timing = { ...NONE, kind: 'every', everyMs: 60_000 };
    const anchor = t('2030-01-01T00:00:00Z');
    expect(nextFireAfter(timing, anchor - 5, anchor)).toBe(anchor);
    expect(nextFireAfter(timing, anchor, anchor)).toBe(anchor + 60_000);
    expect(nextFireAfter(timing, anchor + 150_000, anchor)).toBe(anchor + 180_000);
    expect(firingsBetween(timing, anchor, anchor + 180_000, anchor)).toEqual({ count: 4, last: anchor + 180_000 });
  });

  it('fires a one-off once', () => {
    const timing: Timing = { ...NONE, kind: 'at', at: new Date('2030-01-01T00:00:00Z') };
    expect(nextFireAfter(timing, t('2029-12-31T00:00:00Z'), 0)).toBe(t('2030-01-01T00:00:00Z'));
    expect(nextFireAfter(timing, t('2030-01-01T00:00:00Z'), 0)).toBeNull();
  });

  it('names the field of a bad cron expression or time zone', () => {
    const fieldOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return ((e as AppError).details as { fields: Array<{ field: string }> }).fields[0].field;
      }
      return 'no error';
    };
    expect(fieldOf(() => parseCron('61 * * * *', 'UTC'))).toBe('cron');
    expect(fieldOf(() => parseCron('not a cron', 'UTC'))).toBe('cron');
    expect(fieldOf(() => parseCron('* * * * *', 'Mars/Olympus'))).toBe('timezone');
  });

  it('computes fixed and capped exponential backoff', () => {
    expect([1, 2, 3].map((a) => backoffDelay({ type: 'fixed', delayMs: 500, maxDelayMs: 10_000 }, a))).toEqual([
      500, 500, 500,
    ]);
    expect(
      [1, 2, 3, 4, 5].map((a) => backoffDelay({ type: 'exponential', delayMs: 1000, maxDelayMs: 5000 }, a)),
    ).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});
