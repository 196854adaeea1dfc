import request from 'supertest';
import { captureLogs, LogCapture } from './support/log-capture';
import { createTestApp, TestApp } from './support/create-test-app';
import { LOG_SECRETS, LogFixtureController } from './support/log-fixture.controller';

const REDACTED = encodeURIComponent('[REDACTED]');
const BEARER = 'eyJhbGciOiJIUzI1NiJ9.not-a-real-token.sig';

describe('logging: secrets redacted, 500s with their detail', () => {
  let t: TestApp;
  let logs: LogCapture;

  beforeAll(async () => {
    t = await createTestApp(
      {
        API_KEYS: `ops:admin:default:${LOG_SECRETS.apiKey}`,
        JWT_SECRET: LOG_SECRETS.jwtSecret,
        ALERT_WEBHOOK_URLS: `https://hooks.example.com/services/T0?token=${LOG_SECRETS.webhookToken}`,
      },
      [LogFixtureController],
    );
    logs = captureLogs(t.app);
  });
  afterAll(() => t.close());

  it('writes secret query parameters masked in the access log, keeping the others', async () => {
    const res = await request(t.http).get('/health/live?token=abc&api_key=xyz&verbose=1').expect(200);
    const [line] = logs.forRequest(res.headers['x-request-id']);
    expect(line.msg).toMatch(/^GET \/health\/live 200 \d+ms$/);
    expect((line.req as { url: string }).url).toBe(`/health/live?token=${REDACTED}&api_key=${REDACTED}&verbose=1`);
    expect(logs.text()).not.toMatch(/token=abc|api_key=xyz/);
  });

  it('masks URLs everywhere they are logged: a failed request logs its URL redacted too', async () => {
    const res = await request(t.http)
      .get(`/api/v1/log-fixtures/boom?access_token=abc&password=${LOG_SECRETS.webhookToken}`)
      .set('X-API-Key', LOG_SECRETS.apiKey)
      .expect(500);
    const unhandled = logs.forRequest(res.headers['x-request-id']).find((l) => l.msg === 'Unhandled error');
    expect(unhandled?.url).toBe(`/api/v1/log-fixtures/boom?access_token=${REDACTED}&password=${REDACTED}`);
    expect(logs.text()).not.toContain('access_token=abc');
  });

  it('never writes credential headers or any configured secret (API key, JWT secret, webhook token)', async () => {
    await request(t.http)
      .get('/status')
      .set('X-API-Key', LOG_SECRETS.apiKey)
      .set('Cookie', 'session=cookie-value-123')
      .expect(200);
    await request(t.http).get('/status').set('Authorization', `Bearer ${BEARER}`).expect(401);
    await request(t.http).get('/api/v1/log-fixtures/boom').set('X-API-Key', LOG_SECRETS.apiKey).expect(500);
    const text = logs.text();
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [...Object.values(LOG_SECRETS), BEARER, 'cookie-value-123']) {
      expect(text).not.toContain(secret);
    }
  });

  it('logs a 500 with class, message, stack and cause under its request id; the response has none', async () => {
    const res = await request(t.http).get('/api/v1/log-fixtures/boom').set('X-API-Key', LOG_SECRETS.apiKey).expect(500);
    const requestId = res.headers['x-request-id'];
    expect(res.body).toEqual({
      success: false,
      error: { code: 'INTERNAL', message: expect.any(String) },
      meta: { requestId, timestamp: expect.any(String) },
    });
    expect(res.text).not.toMatch(/TypeError|price|stack|upstream|log-fixture\.controller/);

    const line = logs.lines.find((l) => l.requestId === requestId && l.msg === 'Unhandled error');
    expect(line).toMatchObject({
      level: 'error',
      method: 'GET',
      err: {
        type: 'TypeError',
        message: "cannot read property 'price' of undefined (jwt [REDACTED])",
        stack: expect.stringMatching(/^TypeError: cannot read property 'price'[^\n]*\n\s+at .*log-fixture\.controller/),
        cause: {
          type: 'Error',
          message: 'upstream refused key [REDACTED]',
          stack: expect.stringContaining('log-fixture.controller'),
        },
      },
    });
    // The access log line of the same request says it failed, under the same id.
    expect(logs.forRequest(requestId).some((l) => l.level === 'error' && l.status === 500)).toBe(true);
  });
});
