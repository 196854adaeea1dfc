import request from 'supertest';
import { ApiWalker, isCreation, type Response } from './support/api-walker';
import { createTestApp, type TestApp } from './support/create-test-app';
import { validatorFor } from './support/openapi-validate';
import {
  collectionOf,
  fillPath,
  operationsOf,
  resolve,
  type OpenApiDocument,
  type Operation,
  type Schema,
} from './support/openapi-walk';

/**
 * The tour in Swagger UI, automated: every operation of /docs-json is called with its documented
 * example request as "Try it out" fills it in (every parameter's example, the body's first
 * example), as a tenant admin (the system admin where only that role may), and must answer a
 * documented 2xx. Creating operations run first, so ids in paths are replaced by ids created
 * through their own examples (as the tenant-isolation walk does); so are the few ids in bodies
 * and queries (a message's agent, a lease, a session filter). The state-dependent ones are listed.
 */

const KEYS = { admin: 'examples-admin-key-000000000000000001', system: 'examples-system-key-00000000000000001' };
const ENV = {
  API_KEYS: [`tour-admin:admin:default:${KEYS.admin}`, `tour-system:system:default:${KEYS.system}`].join(','),
  RATE_LIMIT_MAX: '0',
};

type ParameterWithExample = { name: string; in: string; example?: unknown; schema?: Schema };

/** What Swagger UI puts in a parameter's field: its example, else its schema's example or default. */
function parameterExample(doc: OpenApiDocument, p: ParameterWithExample): unknown {
  const schema = resolve(doc, p.schema);
  return p.example ?? schema.example ?? schema.default;
}

/** The body "Try it out" starts from: the media type's (first) example, else one built from the schema. */
function bodyExample(doc: OpenApiDocument, op: Operation, index = 0): unknown {
  const content = op.operation.requestBody?.content?.['application/json'] as
    { schema?: Schema; example?: unknown; examples?: Record<string, { value: unknown }> } | undefined;
  if (!content) return undefined;
  if (content.example !== undefined) return content.example;
  const picked = Object.values(content.examples ?? {})[index];
  if (picked) return picked.value;
  return sampleOf(doc, content.schema);
}

/** Swagger UI's sample of a schema: every property, each from its example, default or type. */
function sampleOf(doc: OpenApiDocument, raw: Schema | undefined): unknown {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.oneOf?.length) return sampleOf(doc, schema.oneOf[0]);
  if (schema.anyOf?.length) return sampleOf(doc, schema.anyOf[0]);
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sampleOf(doc, v)]));
    case 'array':
      return [sampleOf(doc, schema.items)];
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return true;
    case 'string':
      return 'string';
    default:
      return {};
  }
}

