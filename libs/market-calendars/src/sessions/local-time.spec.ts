import { addDays, daysBetween, isoWeekday, localDateOf, localInstant, utcDateOf } from './local-time';

describe('calendar-date arithmetic', () => {
  it('moves across month ends, leap days and years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-03-01', 400)).toBe('2027-04-05');
  });

  it('keeps years below 100 as written', () => {
    expect(addDays('0050-12-31', 1)).toBe('0051-01-01');
    expect(isoWeekday('0001-01-01')).toBe(1);
  });

  it('numbers ISO weekdays from Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2026-12-07')).toBe(1);
    expect(isoWeekday('2026-12-05')).toBe(6);
    expect(isoWeekday('2026-12-06')).toBe(7);
  });

  it('counts whole days either way', () => {
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
    expect(daysBetween('2026-03-09', '2026-03-07')).toBe(-2);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
  });
});

describe('utcDateOf', () => {
  it('gives the UTC date of any instant of a day, the same as the ISO string, before 1970 too', () => {
    for (const iso of ['2026-12-05T00:00:00.000Z', '2026-12-05T23:59:59.999Z', '1969-12-31T12:00:00.000Z']) {
      const ms = Date.parse(iso);
      expect(utcDateOf(ms)).toBe(iso.slice(0, 10));
      expect(utcDateOf(ms)).toBe(iso.slice(0, 10));
    }
    expect(utcDateOf(Date.UTC(2028, 1, 29, 6))).toBe('2028-02-29');
  });
});

describe('localDateOf', () => {
  it('reads the date in the zone, not in UTC', () => {
    const lateInNewYork = new Date('2026-12-05T03:30:00Z');
    expect(localDateOf(lateInNewYork, 'America/New_York')).toBe('2026-12-04');
    expect(localDateOf(lateInNewYork, 'Asia/Tokyo')).toBe('2026-12-05');
    expect(localDateOf(lateInNewYork, 'UTC')).toBe('2026-12-05');
  });

  it('agrees with localInstant across a DST change', () => {
    for (const zone of ['America/New_York', 'Europe/London', 'America/Chicago']) {
      for (const date of ['2026-03-08', '2026-03-29', '2026-11-01']) {
        expect(localDateOf(localInstant(date, '00:30', zone), zone)).toBe(date);
        expect(localDateOf(localInstant(date, '23:30', zone), zone)).toBe(date);
      }
    }
  });
});

describe('localDateOf remembered per quarter hour', () => {
  const fresh = (instant: Date, zone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      instant,
    );

  it('answers as a fresh formatter does at every minute around midnights and DST changes', () => {
    const zones = ['America/New_York', 'Europe/London', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns'];
    const days = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-11-01', '2026-12-31'];
    for (const zone of zones) {
      for (const day of days) {
        const start = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
        // Two passes: the first fills the memo, the second is answered from it.
        for (let pass = 0; pass < 2; pass++) {
          for (let ms = start; ms < start + 3 * 86_400_000; ms += 7 * 60_000) {
            const instant = new Date(ms);
            expect(`${zone} ${instant.toISOString()} ${localDateOf(instant, zone)}`).toBe(
              `${zone} ${instant.toISOString()} ${fresh(instant, zone)}`,
            );
          }
        }
      }
    }
  });
});
