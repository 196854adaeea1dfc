import { MarketCalendars } from '@app/market-calendars';
import { bootScheduler, createTestSchedule, SchedulerHarness, tempDb } from './support/scheduler';

type Call = { scheduleId: string | null; scheduledFor: string; at: string };

/**
 * Moves the manual clock from one fire time to the next (the earliest `nextFireAt` of the given
 * schedules) until `end` (exclusive), letting the scheduler fire each slot exactly on time.
 */
async function fireUntil(h: SchedulerHarness, ids: string[], end: string): Promise<void> {
  for (;;) {
    const next = await Promise.all(
      ids.map(async (id) => (await h.api('get', `/api/v1/scheduler/schedules/${id}`).expect(200)).body.data.nextFireAt),
    );
    const due = next.filter((t): t is string => t !== null).sort()[0];
    if (!due || due >= end) return;
    h.clock.advanceTo(new Date(due));
    await h.engine.idle();
  }
}

const firedFor = (h: SchedulerHarness, id: string) =>
  h.job.calls.filter((c: Call) => c.scheduleId === id).map((c: Call) => c.scheduledFor);

/** Issue 20, "Must show" 2: market triggers on a manual clock, and their survival of a restart. */
describe('scheduler: market triggers', () => {
  let db: ReturnType<typeof tempDb>;
  let h: SchedulerHarness;
  beforeEach(() => (db = tempDb()));
  afterEach(async () => {
    await h?.close();
    db.remove();
  });

  const create = (body: object) => createTestSchedule(h, body);

  it('XNYS open-30m fires at 09:00 New York across DST, skips Thanksgiving; close follows the half day', async () => {
    h = await bootScheduler(db.path, new Date('2026-10-28T14:00:00Z'));
    const open = await create({ name: 'pre-open scan', market: { calendar: 'XNYS', at: 'open-30m' } });
    const close = await create({ name: 'end-of-day risk', market: { calendar: 'XNYS', at: 'close' } });
    const market = { calendar: 'XNYS', at: 'open-30m' };
    expect(open).toMatchObject({ kind: 'market', market, cron: null, everyMs: null });
    expect(open.nextFireTimes).toEqual([
      '2026-10-29T13:00:00.000Z',
      '2026-10-30T13:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
      '2026-11-03T14:00:00.000Z',
      '2026-11-04T14:00:00.000Z',
    ]);

    await fireUntil(h, [open.id, close.id], '2026-12-01T00:00:00.000Z');

    const edt = (d: number) => `2026-10-${d}T13:00:00.000Z`;
    const est = (d: number) => `2026-11-${String(d).padStart(2, '0')}T14:00:00.000Z`;
    // 09:00 EDT is 13:00Z until Sunday 1 November, then 09:00 EST is 14:00Z; Thursday 26 November
    // (Thanksgiving) has no session; Friday 27 November opens as usual and closes at 13:00.
    expect(firedFor(h, open.id)).toEqual([
      edt(29),
      edt(30),
      ...[2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24, 25, 27, 30].map(est),
    ]);
    const closes = firedFor(h, close.id);
    expect(closes).toHaveLength(23);
    expect(closes.slice(0, 4)).toEqual([
      '2026-10-28T20:00:00.000Z',
      '2026-10-29T20:00:00.000Z',
      '2026-10-30T20:00:00.000Z',
      '2026-11-02T21:00:00.000Z',
    ]);
    expect(closes.slice(-3)).toEqual([
      '2026-11-25T21:00:00.000Z',
      '2026-11-27T18:00:00.000Z',
      '2026-11-30T21:00:00.000Z',
    ]);
    // Every run started at the instant it was due (on time, not as a missed firing).
    expect(h.job.calls.every((c: Call) => c.at === c.scheduledFor)).toBe(true);
    const runs = (await h.api('get', `/api/v1/scheduler/runs?scheduleId=${open.id}&limit=100`).expect(200)).body.data;
    const onTime = (r: { trigger: string; status: string }) => r.trigger === 'schedule' && r.status === 'succeeded';
    expect(runs.items.every(onTime)).toBe(true);
  });

  it('every 5m during session fires only while XNYS trades: the half day stops at 12:55, no weekend', async () => {
    h = await bootScheduler(db.path, new Date('2026-11-27T14:00:00Z'));
    const scan = await create({ market: { calendar: 'XNYS', every: '5m', during: 'session' }, overlapPolicy: 'skip' });
    expect(scan.nextFireAt).toBe('2026-11-27T14:30:00.000Z');

    await fireUntil(h, [scan.id], '2026-11-30T15:00:00.000Z');

    const fired = firedFor(h, scan.id);
    // 09:30 … 12:55 EST on the half day (42 firings), then 09:30 … 09:55 on Monday (6).
    expect(fired).toHaveLength(42 + 6);
    expect(fired[0]).toBe('2026-11-27T14:30:00.000Z');
    expect(fired[41]).toBe('2026-11-27T17:55:00.000Z');
    expect(fired[42]).toBe('2026-11-30T14:30:00.000Z');
    const calendars = h.t.app.get(MarketCalendars);
    expect(fired.filter((at) => !calendars.isOpen('XNYS', new Date(at)))).toEqual([]);
  });

  it('keeps its market trigger across a restart, and a firing missed while down follows missedPolicy', async () => {
    // Friday 7 March 2031; US clocks go forward on Sunday 9 March.
    h = await bootScheduler(db.path, new Date('2031-03-07T12:00:00Z'));
    const open = await create({ market: { calendar: 'XNYS', at: 'open-30m' }, missedPolicy: 'run-once' });
    const skip = await create({ market: { calendar: 'XNYS', at: 'open-30m' }, missedPolicy: 'skip' });
    await fireUntil(h, [open.id], '2031-03-07T15:00:00.000Z');
    expect(firedFor(h, open.id)).toEqual(['2031-03-07T14:00:00.000Z']);
    await h.close();

    // Down over the weekend and Monday's 09:00 EDT (13:00Z) firing; back at 13:30Z.
    h = await bootScheduler(db.path, new Date('2031-03-10T13:30:00Z'));
    await h.advance(0);
    const runs = async (id: string) =>
      (await h.api('get', `/api/v1/scheduler/runs?scheduleId=${id}&limit=10`).expect(200)).body.data.items;
    type RunView = { trigger: string; scheduledFor: string; status: string };
    const outcome = (r: RunView) => [r.trigger, r.scheduledFor, r.status];
    expect((await runs(open.id)).map(outcome)).toEqual([
      ['missed', '2031-03-10T13:00:00.000Z', 'succeeded'],
      ['schedule', '2031-03-07T14:00:00.000Z', 'succeeded'],
    ]);
    const skipped = (await runs(skip.id))[0];
    expect(skipped).toMatchObject({ trigger: 'missed', status: 'skipped', scheduledFor: '2031-03-10T13:00:00.000Z' });
    expect(skipped.error).toMatch(/^missed 1 firing\(s\)/);
    const after = (await h.api('get', `/api/v1/scheduler/schedules/${open.id}`).expect(200)).body.data;
    expect(after).toMatchObject({ kind: 'market', market: { calendar: 'XNYS', at: 'open-30m' } });
    expect(after.nextFireAt).toBe('2031-03-11T13:00:00.000Z');
  });

  it('refuses a bad trigger with 400 naming the field; PATCH switches a schedule to a market trigger', async () => {
    h = await bootScheduler(db.path, new Date('2031-03-07T12:00:00Z'));
    const cases: Array<[object, string]> = [
      [{ market: { calendar: 'NYSE', at: 'open' } }, 'market.calendar'],
      [{ market: { calendar: 'XNYS', at: 'open-30x' } }, 'market.at'],
      [{ market: { calendar: 'XNYS', at: 'close+25h' } }, 'market.at'],
      [{ market: { calendar: 'XNYS', every: '0m', during: 'session' } }, 'market.every'],
      [{ market: { calendar: 'XNYS', every: '5m' } }, 'market.during'],
      [{ market: { calendar: 'XNYS', at: 'open', every: '5m', during: 'session' } }, 'market.at'],
      [{ market: { calendar: 'XNYS', at: 'open', colour: 'red' } }, 'market.colour'],
      [{ market: { calendar: 'XNYS', at: 'open' }, cron: '0 9 * * *' }, 'market'],
      [{ market: { calendar: 'XNYS', at: 'open' }, timezone: 'UTC' }, 'timezone'],
    ];
    for (const [body, field] of cases) {
      const res = await h
        .api('post', '/api/v1/scheduler/schedules')
        .send({ job: 'test.job', ...body })
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const s = await create({ everyMs: 60_000 });
    const moved = (
      await h
        .api('patch', `/api/v1/scheduler/schedules/${s.id}`)
        .send({ market: { calendar: 'XLON', at: 'close+15m' } })
        .expect(200)
    ).body.data;
    // London closes at 16:30 GMT; 16:45 is the first firing after Friday noon UTC.
    expect(moved).toMatchObject({ kind: 'market', everyMs: null, at: null, nextFireAt: '2031-03-07T16:45:00.000Z' });
  });
});
