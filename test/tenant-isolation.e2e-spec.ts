import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/create-test-app';
import {
  collectionOf,
  exampleOf,
  fillPath,
  isWrite,
  operationsOf,
  requestBodySchema,
  type OpenApiDocument,
  type Operation,
} from './support/openapi-walk';
import { candlesFromCloses, walk } from './support/workflows';

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
const AGENT = 'walker-agent';

/** Shared by both tenants on purpose: same names, separate data. */
const FREE_VALUES: Record<string, string> = { agentId: AGENT, label: 'persona', name: 'handit.tasks' };

/** Served to every caller by design: the service's own state, not a tenant's. */
const SERVICE_WIDE = [
  /^\/health/,
  /^\/status$/,
  /^\/metrics$/,
  /^\/dashboard/,
  /^\/api\/v1\/ai-orchestration\/(models|capabilities)/,
  /^\/api\/v1\/scheduler\/jobs$/,
  /^\/api\/v1\/monitoring\/(health|metrics\/series)$/,
];

/** Slot names too generic to borrow an id made in another collection. */
const GENERIC_PARAMS = new Set(['id', 'name']);

/** Streams answer 200 and stay open; the walk reads their status and first bytes only. */
const STREAMS = /\/(events|stream)$/;

const candles = candlesFromCloses(walk(60).map((c) => c.close));

/** Operations documented with 201/202 that need a resource in a state the walk does not arrange. */
const OPTIONAL_CREATIONS = [
  'POST /api/v1/orchestration/runs/{id}/resume',
  'POST /api/v1/orchestration/runs/{id}/cancel',
  'POST /api/v1/scheduler/dead-letter/{id}/retry',
];

/** A body that needs an id tenant 1 has not created yet: try again in the next pass. */
const NOT_YET = Symbol('not yet');

/** Bodies the documented examples cannot express (cross-field rules, ids known only at run time). */
function bodyOverride(op: Operation, known: Known): unknown {
  switch (`${op.method} ${op.path}`) {
    case 'POST /api/v1/ai-orchestration/tasks':
      return {
        type: 'technical_analysis',
        input: { symbol: MARK, candles, indicators: [{ name: 'sma', period: 5 }] },
        options: { cache: false },
      };
    case 'POST /api/v1/scheduler/schedules':
      return { name: `${MARK} schedule`, job: 'scheduler.heartbeat', everyMs: 3_600_000, input: { note: MARK } };
    case 'POST /api/v1/agents/messages':
      // To tenant 1's own external agent, so the message stays in its mailbox.
      return known.byCollection.has('/api/v1/agents')
        ? { to: known.byCollection.get('/api/v1/agents'), type: 'news_triage', payload: { note: MARK } }
        : NOT_YET;
    case 'POST /api/v1/coordination/runs':
      return { strategy: 'parallel', capability: 'technical_analysis', task: 'technical_analysis', input: { symbol: MARK, candles } };
    case 'POST /api/v1/orchestration/execute':
      return { workflow: 'trading-analysis', input: { symbol: MARK, assetClass: 'equities', candles } };
    case 'POST /api/v1/observability/traces/{id}/scores':
      return { name: MARK, value: 1, dataType: 'NUMERIC', comment: MARK };
    case 'POST /api/v1/monitoring/alerts/silences':
      return { ruleName: `${MARK}-rule`, endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: MARK };
    case 'POST /api/v1/monitoring/alerts/rules':
      return { name: `${MARK}-rule`, severity: 'info', expr: { series: 'http.error_ratio', comparison: '>', threshold: 0.5 } };
    case 'POST /api/v1/memory/agents/{agentId}/import':
      return { blocks: [], sessions: [], memories: [importedMemory()] };
    case 'PATCH /api/v1/memory/agents/{agentId}/memories/{memoryId}':
      return { importance: 0.1 };
    case 'POST /api/v1/agents':
      return { name: `${MARK}-agent`, kind: 'external', capabilities: ['news_triage'], metadata: { note: MARK } };
    default:
      return undefined;
  }
}

