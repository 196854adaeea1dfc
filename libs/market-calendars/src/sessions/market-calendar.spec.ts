import { VENUES } from '../venues/venue-catalog';
import { MarketCalendar } from './market-calendar';

const cal = (id: keyof typeof VENUES, adjustments = []) => new MarketCalendar(VENUES[id], adjustments);
const iso = (d: Date | null) => d?.toISOString() ?? null;
const utc = (s: string) => new Date(s);
const spans = (breaks: { start: Date; end: Date }[]) => breaks.map((b) => [iso(b.start), iso(b.end)]);

describe('daylight saving time: opens and closes in UTC', () => {
  it('NYSE moves an hour earlier in UTC on the second Sunday of March and back on the first Sunday of November', () => {
    const nyse = cal('XNYS');
    expect(iso(nyse.session('2026-03-06')!.open)).toBe('2026-03-06T14:30:00.000Z');
    expect(iso(nyse.session('2026-03-09')!.open)).toBe('2026-03-09T13:30:00.000Z');
    expect(iso(nyse.session('2026-10-30')!.close)).toBe('2026-10-30T20:00:00.000Z');
    expect(iso(nyse.session('2026-11-02')!.close)).toBe('2026-11-02T21:00:00.000Z');
    expect(iso(nyse.session('2027-03-12')!.open)).toBe('2027-03-12T14:30:00.000Z');
    expect(iso(nyse.session('2027-03-15')!.open)).toBe('2027-03-15T13:30:00.000Z');
    expect(iso(nyse.session('2027-11-05')!.open)).toBe('2027-11-05T13:30:00.000Z');
    expect(iso(nyse.session('2027-11-08')!.open)).toBe('2027-11-08T14:30:00.000Z');
  });

  it('London and Frankfurt move on the last Sundays of March and October', () => {
    expect(iso(cal('XLON').session('2026-03-27')!.open)).toBe('2026-03-27T08:00:00.000Z');
    expect(iso(cal('XLON').session('2026-03-30')!.open)).toBe('2026-03-30T07:00:00.000Z');
    expect(iso(cal('XLON').session('2026-10-23')!.close)).toBe('2026-10-23T15:30:00.000Z');
    expect(iso(cal('XLON').session('2026-10-26')!.close)).toBe('2026-10-26T16:30:00.000Z');
    // Good Friday and Easter Monday 2027 straddle the change.
    expect(iso(cal('XETR').session('2027-03-25')!.open)).toBe('2027-03-25T08:00:00.000Z');
    expect(iso(cal('XETR').session('2027-03-30')!.open)).toBe('2027-03-30T07:00:00.000Z');
    expect(iso(cal('XETR').session('2027-10-29')!.close)).toBe('2027-10-29T15:30:00.000Z');
    expect(iso(cal('XETR').session('2027-11-01')!.close)).toBe('2027-11-01T16:30:00.000Z');
  });

  it('in the weeks the US and EU are out of step, New York opens 5½ hours after London instead of 6½', () => {
    const gapHours = (date: string) =>
      (cal('XNYS').session(date)!.open.getTime() - cal('XLON').session(date)!.open.getTime()) / 3_600_000;
    expect(gapHours('2026-03-06')).toBe(6.5);
    expect([gapHours('2026-03-09'), gapHours('2026-03-20'), gapHours('2026-03-27')]).toEqual([5.5, 5.5, 5.5]);
    expect(gapHours('2026-03-30')).toBe(6.5);
    expect(gapHours('2026-10-23')).toBe(6.5);
    expect([gapHours('2026-10-26'), gapHours('2026-10-30')]).toEqual([5.5, 5.5]);
    expect(gapHours('2026-11-02')).toBe(6.5);
    expect([gapHours('2027-03-15'), gapHours('2027-03-25'), gapHours('2027-11-01'), gapHours('2027-11-05')]).toEqual([
      5.5, 5.5, 5.5, 5.5,
    ]);
  });

  it('Tokyo and Hong Kong have no DST; CME and FX open Sunday 17:00 local across the US change', () => {
    expect(iso(cal('XTKS').session('2026-03-09')!.open)).toBe('2026-03-09T00:00:00.000Z');
    expect(iso(cal('XHKG').session('2026-11-02')!.open)).toBe('2026-11-02T01:30:00.000Z');
    expect(iso(cal('CME-EQUITY').session('2026-03-02')!.open)).toBe('2026-03-01T23:00:00.000Z');
    expect(iso(cal('CME-EQUITY').session('2026-03-09')!.open)).toBe('2026-03-08T22:00:00.000Z');
    expect(iso(cal('FX').session('2026-03-09')!.open)).toBe('2026-03-08T21:00:00.000Z');
    expect(iso(cal('FX').session('2026-11-02')!.open)).toBe('2026-11-01T22:00:00.000Z');
  });
});

