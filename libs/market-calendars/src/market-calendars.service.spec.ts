import { AppError, Clock, ConfigError, ManualClock, type MarketCalendarsSettings } from '@app/infrastructure';
import { MarketCalendars } from './market-calendars.service';

const settings = (adjustments: MarketCalendarsSettings['adjustments'] = []): MarketCalendarsSettings => ({
  maxRangeDays: 400,
  adjustments,
});

function clockAt(iso: string): Clock {
  const clock = new Clock();
  clock.use(new ManualClock(new Date(iso)));
  return clock;
}

describe('MarketCalendars', () => {
  it('answers "now" questions on the injected clock', () => {
    const calendars = new MarketCalendars(settings(), clockAt('2026-11-27T17:00:00Z'));
    expect(calendars.isOpen('XNYS')).toBe(true);
    expect(calendars.nextClose('XNYS')).toEqual(new Date('2026-11-27T18:00:00Z'));
    expect(calendars.status('XLON').state).toBe('closed');
    expect(calendars.nextFire({ calendar: 'XNYS', at: 'close+15m' })).toEqual(new Date('2026-11-27T18:15:00Z'));
  });

  it('applies configured adjustments and refuses unknown venues or dates at start', () => {
    const closed = new MarketCalendars(
      settings([{ venue: 'XNYS', date: '2026-11-27', reason: 'Unscheduled closure' }]),
      clockAt('2026-11-27T17:00:00Z'),
    );
    expect(closed.isOpen('XNYS')).toBe(false);
    expect(closed.isTradingDay('XNAS', '2026-11-27')).toBe(true);
    const start = (venue: string, date: string) => () =>
      new MarketCalendars(settings([{ venue, date, reason: 'x' }]), new Clock());
    expect(start('NYSE', '2026-11-27')).toThrow(ConfigError);
    expect(start('XNYS', '2026-02-30')).toThrow(/a real date/);
  });

  it('answers 404 for an unknown venue and 400 naming `to` for a range over maxRangeDays', () => {
    const calendars = new MarketCalendars(settings(), new Clock());
    expect(() => calendars.status('XXXX')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const tooLong = () => calendars.sessionsBetweenDates('XNYS', '2026-01-01', '2027-02-05');
    expect(tooLong).toThrow(AppError);
    expect(tooLong).toThrow(/to: the range from..to must be at most 400 days/);
    expect(calendars.sessionsBetweenDates('XNYS', '2026-01-01', '2027-02-04').sessions.length).toBeGreaterThan(250);
  });
});
