import request from 'supertest';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { LifecycleService } from '@app/infrastructure';
import { createTestAppForSuite, TestApp } from './support/create-test-app';

const ENVELOPE_META = { requestId: expect.any(String), timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) };

describe('operations endpoints', () => {
  let t: TestApp;

  createTestAppForSuite((app) => (t = app));

  it('GET /health checks database, heap, disk and every component', async () => {
    const res = await request(t.http).get('/health');
    // The body first: when a check fails, the assertion shows which one.
    expect(res.body).toEqual({
      success: true,
      data: expect.objectContaining({
        status: 'ok',
        info: {
          database: expect.objectContaining({ status: 'up', dialect: 'sqlite' }),
          heap: { status: 'up' },
          disk: { status: 'up' },
          components: expect.objectContaining({
            status: 'up',
            handit: 'up',
            letta: expect.any(String),
            scheduler: expect.any(String),
          }),
        },
      }),
      meta: ENVELOPE_META,
    });
    expect(res.status).toBe(200);
  });

  it('GET /health/live answers without checking dependencies', async () => {
    const res = await request(t.http).get('/health/live').expect(200);
    expect(res.body.data.status).toBe('ok');
  });

  it('GET /status reports version, mode, dialect, components and masked config', async () => {
    const res = await request(t.http).get('/status').expect(200);
    expect(res.body.data).toMatchObject({
      service: 'ai-orchestration-service',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      phase: 'ready',
      mode: 'embedded',
      database: { dialect: 'sqlite' },
      cache: { backend: 'memory' },
    });
    expect(res.body.data.components.handit).toBeDefined();
    expect(res.body.data.config.service.port).toBe(8003);
  });

  it('echoes a client X-Request-Id and generates one otherwise', async () => {
    const given = await request(t.http).get('/health/live').set('X-Request-Id', 'client-req-1').expect(200);
    expect(given.headers['x-request-id']).toBe('client-req-1');
    expect(given.body.meta.requestId).toBe('client-req-1');
    const generated = await request(t.http).get('/health/live').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('GET /metrics parses as Prometheus text and shows the request histogram after traffic', async () => {
    await request(t.http).get('/health/live').expect(200);
    await request(t.http).get('/health/live').expect(200);
    const res = await request(t.http).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    // The parser throws on any line that is not valid exposition format.
    const families = parsePrometheusTextFormat(res.text) as Array<{ name: string; type: string }>;
    expect(families.find((f) => f.name === 'http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(families.find((f) => f.name === 'http_requests_total')?.type).toBe('COUNTER');
    const count =
      /^http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} (\d+)$/m.exec(
        res.text,
      );
    expect(Number(count?.[1])).toBeGreaterThanOrEqual(2);
    expect(res.text).toMatch(
      /^http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/health\/live",status_code="200"\} \d+$/m,
    );
    expect(families.find((f) => f.name === 'process_cpu_user_seconds_total')).toBeDefined();
  });

  it('labels unknown URLs as unmatched in metrics, so scanners cannot create series', async () => {
    await request(t.http).get('/wp-admin/secret-scan-1').expect(404);
    const res = await request(t.http).get('/metrics').expect(200);
    expect(res.text).toContain('route="unmatched",status_code="404"');
    expect(res.text).not.toContain('secret-scan-1');
  });

  // Last: it leaves the app draining.
  it('GET /health/ready is 200 when ready and 503 while draining', async () => {
    await request(t.http).get('/health/ready').expect(200);
    const lifecycle = t.app.get(LifecycleService);
    lifecycle.beginDrain();
    const res = await request(t.http).get('/health/ready').expect(503);
    expect(res.body.success).toBe(false);
    expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(res.body.error.details.error.lifecycle).toEqual({ status: 'down', phase: 'draining' });
    // New work is refused while draining; probes still answer.
    const refused = await request(t.http).get('/status').expect(503);
    expect(refused.body.error.code).toBe('SHUTTING_DOWN');
  });
});
