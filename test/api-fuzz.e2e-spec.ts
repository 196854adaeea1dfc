import type { ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { ApiWalker, STREAMS } from './support/api-walker';
import { startService, type ChildApp } from './support/child-app';
import { arbitraryFor, HOSTILE_STRINGS, mutationOf } from './support/openapi-arbitraries';
import { validatorFor } from './support/openapi-validate';
import {
  fillPath,
  operationsOf,
  requestBodySchema,
  resolve,
  type OpenApiDocument,
  type Operation,
  type Schema,
} from './support/openapi-walk';

/**
 * Seeded property-based fuzzing of every operation in /docs-json against the built service (a
 * child process, as in production): valid and invalid bodies, queries, path ids and headers.
 * Every response must be a documented status (never a 500, a 503 only where documented), its
 * JSON body valid against the documented schema, and the process must stay up. FUZZ_SEED and
 * FUZZ_RUNS (total cases, default 3000) reproduce or deepen a run.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
/**
 * Every object schema that lists its properties is closed: a response field the document does
 * not describe fails the case, so a lib refactor cannot change the API silently.
 */
const CLOSED_SCHEMAS = true;

const KEYS = {
  admin: 'fuzz-admin-key-00000000000000000001',
  viewer: 'fuzz-viewer-key-0000000000000000001',
  system: 'fuzz-system-key-0000000000000000001',
};

interface Case {
  pathValues: Record<string, string>;
  query: Partial<Record<string, string>>;
  headers: Record<string, string>;
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string };
}

interface Finding {
  operation: string;
  problem: string;
  request: string;
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  '',
];

function caseArbitrary(doc: OpenApiDocument, op: Operation, knownIds: string[], good: unknown): fc.Arbitrary<Case> {
  const pathValues: Record<string, fc.Arbitrary<string>> = {};
  for (const name of op.pathParams) {
    pathValues[name] = fc.oneof(
      { arbitrary: fc.constantFrom(...knownIds), weight: 3 },
      { arbitrary: fc.string({ minLength: 1, maxLength: 40 }), weight: 2 },
      { arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s !== '')), weight: 1 },
    );
  }
  const query: Record<string, fc.Arbitrary<string>> = {};
  for (const parameter of op.operation.parameters ?? []) {
    if (parameter.in !== 'query') continue;
    // Capped so the URL stays under Node's header limit (beyond it Node answers 431 itself).
    query[parameter.name] = arbitraryFor(doc, parameter.schema, { mode: 'mixed', knownIds }).map((v) =>
      queryText(v).slice(0, 2000),
    );
  }
  const schema = requestBodySchema(doc, op);
  const json = (value: unknown) => ({ kind: 'json' as const, value });
  const body: fc.Arbitrary<Case['body']> = schema
    ? fc.oneof(
        { arbitrary: arbitraryFor(doc, schema, { mode: 'valid', knownIds }).map(json), weight: 2 },
        { arbitrary: arbitraryFor(doc, schema, { mode: 'mixed', knownIds }).map(json), weight: 2 },
        // The documented example as sent, and with one field made hostile: these reach handlers.
        { arbitrary: fc.constant(json(good)), weight: 1 },
        { arbitrary: mutationOf(good).map(json), weight: 3 },
        { arbitrary: fc.string({ maxLength: 60 }).map((text) => ({ kind: 'raw' as const, text })), weight: 1 },
      )
    : fc.constant({ kind: 'none' as const });
  // Mostly what a real client sends, so most cases reach the handlers; sometimes not.
  const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary, weight: 1 });
  const headers = fc.record({
    'content-type': fc.oneof(
      { arbitrary: fc.constant('application/json'), weight: 6 },
      fc.constantFrom(...CONTENT_TYPES),
    ),
    'x-request-id': sometimes(fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom(...HOSTILE_STRINGS))),
    'idempotency-key': sometimes(fc.string({ minLength: 1, maxLength: 300 })),
    'x-session-id': sometimes(fc.string({ maxLength: 300 })),
    traceparent: sometimes(
      fc.oneof(fc.string({ maxLength: 60 }), fc.constant('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')),
    ),
    'content-encoding': fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 9 },
      { arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'), weight: 1 },
    ),
    'x-api-key': fc.oneof(
      { arbitrary: fc.constant(KEYS.admin), weight: 8 },
      fc.constantFrom(KEYS.viewer, KEYS.system, 'not-a-key'),
    ),
  });
  return fc.record({
    pathValues: fc.record(pathValues),
    query: fc.record(query, { requiredKeys: [] }),
    headers: headers.map(dropHeaderInjection),
    body,
  });
}

function queryText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/** fetch refuses header values with control characters before sending: keep the case sendable. */
function dropHeaderInjection(headers: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(
      (e): e is [string, string] => e[1] !== undefined && /^[\t\x20-\x7e\x80-\xff]*$/.test(e[1]),
    ),
  );
}