describe('sessions', () => {
  it('Tokyo and Hong Kong break for lunch; HKEX half days are the morning only', () => {
    const tokyo = cal('XTKS').session('2026-06-01')!;
    expect([iso(tokyo.open), iso(tokyo.close)]).toEqual(['2026-06-01T00:00:00.000Z', '2026-06-01T06:30:00.000Z']);
    expect(spans(tokyo.breaks)).toEqual([['2026-06-01T02:30:00.000Z', '2026-06-01T03:30:00.000Z']]);
    const hk = cal('XHKG').session('2026-06-01')!;
    expect(spans(hk.breaks)).toEqual([['2026-06-01T04:00:00.000Z', '2026-06-01T05:00:00.000Z']]);
    const eve = cal('XHKG').session('2026-02-16')!;
    expect(eve).toMatchObject({ kind: 'early-close', reason: "Lunar New Year's Eve", breaks: [] });
    expect([iso(eve.preOpen), iso(eve.open), iso(eve.close)]).toEqual([
      '2026-02-16T01:00:00.000Z',
      '2026-02-16T01:30:00.000Z',
      '2026-02-16T04:00:00.000Z',
    ]);
  });

  it('CME: a holiday halt at 12:00 CT belongs to the next trade date, which reopens at 17:00 CT', () => {
    const cme = cal('CME-EQUITY');
    expect(cme.isTradingDay('2026-01-19')).toBe(false);
    const tuesday = cme.session('2026-01-20')!;
    expect(iso(tuesday.open)).toBe('2026-01-18T23:00:00.000Z');
    expect(spans(tuesday.breaks)).toEqual([['2026-01-19T18:00:00.000Z', '2026-01-19T23:00:00.000Z']]);
    expect(iso(tuesday.close)).toBe('2026-01-20T22:00:00.000Z');
    expect(tuesday.reason).toMatch(/Martin Luther King/);
    const friday = cme.session('2026-11-27')!;
    expect(friday.kind).toBe('early-close');
    expect(iso(friday.close)).toBe('2026-11-27T18:15:00.000Z');
    // Nothing trades on New Year's Day; the next trade date opens at 17:00 CT on it.
    expect(iso(cme.session('2026-01-02')!.open)).toBe('2026-01-01T23:00:00.000Z');
    expect(cme.session('2026-01-02')!.breaks).toEqual([]);
  });

  it('lists sessions overlapping an interval', () => {
    const days = cal('XNYS')
      .sessions(utc('2026-07-02T00:00:00Z'), utc('2026-07-08T00:00:00Z'))
      .map((s) => s.date);
    expect(days).toEqual(['2026-07-02', '2026-07-06', '2026-07-07']);
  });
});

