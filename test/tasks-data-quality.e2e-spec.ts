import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Clock, ManualClock } from '@app/infrastructure';
import { spyCandles, type Candle } from './support/agents-market-data';
import { createTestApp, TestApp } from './support/create-test-app';
import { TASKS } from './support/tasks';

const KEYS = { admin: 'dq-admin-key-1f4e', operator: 'dq-operator-key-8c2a', other: 'dq-other-key-5b7d' };
const ENV = {
  API_KEYS: [
    `eq-admin:admin:desk-eq:${KEYS.admin}`,
    `eq-ops:operator:desk-eq:${KEYS.operator}`,
    `fx-ops:admin:desk-fx:${KEYS.other}`,
  ].join(','),
};
const POLICY = '/api/v1/ai-orchestration/data-policy';

/** Saturday 26 July 2025: the day after the last SPY bar; the market is closed. */
const WEEKEND = new Date('2025-07-26T15:00:00Z');
/** Tuesday 29 July 2025 after the close: Monday's and Tuesday's sessions have closed without a bar. */
const TWO_SESSIONS_LATER = new Date('2025-07-29T21:30:00Z');

const spy = () => spyCandles();
/** SPY without the bar of Wednesday 14 May 2025. */
const gapped = () => spy().filter((c) => !c.time.startsWith('2025-05-14'));
/** SPY with the bar of Tuesday 10 June 2025 sent twice. */
function duplicated(): Candle[] {
  const candles = spy();
  const i = candles.findIndex((c) => c.time.startsWith('2025-06-10'));
  candles.splice(i + 1, 0, { ...candles[i] });
  return candles;
}
const indexOf = (candles: Candle[], date: string) => candles.findIndex((c) => c.time.startsWith(date));