describe('API fuzzing: every documented operation, valid and hostile inputs', () => {
  let service: ChildApp;
  let doc: OpenApiDocument;
  let walker: ApiWalker;
  let knownIds: string[];

  beforeAll(async () => {
    service = await startService({
      API_KEYS: [
        `fuzz-admin:admin:t1:${KEYS.admin}`,
        `fuzz-viewer:viewer:t1:${KEYS.viewer}`,
        `fuzz-root:system:ops:${KEYS.system}`,
      ].join(','),
      RATE_LIMIT_MAX: '0',
      LOG_LEVEL: 'error',
      // Valid profile requests capture for their `seconds`: keep the fuzz's share of them short.
      PROFILING_MAX_SECONDS: '1',
    });
    const base = `http://127.0.0.1:${service.port}`;
    doc = (await (await fetch(`${base}/docs-json`)).json()) as OpenApiDocument;
    walker = new ApiWalker(base, doc, 'fuzzmark');
    // Real ids to aim at, so cases reach the handlers and not only the 404 path.
    await walker.createAll(operationsOf(doc), { key: KEYS.admin });
    knownIds = [
      ...new Set([
        ...walker.known.byCollection.values(),
        ...walker.known.byName.values(),
        'walker-agent',
        'handit.tasks',
      ]),
    ];
  }, 120_000);

  afterAll(async () => {
    service?.proc.kill('SIGTERM');
    await service?.exited;
  });

  it(`answers every case with a documented status and body, never a 500, and stays up (seed ${SEED})`, async () => {
    const ops = operationsOf(doc).filter((op) => !(op.method === 'GET' && op.path === '/dashboard/assets/{file}'));
    const perOperation = Math.max(5, Math.ceil(TOTAL_RUNS / ops.length));
    const validate = validatorFor(doc, { closed: CLOSED_SCHEMAS });
    const findings: Finding[] = [];
    let sent = 0;
    const statuses = new Map<number, number>();
    for (const [index, op] of ops.entries()) {
      const arbitrary = caseArbitrary(doc, op, knownIds, walker.bodyFor(op));
      const cases = fc.sample(arbitrary, { seed: SEED + index, numRuns: perOperation });
      for (const c of cases) {
        sent++;
        const finding = await runCase(service, doc, op, c, validate, statuses);
        if (finding) findings.push(finding);
      }
    }
    console.log(`fuzz: ${sent} cases, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(service.proc.exitCode).toBeNull();
    const live = await fetch(`http://127.0.0.1:${service.port}/health/live`);
    expect(live.status).toBe(200);
    expect(sent).toBeGreaterThanOrEqual(Math.min(TOTAL_RUNS, 1000));
    expect(summarise(findings)).toEqual([]);
  }, 600_000);
});

async function runCase(
  service: ChildApp,
  doc: OpenApiDocument,
  op: Operation,
  c: Case,
  validate: (schema: Schema) => ValidateFunction,
  statuses: Map<number, number>,
): Promise<Finding | undefined> {
  const path = fillPath(op.path, c.pathValues);
  const search = new URLSearchParams(
    Object.entries(c.query).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString();
  const url = `http://127.0.0.1:${service.port}${path}${search ? `?${search}` : ''}`;
  const headers = { ...c.headers };
  let body: string | undefined;
  if (c.body.kind === 'json') body = JSON.stringify(c.body.value);
  if (c.body.kind === 'raw') body = c.body.text;
  if (body === undefined) {
    delete headers['content-type'];
    delete headers['content-encoding'];
  }
  if (!headers['content-type']) delete headers['content-type'];
  const described = `${op.method} ${url.slice(url.indexOf('/', 8))} ${JSON.stringify(headers).slice(0, 200)} ${body?.slice(0, 300) ?? ''}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), STREAMS.test(op.path) ? 1000 : 30_000);
  let status: number;
  let text = '';
  let contentType = '';
  try {
    const res = await fetch(url, { method: op.method, headers, body, signal: controller.signal });
    status = res.status;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    contentType = res.headers.get('content-type') ?? '';
    if (!contentType.startsWith('text/event-stream')) text = await res.text();
  } catch (err) {
    if (!controller.signal.aborted) {
      return {
        operation: `${op.method} ${op.path}`,
        problem: `no response: ${(err as Error).message}`,
        request: described,
      };
    }
    return undefined;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  const operation = `${op.method} ${op.path}`;
  const documented = op.operation.responses[String(status)];
  if (status >= 500 && !(status === 503 && documented))
    return { operation, problem: `status ${status}: ${text.slice(0, 200)}`, request: described };
  if (!documented)
    return { operation, problem: `undocumented status ${status}: ${text.slice(0, 160)}`, request: described };
  const schema = documented.content?.['application/json']?.schema;
  if (!schema || !contentType.includes('application/json')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { operation, problem: `status ${status}: body is not JSON`, request: described };
  }
  const check = validate(resolve(doc, schema));
  if (!check(parsed)) {
    const problems = (check.errors ?? []).map((error) => {
      const extra = (error.params as { additionalProperty?: string }).additionalProperty;
      return `${error.instancePath || '(body)'} ${extra ? `has the undocumented field '${extra}'` : error.message}`;
    });
    return { operation, problem: `status ${status}: ${[...new Set(problems)].join('; ')}`, request: described };
  }
  return undefined;
}

/** One line per operation and problem, with the first request that showed it. */
function summarise(findings: Finding[]): string[] {
  const first = new Map<string, Finding>();
  for (const finding of findings) {
    const [status, ...detail] = finding.problem.split(': ');
    const key = `${finding.operation}: ${status}: ${detail
      .join(': ')
      .replace(/\d{2,}/g, 'N')
      .slice(0, 110)}`;
    if (!first.has(key)) first.set(key, finding);
  }
  return [...first.entries()].map(([key, finding]) => `${key}\n    e.g. ${finding.request}`);
}
