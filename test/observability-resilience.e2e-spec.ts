import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { TASKS } from './support/tasks';
import { CaptureMode, CaptureServer, metricValue } from './support/observability-capture';

// Must show 3: with the trace backends down, answering 500 or hanging, the API keeps answering
// 2xx in its normal time, tracing_export_failures_total rises, and the export queues stay
// within their bound (excess spans are dropped and counted, never buffered without limit).

const API_KEY = 'desk-key-0123456789abcdef';
const auth = { 'X-API-Key': API_KEY };
// Exporter figures are component details of /status: the system admin's.
const SYSTEM_KEY = 'ops-system-key-0123456789abcdef';
// Long enough that a request blocked on an export (≥ this) and a slow request on a loaded
// machine (a second or two) stay far apart.
const EXPORT_TIMEOUT_MS = 6000;
const MAX_QUEUE = 50;
const REQUESTS = 300;
const TASK = {
  type: 'risk_assessment',
  input: { returns: Array.from({ length: 120 }, (_, i) => Math.sin(i) / 100), confidence: 0.95 },
  options: { cache: false },
};

type Mode = CaptureMode | 'down';
const latencies: Partial<Record<Mode, number[]>> = {};

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

describe.each<Mode>(['ok', 'down', 'error500', 'hang'])('trace backends %s', (mode) => {
  const capture = new CaptureServer();
  let t: TestApp;

  beforeAll(async () => {
    await capture.start();
    if (mode === 'down')
      await capture.stop(); // nothing listens on the port any more
    else capture.mode = mode;
    t = await createTestApp({
      API_KEYS: `desk:operator:default:${API_KEY},ops:system:platform:${SYSTEM_KEY}`,
      RATE_LIMIT_MAX: '0',
      ...capture.langfuseEnv('pk-lf-resilience', 'sk-lf-resilience-secret'),
      OTEL_EXPORTER_OTLP_ENDPOINT: capture.url,
      TRACING_EXPORT_TIMEOUT_MS: String(EXPORT_TIMEOUT_MS),
      TRACING_EXPORT_MAX_QUEUE: String(MAX_QUEUE),
      TRACING_EXPORT_BATCH_SIZE: '10',
      TRACING_EXPORT_INTERVAL_MS: '20',
    });
  }, 30_000);

  afterAll(async () => {
    await t?.close();
    if (mode !== 'down') await capture.stop();
  }, 30_000);

  it('answers every request 2xx, as fast as with a healthy backend', async () => {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const started = performance.now();
      const res = await request(t.http).get('/api/v1/ai-orchestration/models').set(auth);
      times.push(performance.now() - started);
      expect(res.status).toBe(200);
    }
    for (let i = 0; i < 5; i++) {
      const res = await request(t.http).post(`${TASKS}?wait=10000`).set(auth).send(TASK);
      expect({ status: res.status, taskStatus: res.body.data?.status }).toEqual({
        status: 200,
        taskStatus: 'succeeded',
      });
    }
    latencies[mode] = times;
    // No request waited for an export: far below the export timeout a blocking design would show.
    expect(Math.max(...times)).toBeLessThan(EXPORT_TIMEOUT_MS / 3);
    if (mode !== 'ok') {
      const healthy = latencies.ok!;
      expect(quantile(times, 0.5)).toBeLessThan(quantile(healthy, 0.5) * 3 + 5);
      expect(quantile(times, 0.95)).toBeLessThan(quantile(healthy, 0.95) * 3 + 10);
    }
  }, 60_000);

  it('counts export failures, keeps queues bounded and says so in /status', async () => {
    const deadline = Date.now() + EXPORT_TIMEOUT_MS + 5000;
    let metrics = '';
    for (;;) {
      metrics = (await request(t.http).get('/metrics')).text;
      const failures = ['langfuse', 'otlp'].map((backend) =>
        metricValue(metrics, 'tracing_export_failures_total', { backend }),
      );
      if (mode === 'ok' || failures.every((n) => n > 0) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const failures = (backend: string) => metricValue(metrics, 'tracing_export_failures_total', { backend });
    const status = await request(t.http).get('/status').set('X-API-Key', SYSTEM_KEY).expect(200);
    const tracing = status.body.data.components.langfuse;
    const exporters = tracing.details.exporters as Array<{
      backend: string;
      queued: number;
      dropped: number;
      exported: number;
    }>;
    expect(exporters.map((e) => e.backend).sort()).toEqual(['langfuse', 'otlp']);
    for (const e of exporters) expect(e.queued).toBeLessThanOrEqual(MAX_QUEUE);

    if (mode === 'ok') {
      expect(failures('langfuse')).toBe(0);
      expect(failures('otlp')).toBe(0);
      expect(tracing.state).toBe('up');
      return;
    }
    expect(failures('langfuse')).toBeGreaterThan(0);
    expect(failures('otlp')).toBeGreaterThan(0);
    expect(tracing.state).toBe('degraded');
    if (mode === 'hang') {
      // One request in flight, MAX_QUEUE waiting: the other spans of 300+ requests were dropped.
      expect(metricValue(metrics, 'tracing_spans_dropped_total', { backend: 'langfuse' })).toBeGreaterThan(
        REQUESTS - MAX_QUEUE - 20,
      );
      expect(metricValue(metrics, 'tracing_spans_dropped_total', { backend: 'otlp' })).toBeGreaterThan(
        REQUESTS - MAX_QUEUE - 20,
      );
    }
    // The local store does not depend on the backends.
    const traces = await request(t.http)
      .get('/api/v1/observability/traces?name=GET%20%2Fapi%2Fv1%2Fai-orchestration%2Fmodels&limit=5')
      .set(auth)
      .expect(200);
    expect(traces.body.data.items).toHaveLength(5);
  }, 30_000);
});
