import request from 'supertest';
import { AuditLogEntry, AuditRetention } from '@app/infrastructure';
import { auditEntryOf, flushAudit, tamperSqlite } from './support/audit';
import { createTestApp, TestApp } from './support/create-test-app';

const TASKS = '/api/v1/ai-orchestration/tasks';
const AUDIT = '/api/v1/audit-log';
const KEYS = {
  system: 'system-key-0b7e5d1c9a',
  aliceAdmin: 'alice-admin-key-4c2e8f',
  aliceOperator: 'alice-operator-key-91d3',
  aliceViewer: 'alice-viewer-key-7a5b',
  bobAdmin: 'bob-admin-key-2f6e0c',
};
const OPTION = { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 };
const PRICING = { type: 'options_pricing', input: OPTION };
const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$/;

describe('audit trail', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      API_KEYS: [
        `root:system:default:${KEYS.system}`,
        `alice:admin:t1:${KEYS.aliceAdmin}`,
        `alice-op:operator:t1:${KEYS.aliceOperator}`,
        `alice-viewer:viewer:t1:${KEYS.aliceViewer}`,
        `bob:admin:t2:${KEYS.bobAdmin}`,
      ].join(','),
      JWT_SECRET: 'jwt-secret-for-the-audit-suite-0123456789',
      // Direct test connections are allowed; a forwarded client address outside the list is not.
      IP_ALLOWLIST: '127.0.0.1,::1',
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_MAX: '0',
    });
  });
  afterAll(() => t.close());

  const as = (key: string) => ({ 'X-API-Key': key });
  const idOf = (res: request.Response) => res.headers['x-request-id'] as string;

  async function listAs(key: string, query = ''): Promise<AuditLogEntry[]> {
    await flushAudit(t.app);
    const res = await request(t.http).get(`${AUDIT}?limit=100${query}`).set(as(key)).expect(200);
    return res.body.data.items;
  }

  describe('what is recorded', () => {
    it('records a 401 without credentials: request id, source address, no principal, the reason', async () => {
      const res = await request(t.http).get(TASKS).expect(401);
      expect(await auditEntryOf(t.app, idOf(res))).toMatchObject({
        principalId: null,
        tenant: null,
        action: `GET ${TASKS}`,
        target: null,
        status: 401,
        outcome: 'denied',
        requestId: idOf(res),
        sourceIp: expect.stringMatching(LOOPBACK),
        details: { path: TASKS, errorCode: 'UNAUTHORIZED', reason: 'missing_credentials', credentials: 'none' },
      });
    });

    it('records a 401 for a wrong API key and a bad bearer token, naming the kind of credentials only', async () => {
      const key = await request(t.http).get(TASKS).set('X-API-Key', 'not-a-configured-key').expect(401);
      const bearer = await request(t.http).get(TASKS).set('Authorization', 'Bearer not.a.jwt').expect(401);
      expect(await auditEntryOf(t.app, idOf(key))).toMatchObject({
        outcome: 'denied',
        details: { reason: 'unknown_key', credentials: 'api-key' },
      });
      const entry = await auditEntryOf(t.app, idOf(bearer));
      expect(entry).toMatchObject({ outcome: 'denied', details: { credentials: 'bearer' } });
      expect(JSON.stringify(entry)).not.toMatch(/not-a-configured-key|not\.a\.jwt/);
    });

    it('records a 403 for a role too low under the caller’s name, tenant and role', async () => {
      const res = await request(t.http).post(TASKS).set(as(KEYS.aliceViewer)).send(PRICING).expect(403);
      expect(await auditEntryOf(t.app, idOf(res))).toMatchObject({
        principalId: 'alice-viewer',
        tenant: 't1',
        action: `POST ${TASKS}`,
        status: 403,
        outcome: 'denied',
        details: { errorCode: 'FORBIDDEN', role: 'viewer', credentials: 'api-key' },
      });
    });

    it('records a 403 from the IP allow-list, refused before Nest, with the forwarded client address', async () => {
      const res = await request(t.http)
        .get('/api/v1/ai-orchestration/models')
        .set(as(KEYS.aliceViewer))
        .set('X-Forwarded-For', '203.0.113.9')
        .expect(403);
      expect(await auditEntryOf(t.app, idOf(res))).toMatchObject({
        principalId: 'alice-viewer',
        tenant: 't1',
        action: 'GET /api/v1/ai-orchestration/models',
        status: 403,
        outcome: 'denied',
        sourceIp: '203.0.113.9',
        details: { reason: 'ip_not_allowed' },
      });
    });

    it('records a successful write with the created resource as target', async () => {
      const res = await request(t.http).post(TASKS).set(as(KEYS.aliceOperator)).send(PRICING).expect(202);
      expect(await auditEntryOf(t.app, idOf(res))).toMatchObject({
        principalId: 'alice-op',
        tenant: 't1',
        action: `POST ${TASKS}`,
        target: res.body.data.id,
        status: 202,
        outcome: 'success',
        sourceIp: expect.stringMatching(LOOPBACK),
      });
    });

    it('records failed writes too: the route template as action, the id from the path as target', async () => {
      const missing = '01J0000000000000000000000Z';
      const notFound = await request(t.http).delete(`${TASKS}/${missing}`).set(as(KEYS.aliceOperator)).expect(404);
      expect(await auditEntryOf(t.app, idOf(notFound))).toMatchObject({
        action: `DELETE ${TASKS}/:id`,
        target: missing,
        status: 404,
        outcome: 'failure',
        details: { errorCode: 'NOT_FOUND' },
      });
      const invalid = await request(t.http).post(TASKS).set(as(KEYS.aliceOperator)).send({ type: 'options_pricing' });
      expect(invalid.status).toBe(400);
      expect(await auditEntryOf(t.app, idOf(invalid))).toMatchObject({
        status: 400,
        outcome: 'failure',
        details: { errorCode: 'VALIDATION_FAILED' },
      });
      const unknownRoute = await request(t.http).put('/api/v1/no-such-thing/7').set(as(KEYS.aliceOperator)).expect(404);
      const unknown = await auditEntryOf(t.app, idOf(unknownRoute));
      expect(unknown).toMatchObject({ action: 'PUT /api/v1/no-such-thing/7', outcome: 'failure' });
    });

    it('never stores the request body, and stores the query string only redacted', async () => {
      const res = await request(t.http)
        .post(`${TASKS}?token=abc&api_key=xyz&priority=1`)
        .set(as(KEYS.aliceOperator))
        .send({ ...PRICING, note: 'body-marker-5c1d' })
        .expect(400);
      const entry = await auditEntryOf(t.app, idOf(res));
      expect(entry.details?.path).toBe(`${TASKS}?token=%5BREDACTED%5D&api_key=%5BREDACTED%5D&priority=1`);
      expect(JSON.stringify(entry)).not.toMatch(/body-marker|token=abc|api_key=xyz|alice-operator-key/);
    });

    it('blanks a configured secret sent in the path', async () => {
      const res = await request(t.http).delete(`${TASKS}/${KEYS.bobAdmin}`).set(as(KEYS.aliceOperator)).expect(404);
      const entry = await auditEntryOf(t.app, idOf(res));
      expect(entry).toMatchObject({ action: `DELETE ${TASKS}/:id`, target: '[REDACTED]' });
      expect(JSON.stringify(entry)).not.toContain(KEYS.bobAdmin);
    });

    it('leaves reads that succeed out of the trail', async () => {
      const res = await request(t.http).get(TASKS).set(as(KEYS.aliceViewer)).expect(200);
      await flushAudit(t.app);
      expect(await listAs(KEYS.system, `&requestId=${idOf(res)}`)).toEqual([]);
    });
  });

  describe('who reads it', () => {
    beforeAll(async () => {
      await request(t.http).post(TASKS).set(as(KEYS.bobAdmin)).send(PRICING).expect(202);
    });

    it('a tenant admin reads its own tenant only, whatever tenant it asks for', async () => {
      const own = await listAs(KEYS.aliceAdmin);
      expect(own.length).toBeGreaterThan(3);
      expect(new Set(own.map((e) => e.tenant))).toEqual(new Set(['t1']));
      const asked = await listAs(KEYS.bobAdmin, '&tenant=t1');
      expect(asked.length).toBeGreaterThan(0);
      expect(new Set(asked.map((e) => e.tenant))).toEqual(new Set(['t2']));
    });

    it('an operator may not read it', async () => {
      await request(t.http).get(AUDIT).set(as(KEYS.aliceOperator)).expect(403);
    });

    it('the system admin reads every tenant and the entries of no tenant, and may filter', async () => {
      const all = await listAs(KEYS.system);
      expect(new Set(all.map((e) => e.tenant))).toEqual(new Set(['t1', 't2', null]));
      const denied = await listAs(KEYS.system, '&outcome=denied');
      expect(denied.length).toBeGreaterThan(0);
      expect(denied.every((e) => e.outcome === 'denied')).toBe(true);
      expect(new Set((await listAs(KEYS.system, '&tenant=t2')).map((e) => e.tenant))).toEqual(new Set(['t2']));
    });

    it('entries are links of one chain: consecutive sequence numbers, each holding the previous hash', async () => {
      const newestFirst = await listAs(KEYS.system);
      const bySeq = [...newestFirst].sort((a, b) => a.seq - b.seq);
      for (let i = 1; i < bySeq.length; i++) {
        expect(bySeq[i].seq).toBe(bySeq[i - 1].seq + 1);
        expect(bySeq[i].prevHash).toBe(bySeq[i - 1].hash);
      }
    });
  });

  describe('verify', () => {
    it('only the system admin may verify (the chain spans every tenant)', async () => {
      await request(t.http).get(`${AUDIT}/verify`).set(as(KEYS.aliceAdmin)).expect(403);
    });

    it('reports ok on the intact chain', async () => {
      await flushAudit(t.app);
      const res = await request(t.http).get(`${AUDIT}/verify`).set(as(KEYS.system)).expect(200);
      expect(res.body.data).toMatchObject({ ok: true, firstBroken: null, firstSeq: 1, anchor: { kind: 'genesis' } });
      expect(res.body.data.checked).toBeGreaterThan(10);
      expect(res.body.data.lastSeq).toBe(res.body.data.head.seq);
    });

    it('still reports ok after retention pruned the oldest entries, saying where it starts', async () => {
      await flushAudit(t.app);
      const pruned = await t.app.get(AuditRetention).sweep(new Date(Date.now() + 400 * 24 * 3600 * 1000));
      expect(pruned.deleted).toBeGreaterThan(10);
      await request(t.http).post(TASKS).set(as(KEYS.aliceOperator)).send(PRICING).expect(202);
      await flushAudit(t.app);
      const res = await request(t.http).get(`${AUDIT}/verify`).set(as(KEYS.system)).expect(200);
      expect(res.body.data).toMatchObject({
        ok: true,
        firstSeq: pruned.throughSeq + 1,
        anchor: { kind: 'retention', seq: pruned.throughSeq + 1, note: expect.stringContaining('pruned by retention') },
      });
    });

    it('names an entry edited directly in the database', async () => {
      const denied = await request(t.http).post(TASKS).set(as(KEYS.aliceViewer)).send(PRICING).expect(403);
      const entry = await auditEntryOf(t.app, idOf(denied));
      await request(t.http).post(TASKS).set(as(KEYS.aliceOperator)).send(PRICING).expect(202);
      await flushAudit(t.app);
      // Rewrite history: the refused request now reads as allowed.
      const rewrite = `UPDATE audit_log SET outcome = 'success', status = 202 WHERE id = ?`;
      expect(tamperSqlite(t.dataDir, rewrite, entry.id)).toBe(1);
      const res = await request(t.http).get(`${AUDIT}/verify`).set(as(KEYS.system)).expect(200);
      expect(res.body.data).toMatchObject({
        ok: false,
        firstBroken: {
          seq: entry.seq,
          id: entry.id,
          problem: 'hash_mismatch',
          message: expect.stringContaining('changed'),
        },
      });
    });
  });

  it('exposes its counters in /metrics', async () => {
    await flushAudit(t.app);
    const text = (await request(t.http).get('/metrics').expect(200)).text;
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('audit_entries_written_total')).toBeGreaterThan(10);
    expect(value('audit_entries_dropped_total')).toBe(0);
    expect(value('audit_queue_depth')).toBe(0);
    expect(value('audit_chain_head_seq')).toBeGreaterThan(10);
    expect(text).toContain('audit_flush_duration_seconds_bucket');
  });
});
