import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { FixtureController } from './support/fixture.controller';

describe('error envelope and codes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT: '2kb' }, [FixtureController]);
  });
  afterAll(async () => {
    await t.close();
  });

  function expectError(body: Record<string, unknown>, code: string) {
    expect(body).toEqual({
      success: false,
      error: expect.objectContaining({ code, message: expect.any(String) }),
      meta: { requestId: expect.any(String), timestamp: expect.any(String) },
    });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  }

  it('malformed JSON → 400 VALIDATION_FAILED', async () => {
    const res = await request(t.http)
      .post('/api/v1/test-fixtures/echo')
      .set('Content-Type', 'application/json')
      .send('{"name": "a",')
      .expect(400);
    expectError(res.body, 'VALIDATION_FAILED');
    expect(res.body.error.message).toBe('Request body is not valid JSON');
  });

  it('unknown route → 404 NOT_FOUND', async () => {
    const res = await request(t.http).get('/api/v1/does-not-exist').expect(404);
    expectError(res.body, 'NOT_FOUND');
  });

  it('body over the limit → 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await request(t.http)
      .post('/api/v1/test-fixtures/echo')
      .send({ name: 'x', points: [], pad: 'y'.repeat(4096) })
      .expect(413);
    expectError(res.body, 'PAYLOAD_TOO_LARGE');
    expect(res.body.error.details).toEqual({ limitBytes: 2048, setting: 'BODY_LIMIT' });
    expect(res.body.error.message).toBe('Request body exceeds the 2048-byte limit of this route (BODY_LIMIT)');
  });

  it('DTO validation → 400 naming each offending field path', async () => {
    const res = await request(t.http)
      .post('/api/v1/test-fixtures/echo')
      .send({
        name: 42,
        points: [
          { x: 1, y: 2 },
          { x: 'no', y: 3 },
        ],
        extra: true,
      })
      .expect(400);
    expectError(res.body, 'VALIDATION_FAILED');
    const fields = (res.body.error.details.fields as Array<{ field: string }>).map((f) => f.field).sort();
    expect(fields).toEqual(['extra', 'name', 'points[1].x']);
  });

  it('valid body passes through, enveloped', async () => {
    const res = await request(t.http)
      .post('/api/v1/test-fixtures/echo')
      .send({ name: 'ok', points: [{ x: 1, y: 2 }] })
      .expect(201);
    expect(res.body).toMatchObject({ success: true, data: { name: 'ok', points: [{ x: 1, y: 2 }] } });
  });

  it('an unknown thrown error → 500 INTERNAL, no stack and no message leak', async () => {
    const res = await request(t.http).get('/api/v1/test-fixtures/boom').expect(500);
    expectError(res.body, 'INTERNAL');
    expect(res.text).not.toContain('hunter2');
    expect(res.text).not.toContain('stack');
    expect(res.body.meta.requestId).toBe(res.headers['x-request-id']);
  });

  it('an invalid pagination cursor → 400 naming `cursor`', async () => {
    const res = await request(t.http).get('/api/v1/audit-log?cursor=not-a-cursor').expect(400);
    expectError(res.body, 'VALIDATION_FAILED');
    expect(res.body.error.details.fields[0].field).toBe('cursor');
  });

  it('a bad query parameter → 400 naming it', async () => {
    const res = await request(t.http).get('/api/v1/audit-log?limit=1000').expect(400);
    expect(res.body.error.details.fields[0]).toMatchObject({ field: 'limit' });
  });
});
