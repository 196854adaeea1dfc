import request from 'supertest';
import { Test, TestingModule } from '@nestjs/testing';
import { AuditChainVerifier, AuditLog, newId, PersistenceModule } from '@app/infrastructure';
import { auditEntryOf, flushAudit } from '../support/audit';
import { createTestApp, TestApp } from '../support/create-test-app';
import { sqlAdmin as sql, TEST_DATABASE_URL as BASE_URL, urlWithSearchPath } from '../support/pg-schema';

jest.setTimeout(90_000);

const schema = `audit_${newId().toLowerCase()}`;
const TASKS = '/api/v1/ai-orchestration/tasks';
const SYSTEM_KEY = 'system-key-for-pg-audit-0123';
const OPERATOR_KEY = 'operator-key-for-pg-audit-0123';
const OPTION = { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 };
const PRICING = { type: 'options_pricing', input: OPTION };

/** The audit trail on PostgreSQL: one chain however many writers append, and tampering named. */
describe('audit trail on PostgreSQL', () => {
  let t: TestApp;
  let replica: TestingModule;

  beforeAll(async () => {
    await sql(`CREATE SCHEMA "${schema}"`);
    const url = urlWithSearchPath(BASE_URL, schema);
    const keys = `root:system:default:${SYSTEM_KEY},op:operator:t1:${OPERATOR_KEY}`;
    t = await createTestApp({ DATABASE_URL: url, API_KEYS: keys, RATE_LIMIT_MAX: '0' });
    // A second writer on its own connection pool, as another replica would be.
    replica = await Test.createTestingModule({
      imports: [PersistenceModule.forRoot({ url, sqlitePath: 'unused.db', busyTimeoutMs: 5000, poolMax: 4 })],
    }).compile();
    await replica.init();
  });
  afterAll(async () => {
    await replica?.close();
    await t?.close();
    await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  const verify = async () => {
    const res = await request(t.http).get('/api/v1/audit-log/verify').set('X-API-Key', SYSTEM_KEY).expect(200);
    return res.body.data;
  };

  it('serialises appends from two writers into one chain without gaps or forks', async () => {
    const other = replica.get(AuditLog);
    const http = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? request(t.http).get(TASKS).expect(401)
        : request(t.http).post(TASKS).set('X-API-Key', OPERATOR_KEY).send(PRICING).expect(202),
    );
    const direct = Array.from({ length: 20 }, (_, i) =>
      other.append([0, 1, 2, 3, 4].map((j) => ({ action: 'replica.test', outcome: 'success', details: { i, j } }))),
    );
    await Promise.all([...http, ...direct]);
    await flushAudit(t.app);

    const { rows } = await sql(`SELECT seq, prev_hash, hash FROM "${schema}".audit_log ORDER BY seq`);
    expect(rows).toHaveLength(130);
    rows.forEach((row, i) => {
      expect(Number(row.seq)).toBe(i + 1);
      if (i > 0) expect(row.prev_hash).toBe(rows[i - 1].hash);
    });
    expect(await verify()).toMatchObject({ ok: true, checked: 130, head: { seq: 130 } });
    expect(await replica.get(AuditChainVerifier).verify()).toMatchObject({ ok: true, checked: 130 });
  });

  it('names an entry edited directly in the database', async () => {
    const res = await request(t.http).post(TASKS).set('X-API-Key', OPERATOR_KEY).send({ type: 'options_pricing' });
    expect(res.status).toBe(400);
    const entry = await auditEntryOf(t.app, res.headers['x-request-id']);
    await request(t.http).post(TASKS).set('X-API-Key', OPERATOR_KEY).send(PRICING).expect(202);
    await flushAudit(t.app);
    const rewrite = `UPDATE "${schema}".audit_log SET principal_id = 'someone-else' WHERE id = $1`;
    const updated = await sql(rewrite, [entry.id]);
    expect(updated.rowCount).toBe(1);
    const report = await verify();
    expect(report).toMatchObject({ ok: false, firstBroken: { seq: entry.seq, id: entry.id } });
    expect(report.firstBroken.problem).toBe('hash_mismatch');
  });

  it('names a deleted entry', async () => {
    // Undo the previous test's edit first, so the deletion is the first break.
    await sql(`UPDATE "${schema}".audit_log SET principal_id = 'op' WHERE principal_id = 'someone-else'`);
    expect(await verify()).toMatchObject({ ok: true });
    const { rows } = await sql(`SELECT id, seq FROM "${schema}".audit_log ORDER BY seq DESC LIMIT 1 OFFSET 3`);
    await sql(`DELETE FROM "${schema}".audit_log WHERE id = $1`, [rows[0].id]);
    const report = await verify();
    expect(report).toMatchObject({ ok: false, firstBroken: { seq: Number(rows[0].seq), id: null } });
    expect(report.firstBroken.problem).toBe('missing_entries');
  });
});
