import { EventCore } from '@app/infrastructure';
import {
  alertingClient,
  AlertingNode,
  alertingEnv,
  bootAlerting,
  flakyController,
  step as stepNodes,
  stopAlerting,
  WebhookReceiver,
} from './support/alerting';

/** Issue 9, "Must show" 4: an error-ratio rule goes pending → firing → resolved, with webhooks. */

const FlakyController = flakyController('api/v1/monitoring-fixture');

const KEY = 'mon-operator-key-93f1';
const START = new Date('2031-02-03T10:00:00.000Z').getTime();

describe('monitoring: alerts', () => {
  let n: AlertingNode;
  const hook = new WebhookReceiver();
  const received = hook.received;
  let failNext = 1;
  const bus: string[] = [];
  const client = alertingClient(KEY, FlakyController);

  beforeAll(async () => {
    // The first delivery fails, to show the retry.
    hook.answer = () => (failNext-- > 0 ? 500 : 200);
    await hook.listen();
    n = await bootAlerting(
      { API_KEYS: `mon:operator:default:${KEY}`, ...alertingEnv(hook.url('/hooks/alerts?token=s3cret'), 3) },
      [FlakyController],
      START,
    );
    n.t.app.get(EventCore).on('alert.firing', (a) => bus.push(`firing:${a.rule.name}`));
    n.t.app.get(EventCore).on('alert.resolved', (a) => bus.push(`resolved:${a.rule.name}`));
  });
  afterAll(async () => {
    await stopAlerting(n);
    await hook.close();
  });

  const api = (method: 'get' | 'post' | 'delete', path: string) => client.api(n, method, path);
  const traffic = (ok: number, failing: number) => client.traffic(n, ok, failing);
  /** One sampling + evaluation period on the manual clock. */
  const step = () => stepNodes(n);
  const stateOf = async (name: string) => (await client.stateOf(n, name))?.state;

  it('fires after the for-duration while errors last, resolves when they stop, and notifies webhook and bus', async () => {
    const rule = await api('post', '/api/v1/monitoring/alerts/rules')
      .send({
        name: 'api-errors',
        expr: { series: 'http.error_ratio', comparison: '>', threshold: 0.2, forMs: 10_000 },
        severity: 'critical',
      })
      .expect(201);
    expect(rule.body.data).toMatchObject({
      name: 'api-errors',
      source: 'api',
      expr: { reduce: 'last', windowMs: 0, forMs: 10_000 },
    });

    await traffic(10, 0);
    await step(); // t+5 s: first sample is the baseline
    await traffic(10, 0);
    await step(); // t+10 s: healthy
    expect(await stateOf('api-errors')).toBe('inactive');

    await traffic(5, 5);
    await step(); // t+15 s: ratio ≈ 0.5 → pending
    expect(await stateOf('api-errors')).toBe('pending');
    await traffic(5, 5);
    await step(); // t+20 s: held 5 s < 10 s → still pending
    expect(await stateOf('api-errors')).toBe('pending');
    expect(received).toEqual([]);
    await traffic(5, 5);
    await step(); // t+25 s: held 10 s → firing
    expect(await stateOf('api-errors')).toBe('firing');
    expect(received.map((r) => [r.body.status, r.answered])).toEqual([
      ['firing', 500],
      ['firing', 200],
    ]);
    expect(received[1].body).toMatchObject({
      status: 'firing',
      rule: {
        name: 'api-errors',
        severity: 'critical',
        series: 'http.error_ratio',
        comparison: '>',
        threshold: 0.2,
        forMs: 10_000,
      },
      value: expect.any(Number),
      startsAt: new Date(START + 25_000).toISOString(),
      endsAt: null,
    });
    expect(received[1].body.value).toBeGreaterThan(0.2);

    const dashboard = (await api('get', '/api/v1/monitoring/dashboard').expect(200)).body.data;
    expect(dashboard.alerts.firing).toEqual([expect.objectContaining({ name: 'api-errors', severity: 'critical' })]);
    expect(dashboard.series['http.error_rate'].at(-1).v).toBeGreaterThan(0);

    await traffic(10, 0);
    await step(); // t+30 s: errors stopped → resolved
    expect(await stateOf('api-errors')).toBe('inactive');
    expect(received.map((r) => r.body.status)).toEqual(['firing', 'firing', 'resolved']);
    expect(received[2].body).toMatchObject({
      status: 'resolved',
      startsAt: new Date(START + 25_000).toISOString(),
      endsAt: new Date(START + 30_000).toISOString(),
      value: 0,
    });
    expect(bus).toEqual(['firing:api-errors', 'resolved:api-errors']);

    const history = (await api('get', '/api/v1/monitoring/alerts/history?ruleName=api-errors').expect(200)).body.data
      .items;
    expect(history.map((e: { kind: string }) => e.kind)).toEqual(['resolved', 'firing', 'pending']);

    const series = (await api('get', '/api/v1/monitoring/metrics/series?name=http.error_ratio&window=1m').expect(200))
      .body.data;
    // 5 failures out of 11 requests per period (10 of traffic + the state check of the previous step).
    expect(series.points.map((p: { v: number }) => p.v)).toEqual([0, 0.454545, 0.454545, 0.454545, 0]);
  });

  it('a pending alert that clears is cancelled without notification; a silenced one fires without webhook', async () => {
    const before = received.length;
    await api('post', '/api/v1/monitoring/alerts/rules')
      .send({
        name: 'any-error',
        expr: { series: 'http.error_rate', comparison: '>', threshold: 0, forMs: 10_000 },
        severity: 'warning',
      })
      .expect(201);
    await traffic(2, 2);
    await step();
    expect(await stateOf('any-error')).toBe('pending');
    await traffic(2, 0);
    await step();
    expect(await stateOf('any-error')).toBe('inactive');

    await api('post', '/api/v1/monitoring/alerts/silences')
      .send({ ruleName: 'any-error', endsAt: new Date(START + 3_600_000).toISOString(), comment: 'maintenance' })
      .expect(201);
    await api('post', '/api/v1/monitoring/alerts/rules')
      .send({ name: 'now', expr: { series: 'http.error_rate', comparison: '>', threshold: 0 }, severity: 'info' })
      .expect(201);
    await traffic(1, 1);
    await step();
    expect(await stateOf('any-error')).toBe('pending');
    expect(await stateOf('now')).toBe('firing');
    // 'now' (forMs 0) is not silenced: one webhook call; 'any-error' stays pending.
    expect(received.slice(before).map((r) => r.body.rule.name)).toEqual(['now']);
    await traffic(1, 1);
    await step();
    await traffic(1, 1);
    await step();
    expect(await stateOf('any-error')).toBe('firing');
    expect(received.slice(before).map((r) => r.body.rule.name)).toEqual(['now']);
    const history = (await api('get', '/api/v1/monitoring/alerts/history?ruleName=any-error').expect(200)).body.data
      .items;
    expect(history.map((e: { kind: string; silenced: boolean }) => [e.kind, e.silenced])).toEqual([
      ['firing', true],
      ['pending', true],
      ['cancelled', false],
      ['pending', false],
    ]);
  });

  it('rejects bad rules and queries with 400 naming the field', async () => {
    const cases: Array<[object, string]> = [
      [{ name: 'x', expr: { series: 'nope.series', comparison: '>', threshold: 1 }, severity: 'info' }, 'expr.series'],
      [
        { name: 'x', expr: { series: 'http.error_ratio', comparison: '=>', threshold: 1 }, severity: 'info' },
        'expr.comparison',
      ],
      [
        { name: 'x', expr: { series: 'http.error_ratio', comparison: '>', threshold: 'high' }, severity: 'info' },
        'expr.threshold',
      ],
      [
        { name: 'x', expr: { series: 'http.error_ratio', comparison: '>', threshold: 1, forMs: -1 }, severity: 'info' },
        'expr.forMs',
      ],
      [
        { name: 'x', expr: { series: 'http.error_ratio', comparison: '>', threshold: 1 }, severity: 'panic' },
        'severity',
      ],
      [
        { name: 'bad name!', expr: { series: 'http.error_ratio', comparison: '>', threshold: 1 }, severity: 'info' },
        'name',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await api('post', '/api/v1/monitoring/alerts/rules').send(body).expect(400);
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const dup = await api('post', '/api/v1/monitoring/alerts/rules')
      .send({
        name: 'api-errors',
        expr: { series: 'http.error_ratio', comparison: '>', threshold: 1 },
        severity: 'info',
      })
      .expect(409);
    expect(dup.body.error.code).toBe('CONFLICT');
    for (const [query, field] of [
      ['name=bogus', 'name'],
      ['name=http.request_rate&window=forever', 'window'],
      ['window=8d', 'window'],
    ]) {
      const res = await api('get', `/api/v1/monitoring/metrics/series?${query}`).expect(400);
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const silence = await api('post', '/api/v1/monitoring/alerts/silences')
      .send({ endsAt: new Date(START - 1000).toISOString(), comment: 'x' })
      .expect(400);
    expect(silence.body.error.details.fields[0].field).toBe('endsAt');
  });
});
