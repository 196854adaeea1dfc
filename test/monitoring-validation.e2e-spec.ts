import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';

/**
 * Issue 14, "Must show" 5 (monitoring): no input reaches the alert services unchecked. Each of
 * these bodies was a 500 or stored a broken rule or silence before; each is now a 400
 * VALIDATION_FAILED naming the field, and nothing is stored.
 */

const KEY = 'mon-validation-operator-key-5e2d';
const RULES = '/api/v1/monitoring/alerts/rules';
const SILENCES = '/api/v1/monitoring/alerts/silences';
const EXPR = { series: 'http.error_ratio', comparison: '>', threshold: 0.2 };
const RULE = { name: 'r1', expr: EXPR, severity: 'info' };
const SILENCE = { endsAt: '2099-01-01T00:00:00Z', comment: 'maintenance' };

describe('monitoring: input validation', () => {
  let t: TestApp;
  const post = (path: string, body: unknown) =>
    request(t.http).post(path).set('X-API-Key', KEY).set('Content-Type', 'application/json').send(JSON.stringify(body));
  const fieldsOf = (res: request.Response) =>
    (res.body.error.details.fields as Array<{ field: string }>).map((f) => f.field);

  beforeAll(async () => {
    t = await createTestApp({ API_KEYS: `ops:operator:desk-v:${KEY}` });
  });
  afterAll(() => t.close());

  it('answers a rule without its expression with 400 naming expr (was a 500)', async () => {
    const res = await post(RULES, { name: 'r1', severity: 'info' }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toBe('expr: is required; must be an object');
    expect(fieldsOf(res)).toEqual(['expr']);
  });

  it('answers every missing, mistyped, null or oversized rule field with 400 naming it', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['expr null', { ...RULE, expr: null }, 'expr'],
      ['expr an array', { ...RULE, expr: [EXPR] }, 'expr'],
      ['expr a string', { ...RULE, expr: 'http.error_ratio > 0.2' }, 'expr'],
      ['expr empty', { ...RULE, expr: {} }, 'expr.series'],
      ['series missing', { ...RULE, expr: { comparison: '>', threshold: 1 } }, 'expr.series'],
      ['series null', { ...RULE, expr: { ...EXPR, series: null } }, 'expr.series'],
      ['series a number', { ...RULE, expr: { ...EXPR, series: 7 } }, 'expr.series'],
      ['series too long', { ...RULE, expr: { ...EXPR, series: 'x'.repeat(201) } }, 'expr.series'],
      ['series inherited from Object', { ...RULE, expr: { ...EXPR, series: 'constructor' } }, 'expr.series'],
      ['series __proto__', { ...RULE, expr: { ...EXPR, series: '__proto__' } }, 'expr.series'],
      ['comparison missing', { ...RULE, expr: { series: 'http.error_ratio', threshold: 1 } }, 'expr.comparison'],
      ['comparison null', { ...RULE, expr: { ...EXPR, comparison: null } }, 'expr.comparison'],
      ['threshold missing', { ...RULE, expr: { series: 'http.error_ratio', comparison: '>' } }, 'expr.threshold'],
      ['threshold null', { ...RULE, expr: { ...EXPR, threshold: null } }, 'expr.threshold'],
      ['threshold a string', { ...RULE, expr: { ...EXPR, threshold: '0.2' } }, 'expr.threshold'],
      ['forMs null', { ...RULE, expr: { ...EXPR, forMs: null } }, 'expr.forMs'],
      ['forMs a string', { ...RULE, expr: { ...EXPR, forMs: '1000' } }, 'expr.forMs'],
      ['forMs huge', { ...RULE, expr: { ...EXPR, forMs: 1e300 } }, 'expr.forMs'],
      ['forMs fractional', { ...RULE, expr: { ...EXPR, forMs: 1.5 } }, 'expr.forMs'],
      ['reduce null', { ...RULE, expr: { ...EXPR, reduce: null } }, 'expr.reduce'],
      ['reduce unknown', { ...RULE, expr: { ...EXPR, reduce: 'median' } }, 'expr.reduce'],
      ['windowMs null', { ...RULE, expr: { ...EXPR, windowMs: null } }, 'expr.windowMs'],
      ['windowMs huge', { ...RULE, expr: { ...EXPR, windowMs: 2 ** 53 } }, 'expr.windowMs'],
      ['expr with an unknown field', { ...RULE, expr: { ...EXPR, labels: {} } }, 'expr.labels'],
      ['name missing', { expr: EXPR, severity: 'info' }, 'name'],
      ['name null', { ...RULE, name: null }, 'name'],
      ['name a number', { ...RULE, name: 42 }, 'name'],
      ['name too long', { ...RULE, name: 'n'.repeat(101) }, 'name'],
      ['severity missing', { name: 'r1', expr: EXPR }, 'severity'],
      ['severity null', { ...RULE, severity: null }, 'severity'],
      ['scope null', { ...RULE, scope: null }, 'scope'],
      ['scope unknown', { ...RULE, scope: 'global' }, 'scope'],
      ['an unknown field', { ...RULE, owner: 'desk-b' }, 'owner'],
    ];
    for (const [label, body, field] of cases) {
      const res = await post(RULES, body);
      expect([label, res.status, res.body.error?.code]).toEqual([label, 400, 'VALIDATION_FAILED']);
      expect([label, fieldsOf(res)]).toEqual([label, expect.arrayContaining([field])]);
    }
    const stored = await request(t.http).get('/api/v1/monitoring/alerts').set('X-API-Key', KEY).expect(200);
    expect(stored.body.data).toEqual([]);
  });

  it('refuses an array for expr as one problem, without validating each element', async () => {
    const res = await post(RULES, { ...RULE, expr: Array.from({ length: 10_000 }, () => ({})) }).expect(400);
    expect(res.body.error.details.fields).toEqual([{ field: 'expr', message: 'must be an object, not an array' }]);
  });

  it('answers unreadable dates, nulls and missing silence fields with 400 naming them (were 500s)', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['endsAt an ISO week date', { ...SILENCE, endsAt: '2099-W01-1' }, 'endsAt'],
      ['endsAt an ISO ordinal date', { ...SILENCE, endsAt: '2099-123' }, 'endsAt'],
      ['startsAt an ISO week date', { ...SILENCE, startsAt: '2098-W01-1' }, 'startsAt'],
      ['startsAt null', { ...SILENCE, startsAt: null }, 'startsAt'],
      ['endsAt missing', { comment: 'x' }, 'endsAt'],
      ['endsAt a number', { ...SILENCE, endsAt: 4_070_908_800_000 }, 'endsAt'],
      ['endsAt hour 24', { ...SILENCE, endsAt: '2099-01-01T24:00:00Z' }, 'endsAt'],
      ['comment missing', { endsAt: SILENCE.endsAt }, 'comment'],
      ['comment null', { ...SILENCE, comment: null }, 'comment'],
      ['comment too long', { ...SILENCE, comment: 'c'.repeat(501) }, 'comment'],
      ['ruleName not a rule name', { ...SILENCE, ruleName: 'no spaces allowed' }, 'ruleName'],
      ['severity unknown', { ...SILENCE, severity: 'fatal' }, 'severity'],
      ['scope unknown', { ...SILENCE, scope: 'everyone' }, 'scope'],
      ['endsAt in the past', { ...SILENCE, endsAt: '2001-01-01T00:00:00Z' }, 'endsAt'],
    ];
    for (const [label, body, field] of cases) {
      const res = await post(SILENCES, body);
      expect([label, res.status, res.body.error?.code]).toEqual([label, 400, 'VALIDATION_FAILED']);
      expect([label, fieldsOf(res)]).toEqual([label, expect.arrayContaining([field])]);
    }
    expect((await request(t.http).get(SILENCES).set('X-API-Key', KEY).expect(200)).body.data).toEqual([]);
    // null ruleName and severity mean "every rule" and "every severity", as documented.
    const every = await post(SILENCES, { ...SILENCE, ruleName: null, severity: null }).expect(201);
    expect(every.body.data).toMatchObject({ ruleName: null, severity: null, tenant: 'desk-v' });
  });

  it('answers series names inherited from Object with 400, not a 200 with a prototype', async () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      const res = await request(t.http).get(`/api/v1/monitoring/metrics/series?name=${name}`).set('X-API-Key', KEY);
      expect(res.status).toBe(400);
      expect(fieldsOf(res)).toEqual(['name']);
    }
  });
});
