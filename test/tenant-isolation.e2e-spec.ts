import request from 'supertest';
import {
  ApiWalker,
  isCreation,
  OPTIONAL_CREATIONS,
  STREAMS,
  SYSTEM_CREATIONS,
  type Response,
} from './support/api-walker';
import { createTestApp, type TestApp } from './support/create-test-app';
import { isWrite, operationsOf, type OpenApiDocument, type Operation } from './support/openapi-walk';

/**
 * Walks every operation of /docs-json with two tenants. Tenant 1 creates what the API lets it
 * create (bodies from the documented examples, marked so a read can be traced back); tenant 2's
 * admin then reads, counts, writes and cancels with tenant 1's ids. Nothing of tenant 1 may be
 * visible (404, never 403: existence is not revealed), countable (tenant 2's lists and summaries
 * are the same as in a twin service where tenant 1 did nothing), writable or cancellable.
 * A new route is covered without a new test; only bodies the examples cannot express are below.
 */

const KEYS = {
  t1admin: 'walk-t1-admin-key-0000000000000001',
  t1op: 'walk-t1-operator-key-000000000000001',
  t2admin: 'walk-t2-admin-key-0000000000000002',
  t2op: 'walk-t2-operator-key-000000000000002',
};
const ENV = {
  API_KEYS: [
    `t1-admin:admin:t1:${KEYS.t1admin}`,
    `t1-op:operator:t1:${KEYS.t1op}`,
    `t2-admin:admin:t2:${KEYS.t2admin}`,
    `t2-op:operator:t2:${KEYS.t2op}`,
  ].join(','),
  RATE_LIMIT_MAX: '0',
};

const MARK = 'zqmarkt1';
const SESSION = `${MARK}-session`;

/**
 * Served to every caller by design: probes, the Prometheus scrape, the service's telemetry and
 * its catalogues (models, jobs, calendars), not a tenant's resources.
 */
const SERVICE_WIDE = [
  /^\/health/,
  /^\/metrics$/,
  /^\/dashboard/,
  /^\/api\/v1\/ai-orchestration\/(models|capabilities)/,
  /^\/api\/v1\/scheduler\/jobs$/,
  /^\/api\/v1\/calendars/,
  /^\/api\/v1\/monitoring\/metrics\/series$/,
];

/** Fields of a tenant's view that are the service's telemetry, shared by design (README, Monitoring). */
const SHARED_FIELDS: Record<string, string[]> = { '/api/v1/monitoring/dashboard': ['series'] };

function leaked(text: string, secrets: Set<string>): string[] {
  return [...secrets].filter((secret) => text.includes(secret));
}

const isServiceWide = (path: string) => SERVICE_WIDE.some((pattern) => pattern.test(path));

/** Values that differ between two identical runs of the service: ids, times, durations. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'meta' || /(At|Ms|Seconds|time|Time|duration|latency|uptime|^p\d\d$|^avg|^mean|rate|Rate)$/.test(key))
        continue;
      out[key] = normalise(inner);
    }
    return out;
  }
  if (typeof value === 'string') {
    return value
      .replace(/\b[0-9A-HJKMNP-TV-Z]{26}\b/g, '<ulid>')
      .replace(/\b[0-9a-f]{32}\b/g, '<trace>')
      .replace(/\b[0-9a-f]{16}\b/g, '<span>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');
  }
  return value;
}

/** Tenant 2's view of every list and summary (no path parameters, not service-wide). */
async function tenant2Views(w: ApiWalker, ops: Operation[]): Promise<Map<string, unknown>> {
  const views = new Map<string, unknown>();
  for (const op of ops) {
    if (op.method !== 'GET' || op.pathParams.length > 0 || isServiceWide(op.path) || STREAMS.test(op.path)) continue;
    const res = await w.call({ key: KEYS.t2admin }, 'GET', op.path);
    const data = res.body?.data;
    for (const field of SHARED_FIELDS[op.path] ?? []) if (data && typeof data === 'object') delete data[field];
    views.set(op.path, { status: res.status, body: normalise(res.body) });
  }
  return views;
}