describe('status, next open and next close', () => {
  it('NYSE: closed before the open, open in the session, closed after an early close', () => {
    const nyse = cal('XNYS');
    expect(nyse.status(utc('2026-11-27T14:00:00Z'))).toMatchObject({
      state: 'closed',
      session: null,
      nextOpen: utc('2026-11-27T14:30:00Z'),
      nextClose: utc('2026-11-27T18:00:00Z'),
    });
    expect(nyse.isOpen(utc('2026-11-27T17:59:59Z'))).toBe(true);
    const after = nyse.status(utc('2026-11-27T18:00:00Z'));
    expect(after).toMatchObject({
      state: 'closed',
      nextOpen: utc('2026-11-30T14:30:00Z'),
      nextClose: utc('2026-11-30T21:00:00Z'),
    });
  });

  it('Tokyo: pre-open from 08:00, break at lunch with the afternoon as next open', () => {
    const tokyo = cal('XTKS');
    expect(tokyo.status(utc('2026-06-01T23:30:00Z')).state).toBe('pre-open');
    const lunch = tokyo.status(utc('2026-06-02T03:00:00Z'));
    expect(lunch).toMatchObject({
      state: 'break',
      nextOpen: utc('2026-06-02T03:30:00Z'),
      nextClose: utc('2026-06-02T06:30:00Z'),
    });
    expect(lunch.session?.date).toBe('2026-06-02');
    expect(tokyo.status(utc('2026-06-02T02:00:00Z')).nextClose).toEqual(utc('2026-06-02T02:30:00Z'));
  });

  it('JPX Golden Week: closed from Friday 1 May 2026 close to Thursday 7 May', () => {
    expect(cal('XTKS').nextOpen(utc('2026-05-01T07:00:00Z'))).toEqual(utc('2026-05-07T00:00:00Z'));
  });

  it('FX trades 24×5 from Sunday 17:00 to Friday 17:00 New York time', () => {
    const fx = cal('FX');
    const saturday = fx.status(utc('2026-06-06T12:00:00Z'));
    expect(saturday).toMatchObject({
      state: 'closed',
      nextOpen: utc('2026-06-07T21:00:00Z'),
      nextClose: utc('2026-06-12T21:00:00Z'),
    });
    const wednesday = fx.status(utc('2026-06-10T21:00:00Z'));
    expect(wednesday).toMatchObject({
      state: 'open',
      nextOpen: utc('2026-06-14T21:00:00Z'),
      nextClose: utc('2026-06-12T21:00:00Z'),
    });
    expect(fx.isOpen(utc('2026-06-12T20:59:59Z'))).toBe(true);
    expect(fx.isOpen(utc('2026-06-12T21:00:00Z'))).toBe(false);
    expect(fx.isOpen(utc('2026-12-25T12:00:00Z'))).toBe(true);
  });

  it('crypto trades 24×7: always open, no next open or close, a session every day', () => {
    const crypto = cal('CRYPTO');
    for (const at of ['2026-12-25T12:00:00Z', '2027-01-01T00:00:00Z', '2026-06-06T23:59:59Z']) {
      expect(crypto.status(utc(at))).toMatchObject({ state: 'open', nextOpen: null, nextClose: null });
    }
    expect(crypto.sessionsBetweenDates('2026-12-24', '2027-01-02').sessions).toHaveLength(10);
  });
});

describe('operator adjustments', () => {
  it('close a day, or cut it short at a local time', () => {
    const nyse = new MarketCalendar(VENUES.XNYS, [
      { venue: 'XNYS', date: '2026-03-11', reason: 'National day of mourning' },
      { venue: 'XNYS', date: '2026-03-12', closeAt: '14:00', reason: 'Systems issue' },
      { venue: 'XLON', date: '2026-03-13', reason: 'not this venue' },
    ]);
    expect(nyse.isTradingDay('2026-03-11')).toBe(false);
    expect(nyse.sessionsBetweenDates('2026-03-11', '2026-03-11').closures[0].reason).toBe('National day of mourning');
    expect(nyse.session('2026-03-12')).toMatchObject({
      kind: 'early-close',
      reason: 'Systems issue',
      close: utc('2026-03-12T18:00:00Z'),
    });
    expect(nyse.isTradingDay('2026-03-13')).toBe(true);
    const typhoon = { venue: 'XHKG', date: '2026-06-02', closeAt: '12:00', reason: 'Typhoon' } as const;
    const hk = new MarketCalendar(VENUES.XHKG, [typhoon]);
    expect(hk.session('2026-06-02')).toMatchObject({ breaks: [], close: utc('2026-06-02T04:00:00Z') });
  });
});