function queryOf(doc: OpenApiDocument, op: Operation, created: (name: string) => string | undefined): string {
  const params = (op.operation.parameters ?? []) as ParameterWithExample[];
  const search = new URLSearchParams();
  for (const p of params) {
    if (p.in !== 'query') continue;
    const value = created(p.name) ?? parameterExample(doc, p);
    if (value !== undefined) search.set(p.name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Fields of a schema Swagger UI could only fill with a placeholder (`"string"`, `0`): no example,
 * enum, format or default on the field or on an object or array around it.
 */
function placeholders(doc: OpenApiDocument, raw: Schema | undefined, path: string, depth = 0): string[] {
  const schema = resolve(doc, raw);
  if (depth > 8 || schema.example !== undefined || schema.enum || schema.format || schema.default !== undefined) {
    return [];
  }
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.length) return placeholders(doc, alternatives[0], path, depth + 1);
  if (schema.type === 'array') return placeholders(doc, schema.items, `${path}[]`, depth + 1);
  if (schema.type === 'object' || schema.properties) {
    if (!schema.properties) return [`${path}{}`];
    return Object.entries(schema.properties).flatMap(([key, inner]) =>
      placeholders(doc, inner, `${path}.${key}`, depth + 1),
    );
  }
  return [path];
}

function documented2xx(op: Operation): number[] {
  return Object.keys(op.operation.responses)
    .map(Number)
    .filter((s) => s >= 200 && s < 300);
}

/**
 * Operations whose documented 2xx needs a state the examples cannot arrange in one pass: each
 * may instead answer the documented status named here (and nothing else).
 */
const STATE_DEPENDENT: Record<string, { status: number; why: string }> = {
  'DELETE /api/v1/ai-orchestration/tasks/{id}': { status: 409, why: 'the example task has finished by then' },
  'POST /api/v1/orchestration/runs/{id}/resume': { status: 409, why: 'the example run does not wait for approval' },
  'POST /api/v1/orchestration/runs/{id}/cancel': { status: 409, why: 'the example run has finished by then' },
  'POST /api/v1/scheduler/dead-letter/{id}/retry': { status: 404, why: 'no scheduled job has failed for good' },
  'POST /api/v1/agents/dead-letters/{messageId}/replay': { status: 404, why: 'no message has been dead-lettered' },
  'GET /api/v1/langgraph/threads/{thread_id}/state/{checkpoint_id}': {
    status: 404,
    why: 'checkpoint ids are made by LangGraph at run time; the example one is not the thread’s',
  },
  'POST /api/v1/langgraph/threads/{thread_id}/state/checkpoint': {
    status: 404,
    why: 'checkpoint ids are made by LangGraph at run time; the example one is not the thread’s',
  },
  'DELETE /api/v1/langgraph/threads/{thread_id}/runs/{run_id}': {
    status: 404,
    why: 'the example thread, with its runs, is deleted first (paths come in document order)',
  },
};

/** An example id the test replaces, in bodies, by the one it created (by the field it sits in). */
const AGENT_EXAMPLE_ID = '01JD3Z8X6Q4W3N5R7T9V1B2C3D';
const DATASET_EXAMPLE_ID = '01JD3Z7R2M0P9K8J7H6G5F4E3D';

describe('every operation documents a realistic example answer', () => {
  let t: TestApp;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    t = await createTestApp(ENV);
    doc = (await request(t.http).get('/docs-json').expect(200)).body as OpenApiDocument;
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('gives every field of every 2xx JSON answer an example (or enum, format, default)', () => {
    const missing: string[] = [];
    for (const op of operationsOf(doc)) {
      for (const status of documented2xx(op)) {
        const schema = op.operation.responses[String(status)].content?.['application/json']?.schema;
        if (!schema) continue;
        const data = resolve(doc, schema).properties?.data ?? schema;
        for (const field of placeholders(doc, data, 'data')) missing.push(`${op.method} ${op.path} ${status} ${field}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('every documented example request answers its documented status', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let walker: ApiWalker;
  const results = new Map<string, { status: number; text: string; body?: any }>();
  /** Leases of messages the external agent claimed: ack takes the first, extend and nack the second. */
  const leases: { messageId: string; leaseId: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp(ENV);
    doc = (await request(t.http).get('/docs-json').expect(200)).body as OpenApiDocument;
    walker = await ApiWalker.listening(t.http, doc, 'tour');
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const keyOf = (op: Operation) => `${op.method} ${op.path}`;
  const parameters = (op: Operation) => (op.operation.parameters ?? []) as ParameterWithExample[];

  /** A path slot: an id the test created in that collection, else the documented example (or first enum value). */
  function pathOf(op: Operation): string {
    const values: Record<string, string> = {};
    for (const p of parameters(op).filter((p) => p.in === 'path')) {
      // `{other}` (compare with another) takes the id created for `{id}` of the same collection.
      const created =
        walker.known.byCollection.get(collectionOf(op.path, p.name)) ??
        (p.name === 'other' ? walker.known.byCollection.get(collectionOf(op.path, 'id')) : undefined);
      const documented = parameterExample(doc, p) ?? resolve(doc, p.schema).enum?.[0];
      if (created === undefined && documented === undefined) throw new Error(`no id for {${p.name}} in ${op.path}`);
      values[p.name] = String(created ?? documented);
    }
    if (/\/messages\/\{messageId\}\/(ack|extend|nack)$/.test(op.path)) {
      values.messageId = (op.path.endsWith('/ack') ? leases[0] : leases[1])?.messageId ?? values.messageId;
    }
    return fillPath(op.path, values);
  }

  /** The documented body with the ids only this run knows: the agent a message goes to, the lease to settle. */
  function bodyOf(op: Operation, example = 0): unknown {
    const body = bodyExample(doc, op, example) as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return body;
    const out = { ...body };
    if (out.to === AGENT_EXAMPLE_ID) out.to = walker.known.byCollection.get('/api/v1/agents');
    if (out.datasetId === DATASET_EXAMPLE_ID)
      out.datasetId = walker.known.byCollection.get('/api/v1/evaluations/datasets');
    const lease = op.path.endsWith('/ack') ? leases[0] : leases[1];
    if ('leaseId' in out && lease) out.leaseId = lease.leaseId;
    return out;
  }

  /** A query filter naming one of the agent's sessions: the session the test created. */
  function createdFor(op: Operation, name: string): string | undefined {
    if (!op.path.startsWith('/api/v1/memory/agents/{agentId}') || name !== 'sessionId') return undefined;
    return walker.known.byCollection.get('/api/v1/memory/agents/{agentId}/sessions');
  }

  async function run(op: Operation): Promise<Response> {
    const path = pathOf(op) + queryOf(doc, op, (name) => createdFor(op, name));
    let res = await walker.call({ key: KEYS.admin }, op.method, path, bodyOf(op));
    // Some operations are the system admin's (GET /audit-log/verify, POST /memory/sweep): as that role.
    if (res.status === 403 && res.body?.error?.details?.requiredRole === 'system') {
      res = await walker.call({ key: KEYS.system }, op.method, path, bodyOf(op));
    }
    if (res.status >= 200 && res.status < 300) remember(op, res);
    results.set(keyOf(op), { status: res.status, text: res.text.slice(0, 300), body: res.body });
    return res;
  }

  function remember(op: Operation, res: Response): void {
    const data = res.body?.data;
    if (isCreation(op)) walker.remember(op, op.path, res);
    if (keyOf(op) === 'POST /api/v1/orchestration/execute' && data?.id) {
      walker.known.byCollection.set('/api/v1/orchestration/runs', data.id);
    }
    if (keyOf(op) === 'POST /api/v1/webhooks/{id}/test' && data?.id) {
      walker.known.byCollection.set('/api/v1/webhooks/deliveries', data.id);
    }
    if (keyOf(op) === 'POST /api/v1/orchestration/runs/{id}/replay' && data?.id) {
      // A replay is a run of its own; the run it replays stays the example run.
      walker.known.byCollection.set('/api/v1/orchestration/runs/{id}/replays', data.id);
      walker.known.byCollection.set('/api/v1/orchestration/runs', data.replayOf);
    }
    if (keyOf(op) === 'POST /api/v1/scheduler/schedules/{id}/trigger' && data?.id) {
      walker.known.byCollection.set('/api/v1/scheduler/runs', data.id);
    }
    if (keyOf(op) === 'POST /api/v1/agents/messages' && data?.messages?.[0]?.id) {
      walker.known.byCollection.set('/api/v1/agents/messages', data.messages[0].id);
    }
    if (op.path === '/api/v1/agents/{id}/messages' && Array.isArray(data)) {
      for (const m of data) leases.push({ messageId: m.id, leaseId: m.leaseId });
    }
  }

  it('answers a documented 2xx to every operation (or the documented status of a state it cannot reach)', async () => {
    const ops = operationsOf(doc);
    // The example trace and session: this tenant's own, named as documented.
    const traced = await walker.call(
      { key: KEYS.admin, headers: { 'x-session-id': 'chat-2026-11-25-42' } },
      'GET',
      '/api/v1/ai-orchestration/models',
    );
    walker.known.byCollection.set('/api/v1/observability/traces', traced.traceId!);
    const stage = (op: Operation) => (isCreation(op) ? 0 : op.method === 'GET' ? 1 : op.method === 'DELETE' ? 3 : 2);
    for (const op of ops.filter((o) => stage(o) === 0)) await run(op);
    // Two messages to the external agent (the second documented example), for its mailbox to claim.
    const send = ops.find((o) => keyOf(o) === 'POST /api/v1/agents/messages')!;
    for (let i = 0; i < 2; i++) {
      const sent = await walker.call({ key: KEYS.admin }, 'POST', send.path, bodyOf(send, 1));
      expect(sent.status).toBe(202);
    }
    for (const pass of [1, 2, 3]) for (const op of ops.filter((o) => stage(o) === pass)) await run(op);

    const failures = ops
      .map((op) => ({ op, got: results.get(keyOf(op))! }))
      .filter(({ op, got }) => !documented2xx(op).includes(got.status))
      // A documented refusal, not a path the router does not know (an unfilled slot).
      .filter(({ op, got }) => STATE_DEPENDENT[keyOf(op)]?.status !== got.status || /"Cannot [A-Z]+ /.test(got.text))
      .map(({ op, got }) => `${keyOf(op)} → ${got.status} ${got.text}`);
    expect(failures).toEqual([]);
    // Each answer is what the document says, field by field (closed schemas, required lists).
    const validate = validatorFor(doc, { closed: true });
    const mismatches: string[] = [];
    for (const op of ops) {
      const got = results.get(keyOf(op))!;
      const schema = op.operation.responses[String(got.status)]?.content?.['application/json']?.schema;
      if (!schema || got.body === undefined) continue;
      const check = validate(schema);
      if (!check(got.body)) mismatches.push(`${keyOf(op)} ${got.status}: ${JSON.stringify(check.errors?.slice(0, 3))}`);
    }
    expect(mismatches).toEqual([]);
    expect(results.size).toBe(ops.length);
    // The mailbox's ack, extend and nack settled real leases, not the documented placeholder.
    expect(leases.length).toBeGreaterThanOrEqual(2);
    // The README's tour: the first task example, with its ?wait=, answers Hull's Example 15.6 at once.
    const task = results.get('POST /api/v1/ai-orchestration/tasks')!;
    expect(task.status).toBe(200);
    expect(task.body.data.result.call.price).toBeCloseTo(4.76, 2);
    expect(task.body.data.result.put.price).toBeCloseTo(0.81, 2);
  }, 180_000);
});