/** Issue 20, "Must show" 3: data policies on real SPY data, and lineage digests. */
describe('tasks: data freshness policies and lineage', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'aio-dq-'));
  const sqlitePath = join(dir, 'orchestration.db');

  /** The service's "now" for the data checks (a manual clock, set afresh: it never runs backwards). */
  const setNow = (at: Date) => t.app.get(Clock).use(new ManualClock(at));
  const boot = async () => {
    t = await createTestApp({ ...ENV, SQLITE_PATH: sqlitePath });
    setNow(WEEKEND);
  };
  const api = (method: 'get' | 'put' | 'delete' | 'post', path: string, key: keyof typeof KEYS = 'admin') =>
    request(t.http)[method](path).set('X-API-Key', KEYS[key]);
  const submit = (candles: unknown[], key: keyof typeof KEYS = 'admin', extra: object = {}) =>
    api('post', `${TASKS}?wait=15000`, key).send({
      type: 'trading_signal',
      input: { symbol: 'SPY', assetClass: 'etfs', candles, ...extra },
    });
  const setPolicy = async (body: object) => (await api('put', POLICY).send(body).expect(200)).body.data;
  const fieldsOf = (res: request.Response) => res.body.error.details.fields as { field: string; message: string }[];

  beforeAll(boot);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => setNow(WEEKEND));

  it('accepts real SPY data under reject: no gap across 2025’s holidays, a closed market is not stale', async () => {
    await setPolicy({ policy: 'reject' });
    const res = await submit(spy()).expect(200);
    expect(res.body.data.status).toBe('succeeded');
    // Presidents Day, Good Friday, Memorial Day, Juneteenth and 4 July have no bar, and need none.
    expect(res.body.data.dataQuality).toEqual({
      policy: 'reject',
      series: [{ path: 'candles', count: 120, interval: '1d', calendar: 'XNYS', repairs: { duplicatesDropped: 0 } }],
      warnings: [],
    });
  });

  it('reject: stale, gapped and duplicated data are each a 400 naming the problem', async () => {
    await setPolicy({ policy: 'reject' });
    setNow(TWO_SESSIONS_LATER);
    const stale = await submit(spy()).expect(400);
    expect(stale.body.error.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(stale)).toEqual([
      {
        field: 'input.candles[119].time',
        message:
          'stale: the last candle is of 2025-07-25; 2 XNYS trading day(s) have closed since, ' +
          'more than the 1d allowed for 1d candles',
      },
    ]);
    setNow(new Date('2025-07-28T20:00:00Z'));
    const gap = await submit(gapped()).expect(400);
    expect(fieldsOf(gap)).toEqual([
      {
        field: `input.candles[${indexOf(gapped(), '2025-05-15')}].time`,
        message: 'gap: 1 XNYS trading day(s) without a candle between 2025-05-13 and 2025-05-15 (2025-05-14)',
      },
    ]);
    const dup = await submit(duplicated()).expect(400);
    const at = indexOf(duplicated(), '2025-06-10');
    expect(fieldsOf(dup)).toEqual([
      {
        field: `input.candles[${at + 1}].time`,
        message: `duplicate: same time as input.candles[${at}] (2025-06-10T00:00:00.000Z)`,
      },
    ]);
  });

  it('warn: the tasks run and carry the problems as warnings; a duplicate bar is dropped', async () => {
    await setPolicy({ policy: 'warn' });
    setNow(TWO_SESSIONS_LATER);
    const stale = (await submit(spy()).expect(200)).body.data;
    expect(stale.status).toBe('succeeded');
    expect(stale.dataQuality.warnings.map((w: { check: string; field: string }) => [w.check, w.field])).toEqual([
      ['stale', 'input.candles[119].time'],
    ]);
    const gap = (await submit(gapped()).expect(200)).body.data;
    expect(gap.dataQuality.warnings.map((w: { check: string }) => w.check)).toEqual(['stale', 'gap']);
    const dup = (await submit(duplicated(), 'admin', { options: { rsiPeriod: 14 } }).expect(200)).body.data;
    expect(dup.status).toBe('succeeded');
    expect(dup.dataQuality.warnings.map((w: { check: string }) => w.check)).toEqual(['duplicate', 'stale']);
    expect(dup.dataQuality.series[0]).toMatchObject({ count: 121, repairs: { duplicatesDropped: 1 } });
    // The signal is the one computed on the clean series: the engine saw 120 bars.
    const clean = (await submit(spy(), 'admin', { options: { rsiPeriod: 14 } }).expect(200)).body.data;
    expect(dup.result).toEqual(clean.result);
    expect(dup.lineageDigest).toBe(clean.lineageDigest);
  });

  it('ignore: nothing is checked or reported; a repeated bar is still dropped for the engine', async () => {
    await setPolicy({ policy: 'ignore' });
    setNow(TWO_SESSIONS_LATER);
    for (const candles of [spy(), gapped(), duplicated()]) {
      const task = (await submit(candles).expect(200)).body.data;
      expect(task.status).toBe('succeeded');
      expect(task.dataQuality.warnings).toEqual([]);
    }
    const dup = (await submit(duplicated()).expect(200)).body.data;
    expect(dup.dataQuality).toMatchObject({ policy: 'ignore', series: [{ repairs: { duplicatesDropped: 1 } }] });
  });

  it('a tenant’s staleness overrides the configured one per interval; other tenants keep the defaults', async () => {
    await setPolicy({ policy: 'reject', staleness: { '1d': '3d' } });
    setNow(TWO_SESSIONS_LATER);
    await submit(spy()).expect(200);
    // desk-fx has no override: the configured warn policy and 1d staleness.
    const other = (await submit(spy(), 'other').expect(200)).body.data;
    expect(other.dataQuality.policy).toBe('warn');
    expect(other.dataQuality.warnings.map((w: { check: string }) => w.check)).toEqual(['stale']);
    const fx = (await api('get', POLICY, 'other').expect(200)).body.data;
    const defaults = { tenant: 'desk-fx', policy: 'warn', source: 'config', staleness: { '1d': '1d', '5m': '15m' } };
    expect(fx).toMatchObject(defaults);
  });

  it('the policy API: admin only, validated by field, stored across a restart, reset to the defaults', async () => {
    await api('put', POLICY, 'operator').send({ policy: 'reject' }).expect(403);
    const wrong = { policy: 'strict', staleness: { '1d': 'soon' }, zeroVolumeRun: -1 };
    const bad = await api('put', POLICY).send(wrong).expect(400);
    expect(
      fieldsOf(bad)
        .map((f) => f.field)
        .sort(),
    ).toEqual(['policy', 'staleness.1d', 'zeroVolumeRun']);
    await api('put', POLICY)
      .send({ staleness: { '2d': '1d' } })
      .expect(400);
    const set = await setPolicy({ policy: 'reject', staleness: { '5m': '20m' }, zeroVolumeRun: 5 });
    const stored = { tenant: 'desk-eq', policy: 'reject', source: 'tenant', updatedBy: 'eq-admin', zeroVolumeRun: 5 };
    expect(set).toMatchObject(stored);
    expect(set.staleness).toMatchObject({ '5m': '20m', '1d': '1d' });

    await t.close();
    await boot();
    const read = (await api('get', POLICY, 'operator').expect(200)).body.data;
    expect(read).toMatchObject({ policy: 'reject', source: 'tenant', zeroVolumeRun: 5, staleness: { '5m': '20m' } });
    const reset = (await api('delete', POLICY).expect(200)).body.data;
    expect(reset).toMatchObject({ policy: 'warn', source: 'config', zeroVolumeRun: 3, updatedBy: null });
  });

  it('records a lineage digest per task: stable for the same data, changed by one candle, 404 elsewhere', async () => {
    await setPolicy({ policy: 'warn' });
    const task = (await submit(spy()).expect(200)).body.data;
    expect(task.links.lineage).toBe(`${TASKS}/${task.id}/lineage`);
    const lineage = (await api('get', `${TASKS}/${task.id}/lineage`, 'operator').expect(200)).body.data;
    expect(lineage).toMatchObject({
      taskId: task.id,
      algorithm: 'sha256',
      digest: task.lineageDigest,
      components: { model: { id: 'etf-specialist', version: task.model.version } },
      data: {
        fields: ['candles'],
        series: [{ path: 'candles', count: 120, first: '2025-02-03T00:00:00.000Z', last: '2025-07-25T00:00:00.000Z' }],
      },
      parameters: { type: 'trading_signal', input: { symbol: 'SPY', assetClass: 'etfs' } },
    });
    expect(lineage.digest).toMatch(/^[0-9a-f]{64}$/);
    expect((await api('get', `${TASKS}/${task.id}`).expect(200)).body.data.lineageDigest).toBe(lineage.digest);

    // The same bars spelled differently (keys reordered, times without milliseconds): the same digest.
    const respelled = spy().map((c) => {
      const time = c.time.replace('.000Z', 'Z');
      return { volume: c.volume, close: c.close, low: c.low, high: c.high, open: c.open, time };
    });
    expect((await submit(respelled).expect(200)).body.data.lineageDigest).toBe(lineage.digest);
    // One close changed by a cent: another digest, and only the data component changed.
    const changed = spy();
    changed[60] = { ...changed[60], close: Math.round((changed[60].close + 0.01) * 1000) / 1000 };
    const other = (await submit(changed).expect(200)).body.data;
    expect(other.lineageDigest).not.toBe(lineage.digest);
    const otherLineage = (await api('get', `${TASKS}/${other.id}/lineage`).expect(200)).body.data;
    expect(otherLineage.components.data).not.toBe(lineage.components.data);
    expect(otherLineage.components.parameters).toBe(lineage.components.parameters);

    const hidden = await api('get', `${TASKS}/${task.id}/lineage`, 'other').expect(404);
    expect(hidden.body.error.code).toBe('NOT_FOUND');
    await api('get', `${TASKS}/01JD3Z8X6Q4W3N5R7T9V1B2C3D/lineage`).expect(404);
  });
});