function importedMemory() {
  const at = new Date().toISOString();
  return {
    id: 'imported-1',
    type: 'semantic',
    content: `imported ${MARK}`,
    tags: [],
    importance: 0.5,
    createdAt: at,
    updatedAt: at,
    lastAccessedAt: at,
    accessCount: 0,
  };
}

interface Known {
  /** Collection template → an id tenant 1 created in it. */
  readonly byCollection: Map<string, string>;
  /** Path parameter name → an id tenant 1 created (for slots whose collection is elsewhere). */
  readonly byName: Map<string, string>;
  /** Every id and marker tenant 1's writes returned: none may reach tenant 2. */
  readonly secrets: Set<string>;
}

interface Response {
  status: number;
  text: string;
  body: any;
  traceId?: string;
}

interface Caller {
  key: string;
  headers?: Record<string, string>;
}

class Walk {
  readonly known: Known = { byCollection: new Map(), byName: new Map(), secrets: new Set([MARK]) };
  readonly log: string[] = [];
  private baseUrl = '';

  constructor(
    readonly t: TestApp,
    readonly doc: OpenApiDocument,
  ) {}

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.t.http.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.t.http.address() as AddressInfo).port}`;
  }

  /** One request; a stream is cut after its first bytes so the walk never hangs on it. */
  async call(caller: Caller, method: string, path: string, body?: unknown): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), STREAMS.test(path) ? 500 : 15_000);
    let text = '';
    let status = 0;
    let traceId: string | undefined;
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        signal: controller.signal,
        headers: {
          'x-api-key': caller.key,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...caller.headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      status = res.status;
      traceId = res.headers.get('x-trace-id') ?? undefined;
      text = await res.text().catch(() => '');
    } catch (err) {
      if (!controller.signal.aborted) throw err;
    } finally {
      clearTimeout(timer);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status, text, body: parsed, traceId };
  }

  /** Fills the path with tenant 1's ids where it has them; `foreign` says whether any was used. */
  pathFor(op: Operation): { path: string; foreign: boolean } | undefined {
    const values: Record<string, string> = {};
    let foreign = false;
    for (const param of op.pathParams) {
      const own =
        this.known.byCollection.get(collectionOf(op.path, param)) ??
        (GENERIC_PARAMS.has(param) ? undefined : this.known.byName.get(param));
      if (own !== undefined) {
        values[param] = own;
        foreign = true;
      } else if (FREE_VALUES[param] !== undefined) {
        values[param] = FREE_VALUES[param];
      } else {
        return undefined;
      }
    }
    return { path: fillPath(op.path, values), foreign };
  }

  bodyFor(op: Operation): unknown {
    const schema = requestBodySchema(this.doc, op);
    if (!schema) return undefined;
    return (
      bodyOverride(op, this.known) ??
      exampleOf(this.doc, schema, { mark: (value, s) => (s.pattern ? `${MARK}${value}` : `${value} ${MARK}`) })
    );
  }

  /** Remembers what a tenant-1 write created, under its collection and any id-like field names. */
  remember(op: Operation, path: string, res: Response): void {
    const data = res.body?.data;
    if (!data || typeof data !== 'object') return;
    const id = data.id ?? data.runId ?? data.messageId ?? data.name;
    if (typeof id === 'string') {
      const collection = path.replace(/\/(bulk|import|trigger|retry|replay)$/, '');
      this.known.byCollection.set(templateOf(op.path, path, collection), id);
    }
    for (const [key, value] of Object.entries(data)) {
      const free = Object.values(FREE_VALUES).includes(value as string);
      if (typeof value === 'string' && /^(id|\w+Id)$/.test(key) && value.length >= 8 && !free) {
        this.known.byName.set(key, value);
        this.known.secrets.add(value);
      }
    }
    if (typeof id === 'string' && id.length >= 8) this.known.secrets.add(id);
  }
}

/** Maps a filled path back to the template prefix it came from. */
function templateOf(template: string, _path: string, collection: string): string {
  const depth = collection.split('/').length;
  return template.split('/').slice(0, depth).join('/');
}

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
      if (key === 'meta' || /(At|Ms|Seconds|time|Time|duration|latency|uptime|^p\d\d$|^avg|^mean|rate|Rate)$/.test(key)) continue;
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
async function tenant2Views(w: Walk, ops: Operation[]): Promise<Map<string, unknown>> {
  const views = new Map<string, unknown>();
  for (const op of ops) {
    if (op.method !== 'GET' || op.pathParams.length > 0 || isServiceWide(op.path) || STREAMS.test(op.path)) continue;
    const res = await w.call({ key: KEYS.t2admin }, 'GET', op.path);
    views.set(op.path, { status: res.status, body: normalise(res.body) });
  }
  return views;
}

/** Tenant 1 creates what it can, in passes, until no new path becomes reachable. */
async function tenant1Creates(w: Walk, ops: Operation[]): Promise<string[]> {
  const creators = ops.filter((op) => ['POST', 'PUT'].includes(op.method) && ('201' in op.operation.responses || '202' in op.operation.responses));
  const done = new Set<string>();
  const created: string[] = [];
  for (let pass = 0; pass < 4; pass++) {
    for (const op of creators) {
      const key = `${op.method} ${op.path}`;
      if (done.has(key)) continue;
      const target = w.pathFor(op);
      const body = w.bodyFor(op);
      if (!target || body === NOT_YET) continue;
      done.add(key);
      const res = await w.call({ key: KEYS.t1admin, headers: { 'x-session-id': SESSION } }, op.method, target.path, body);
      if (res.status >= 200 && res.status < 300) {
        created.push(key);
        w.remember(op, target.path, res);
      } else {
        w.log.push(`t1 ${key} → ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
  }
  return created;
}