describe('tenant isolation: a walk over every documented operation', () => {
  let doc: OpenApiDocument;
  let ops: Operation[];
  let apps: TestApp[] = [];
  let active: ApiWalker;
  let idle: ApiWalker;
  let created: string[];
  let idleViews: Map<string, unknown>;
  let activeViews: Map<string, unknown>;

  beforeAll(async () => {
    apps = await Promise.all([createTestApp(ENV), createTestApp(ENV)]);
    doc = (await request(apps[0].http).get('/docs-json').expect(200)).body as OpenApiDocument;
    ops = operationsOf(doc);
    [active, idle] = await Promise.all(apps.map((app) => ApiWalker.listening(app.http, doc, MARK)));
    // Tenant 1's traces and session: the ids it was given are its secrets too.
    const own = await active.call({ key: KEYS.t1admin, headers: { 'x-session-id': SESSION } }, 'GET', '/api/v1/agents');
    if (own.traceId) {
      active.known.byCollection.set('/api/v1/observability/traces', own.traceId);
      active.known.secrets.add(own.traceId);
    }
    active.known.byCollection.set('/api/v1/observability/sessions', SESSION);
    created = await active.createAll(ops, { key: KEYS.t1admin, headers: { 'x-session-id': SESSION } });
    // Let queued work run, so tenant 2 sees tenant 1's work in every state it reaches.
    await new Promise((r) => setTimeout(r, 1500));
    activeViews = await tenant2Views(active, ops);
    idleViews = await tenant2Views(idle, ops);
  }, 120_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('tenant 1 could create through most creating operations (so the walk proves something)', () => {
    const missing = ops
      .filter(isCreation)
      .map((op) => `${op.method} ${op.path}`)
      .filter((key) => !created.includes(key));
    // Actions on a resource that may legitimately refuse (resume of a run not waiting, retry
    // of a dead letter that does not exist yet) are allowed to fail; creation routes are not.
    const required = missing.filter((key) => !OPTIONAL_CREATIONS.includes(key) && !SYSTEM_CREATIONS.includes(key));
    // The refusals are printed beside the list when it is not empty.
    expect({ missing: required, refusals: active.log }).toEqual({ missing: [], refusals: expect.any(Array) });
  });

  it("tenant 2's lists and summaries do not contain tenant 1's ids or marks", async () => {
    const leaks: string[] = [];
    for (const op of ops) {
      if (op.method !== 'GET' || op.pathParams.length > 0 || STREAMS.test(op.path)) continue;
      const res = await active.call({ key: KEYS.t2admin }, 'GET', op.path);
      const found = leaked(res.text, active.known.secrets);
      if (found.length) leaks.push(`GET ${op.path}: ${found.join(', ')}`);
    }
    expect(leaks).toEqual([]);
  });

  it("tenant 2's lists and summaries count nothing of tenant 1 (same as where tenant 1 did nothing)", () => {
    const differences: string[] = [];
    for (const [path, view] of activeViews) {
      differences.push(...differencesOf(`GET ${path}`, idleViews.get(path), view));
    }
    expect(differences).toEqual([]);
  });

  it("tenant 2 gets 404 for every read of tenant 1's resources", async () => {
    const seen: string[] = [];
    for (const op of ops) {
      if (op.method !== 'GET') continue;
      const target = active.pathFor(op);
      if (!target?.foreign) continue;
      const res = await active.call({ key: KEYS.t2admin }, 'GET', target.path);
      // A 404 may echo the id the caller sent; only a success can leak.
      const found = res.status < 300 ? leaked(res.text, active.known.secrets) : [];
      if (res.status !== 404 || found.length) seen.push(`GET ${target.path} → ${res.status} ${found.join(', ')}`);
    }
    expect(seen).toEqual([]);
  });

  it("tenant 2 cannot write, cancel or delete tenant 1's resources, and they are unchanged after its attempts", async () => {
    const reads = ops
      .filter((op) => op.method === 'GET' && !STREAMS.test(op.path))
      .map((op) => ({ op, target: active.pathFor(op) }));
    const before = new Map<string, unknown>();
    for (const { target } of reads) {
      if (!target?.foreign) continue;
      before.set(target.path, normaliseStatus(await active.call({ key: KEYS.t1admin }, 'GET', target.path)));
    }
    const accepted: string[] = [];
    for (const op of ops.filter(isWrite)) {
      const target = active.pathFor(op);
      if (!target) continue;
      const res = await active.call({ key: KEYS.t2admin }, op.method, target.path, active.bodyFor(op));
      if (target.foreign && res.status !== 404) accepted.push(`${op.method} ${target.path} → ${res.status}`);
      if (res.status >= 500) accepted.push(`${op.method} ${target.path} → ${res.status} (server error)`);
    }
    expect(accepted).toEqual([]);
    const changed: string[] = [];
    for (const [path, view] of before) {
      const after = normaliseStatus(await active.call({ key: KEYS.t1admin }, 'GET', path));
      if (JSON.stringify(after) !== JSON.stringify(view))
        changed.push(`GET ${path}: ${JSON.stringify(view)} → ${JSON.stringify(after)}`);
    }
    expect(changed).toEqual([]);
  });
});

/** Where two JSON values differ, as `where: idle → active` lines (arrays by index). */
function differencesOf(where: string, idle: unknown, active: unknown): string[] {
  if (JSON.stringify(idle) === JSON.stringify(active)) return [];
  if (idle && active && typeof idle === 'object' && typeof active === 'object') {
    const keys = new Set([...Object.keys(idle), ...Object.keys(active)]);
    return [...keys].flatMap((key) =>
      differencesOf(
        `${where}.${key}`,
        (idle as Record<string, unknown>)[key],
        (active as Record<string, unknown>)[key],
      ),
    );
  }
  return [`${where}: ${JSON.stringify(idle)?.slice(0, 120)} → ${JSON.stringify(active)?.slice(0, 120)}`];
}

/** What tenant 2 could have changed: existence and status, not progress made meanwhile. */
function normaliseStatus(res: Response): unknown {
  const data = res.body?.data;
  const status = data && typeof data === 'object' && !Array.isArray(data) ? (data.status ?? data.state) : undefined;
  return { code: res.status, status: status === 'queued' || status === 'running' ? 'live' : status };
}
