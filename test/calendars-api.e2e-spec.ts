import request from 'supertest';
import { Clock, ManualClock } from '@app/infrastructure';
import { createTestAppForSuite, type TestApp } from './support/create-test-app';

/**
 * /api/v1/calendars on the real gateway: the venue list, sessions of a range of trade dates and a
 * venue's status, read with a viewer key of one tenant (calendars are the same for every tenant).
 */
const VIEWER_KEY = 'calendar-viewer-key-7c1e9a';
const PATH = '/api/v1/calendars';

describe('calendars API', () => {
  let t: TestApp;
  const get = (path: string) => request(t.http).get(path).set('X-API-Key', VIEWER_KEY);

  createTestAppForSuite((app) => (t = app), {
    API_KEYS: `desk:viewer:desk-a:${VIEWER_KEY}`,
    CALENDARS_MAX_RANGE_DAYS: '400',
  });

  it('lists every venue with its time zone, regular hours and breaks to a viewer', async () => {
    const res = await get(PATH).expect(200);
    const venues = res.body.data as Array<{ id: string; timeZone: string; regularHours: Record<string, unknown> }>;
    const ids = ['XNYS', 'XNAS', 'XLON', 'XETR', 'XTKS', 'XHKG', 'CME-EQUITY', 'FX', 'CRYPTO'];
    expect(venues.map((v) => v.id)).toEqual(ids);
    const tokyo = venues.find((v) => v.id === 'XTKS')!;
    expect(tokyo).toMatchObject({ timeZone: 'Asia/Tokyo', regularHours: { open: '09:00', close: '15:30' } });
    expect(tokyo.regularHours.breaks).toEqual([{ start: '11:30', end: '12:30' }]);
    await request(t.http).get(PATH).expect(401);
  });

  it('gives the sessions of a range of trade dates, with half days and the closures named', async () => {
    const res = await get(`${PATH}/XNYS/sessions?from=2026-11-25&to=2026-11-30`).expect(200);
    expect(res.body.data).toMatchObject({ venue: 'XNYS', timeZone: 'America/New_York', from: '2026-11-25' });
    const sessions = res.body.data.sessions as Array<{ date: string; kind: string; open: string; close: string }>;
    expect(sessions.map((s) => [s.date, s.kind, s.open, s.close])).toEqual([
      ['2026-11-25', 'regular', '2026-11-25T14:30:00.000Z', '2026-11-25T21:00:00.000Z'],
      ['2026-11-27', 'early-close', '2026-11-27T14:30:00.000Z', '2026-11-27T18:00:00.000Z'],
      ['2026-11-30', 'regular', '2026-11-30T14:30:00.000Z', '2026-11-30T21:00:00.000Z'],
    ]);
    expect(res.body.data.closures).toEqual([{ date: '2026-11-26', reason: 'Thanksgiving Day' }]);
  });

  it('shows lunch breaks in Hong Kong sessions', async () => {
    const res = await get(`${PATH}/XHKG/sessions?from=2026-06-01&to=2026-06-01`).expect(200);
    expect(res.body.data.sessions[0]).toMatchObject({
      preOpen: '2026-06-01T01:00:00.000Z',
      breaks: [{ start: '2026-06-01T04:00:00.000Z', end: '2026-06-01T05:00:00.000Z' }],
    });
  });

  it('answers 404 NOT_FOUND for an unknown venue', async () => {
    const sessions = await get(`${PATH}/XXXX/sessions?from=2026-01-01&to=2026-01-31`).expect(404);
    expect(sessions.body.error).toMatchObject({ code: 'NOT_FOUND', details: { resource: 'calendar', id: 'XXXX' } });
    const status = await get(`${PATH}/NYSE/status`).expect(404);
    expect(status.body.error.code).toBe('NOT_FOUND');
  });

  it('answers 400 VALIDATION_FAILED naming the field for a range over 400 days, reversed, or not a date', async () => {
    const field = (res: request.Response) =>
      (res.body.error.details.fields as Array<{ field: string }>).map((f) => f.field);
    const tooLong = await get(`${PATH}/XNYS/sessions?from=2026-01-01&to=2027-02-05`).expect(400);
    expect(tooLong.body.error.code).toBe('VALIDATION_FAILED');
    expect(field(tooLong)).toEqual(['to']);
    expect(tooLong.body.error.message).toMatch(/at most 400 days/);
    expect(field(await get(`${PATH}/XNYS/sessions?from=2026-03-02&to=2026-03-01`).expect(400))).toEqual(['to']);
    expect(field(await get(`${PATH}/XNYS/sessions?from=2026-02-30&to=2026-03-01`).expect(400))).toEqual(['from']);
    expect(field(await get(`${PATH}/XNYS/sessions?from=2026-03-01`).expect(400))).toEqual(['to']);
    expect(field(await get(`${PATH}/XNYS/status?at=tomorrow`).expect(400))).toEqual(['at']);
    await get(`${PATH}/XNYS/sessions?from=2026-01-01&to=2027-02-04`).expect(200);
  });

  it('reports the status at ?at=: a Tokyo lunch break with the afternoon as the next open', async () => {
    const res = await get(`${PATH}/XTKS/status?at=2026-06-02T03:00:00Z`).expect(200);
    expect(res.body.data).toMatchObject({
      venue: 'XTKS',
      state: 'break',
      nextOpen: '2026-06-02T03:30:00.000Z',
      nextClose: '2026-06-02T06:30:00.000Z',
      session: { date: '2026-06-02', kind: 'regular' },
    });
  });

  it("gives /capabilities the asset classes' trading hours from the same calendars", async () => {
    const res = await get('/api/v1/ai-orchestration/capabilities').expect(200);
    const classes = res.body.data.assetClasses as Array<{ id: string; periodsPerYear: number; tradingHours: object }>;
    const byId = Object.fromEntries(classes.map((c) => [c.id, c]));
    const venues = (await get(PATH).expect(200)).body.data as Array<{ id: string; timeZone: string }>;
    expect(byId.equities).toMatchObject({
      periodsPerYear: 252,
      tradingHours: { calendar: 'XNYS', open: '09:30', close: '16:00', timeZone: 'America/New_York' },
    });
    expect(byId.crypto.tradingHours).toMatchObject({ calendar: 'CRYPTO', continuous: true });
    expect(byId.forex.tradingHours).toMatchObject({ calendar: 'FX', days: [1, 2, 3, 4, 5, 7] });
    expect(byId.futures.tradingHours).toMatchObject({ calendar: 'CME-EQUITY', timeZone: venues[6].timeZone });
  });

  it('reports the status now by the service clock: FX closed on a Saturday, opening Sunday 17:00', async () => {
    t.app.get(Clock).use(new ManualClock(new Date('2026-06-06T12:00:00Z')));
    const res = await get(`${PATH}/FX/status`).expect(200);
    expect(res.body.data).toMatchObject({
      at: '2026-06-06T12:00:00.000Z',
      state: 'closed',
      session: null,
      nextOpen: '2026-06-07T21:00:00.000Z',
      nextClose: '2026-06-12T21:00:00.000Z',
    });
  });
});