describe('tenant isolation: a walk over every documented operation', () => {
  let doc: OpenApiDocument;
  let ops: Operation[];
  let active: Walk;
  let idle: Walk;
  let created: string[];
  let idleViews: Map<string, unknown>;
  let activeViews: Map<string, unknown>;

  beforeAll(async () => {
    const [a, b] = await Promise.all([createTestApp(ENV), createTestApp(ENV)]);
    doc = (await request(a.http).get('/docs-json').expect(200)).body as OpenApiDocument;
    ops = operationsOf(doc);
    active = new Walk(a, doc);
    idle = new Walk(b, doc);
    await Promise.all([active.start(), idle.start()]);
    // Tenant 1's traces and session: the ids it was given are its secrets too.
    const own = await active.call({ key: KEYS.t1admin, headers: { 'x-session-id': SESSION } }, 'GET', '/api/v1/agents');
    if (own.traceId) {
      active.known.byCollection.set('/api/v1/observability/traces', own.traceId);
      active.known.secrets.add(own.traceId);
    }
    active.known.byCollection.set('/api/v1/observability/sessions', SESSION);
    created = await tenant1Creates(active, ops);
    // Let queued work run, so tenant 2 sees tenant 1's work in every state it reaches.
    await new Promise((r) => setTimeout(r, 1500));
    activeViews = await tenant2Views(active, ops);
    idleViews = await tenant2Views(idle, ops);
  }, 120_000);

  afterAll(async () => {
    await active?.t.close();
    await idle?.t.close();
  });

  it('tenant 1 could create through most creating operations (so the walk proves something)', () => {
    const creators = ops.filter((op) => ['POST', 'PUT'].includes(op.method) && ('201' in op.operation.responses || '202' in op.operation.responses));
    const missing = creators.map((op) => `${op.method} ${op.path}`).filter((key) => !created.includes(key));
    // Actions on a resource that may legitimately refuse (resume of a run not waiting, retry
    // of a dead letter that does not exist yet) are allowed to fail; creation routes are not.
    const required = missing.filter((key) => !OPTIONAL_CREATIONS.includes(key));
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
    const reads = ops.filter((op) => op.method === 'GET' && !STREAMS.test(op.path)).map((op) => ({ op, target: active.pathFor(op) }));
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
      if (JSON.stringify(after) !== JSON.stringify(view)) changed.push(`GET ${path}: ${JSON.stringify(view)} → ${JSON.stringify(after)}`);
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
      differencesOf(`${where}.${key}`, (idle as Record<string, unknown>)[key], (active as Record<string, unknown>)[key]),
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
