import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { validatorFor } from './support/openapi-validate';
import { TASKS, waitForTask } from './support/tasks';

// Bodies of several MB and a 20,000-candle task on a shared 2-core machine.
jest.setTimeout(60_000);

const AGENTS = '/api/v1/agents';
const MEMORIES = '/api/v1/memory/agents/hostile-agent/memories';
const EXECUTE = '/api/v1/orchestration/execute';
const WORKFLOWS = '/api/v1/orchestration/workflows';
const JSON_TYPE = { 'Content-Type': 'application/json' };
const GZIP_JSON = { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' };

/** `[[[[…]]]]` or `{"a":{"a":…}}` nested `levels` deep, as raw JSON text. */
const nestedArrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const nestedObjects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** Raw bytes from text and byte lists, for bodies that are not valid UTF-8. */
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

interface Answer {
  status: number;
  body: any;
}

/** POSTs these exact bytes (supertest would serialise a Buffer sent as JSON) and reads the envelope. */
async function send(t: TestApp, path: string, body: string | Buffer, headers: Record<string, string> = JSON_TYPE) {
  const { port } = t.http.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.json() } as Answer;
}

/** The single field a 400 names, and the limit it cites. */
function refusal(res: Answer): { field: string; message: string; limit?: { name: string; value: number } } {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('VALIDATION_FAILED');
  expect(res.body.error.details.fields).toHaveLength(1);
  const [{ field, message }] = res.body.error.details.fields;
  return { field, message, limit: res.body.error.details.limit };
}

const validAgent = { name: 'desk', kind: 'external', capabilities: ['news_triage'] };

/** A plausible minute-bar series around `price`. */
function candles(count: number, price = 100) {
  return Array.from({ length: count }, (_, i) => {
    const close = price * (1 + 0.01 * Math.sin(i / 9));
    const time = 1_700_000_000_000 + i * 60_000;
    return { time, open: close * 0.999, high: close * 1.002, low: close * 0.997, close, volume: 1000 + i };
  });
}

describe('hostile request bodies: no 500, refused early, naming the path', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ MEMORY_TRANSFER_MAX: '5000' });
    await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await t.close();
  });

  describe('nesting', () => {
    const deepArrays = nestedArrays(10_000);
    it.each([
      ['tasks', TASKS, `{"type":"technical_analysis","input":{"x":${deepArrays}}}`, /^input\.x(\[0\]){30}$/],
      ['agents', AGENTS, `{"name":"deep","kind":"external","capabilities":${deepArrays}}`, /^capabilities(\[0\]){31}$/],
      ['execute', EXECUTE, `{"workflow":"trading-analysis","input":${nestedObjects(10_000)}}`, /^input(\.a){31}$/],
      ['memories', MEMORIES, `{"type":"semantic","content":${deepArrays}}`, /^content(\[0\]){31}$/],
      ['memory metadata', MEMORIES, `{"type":"semantic","metadata":${nestedObjects(5_000)}}`, /^metadata(\.a){31}$/],
    ])('JSON nested 10,000 levels on %s → 400 naming the path and BODY_MAX_DEPTH', async (_name, path, body, field) => {
      const problem = refusal(await send(t, path, body));
      expect(problem.field).toMatch(field);
      expect(problem.message).toMatch(/^nests deeper than 32 levels/);
      expect(problem.limit).toEqual({ name: 'BODY_MAX_DEPTH', value: 32 });
    });

    it('a body nested to the limit is accepted', async () => {
      const body = `{"type":"semantic","content":"within the depth limit","metadata":${nestedObjects(30)}}`;
      expect((await send(t, MEMORIES, body)).status).toBe(201);
    });
  });

  describe('sizes', () => {
    it('1,000,000 agent capabilities (4 MB) → 413 from Content-Length, naming BODY_LIMIT_DEFAULT', async () => {
      const res = await send(t, AGENTS, JSON.stringify({ ...validAgent, capabilities: Array(1_000_000).fill('a') }));
      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        details: { limitBytes: 262_144, setting: 'BODY_LIMIT_DEFAULT' },
      });
    });

    it('1,000,000 memory tags on a bulk route → 400 naming `tags` and BODY_MAX_ARRAY_ITEMS', async () => {
      const body = JSON.stringify({ type: 'semantic', content: 'x', tags: Array(1_000_000).fill('a') });
      const problem = refusal(await send(t, MEMORIES, body));
      expect(problem).toMatchObject({ field: 'tags', limit: { name: 'BODY_MAX_ARRAY_ITEMS', value: 100_000 } });
    });

    it('99,999 memory tags (within the body bounds) → 400 from the declared maximum, before validation', async () => {
      const body = JSON.stringify({ type: 'semantic', content: 'x', tags: Array(99_999).fill('a') });
      const problem = refusal(await send(t, MEMORIES, body));
      expect(problem).toEqual({ field: 'tags', message: 'must contain no more than 20 elements (got 99999)' });
    });

    it('60,000 capabilities within the default size limit → 400 from the declared maximum', async () => {
      const body = JSON.stringify({ ...validAgent, capabilities: Array(60_000).fill('a') });
      const problem = refusal(await send(t, AGENTS, body));
      expect(problem).toEqual({ field: 'capabilities', message: 'must contain no more than 50 elements (got 60000)' });
    });

    it('an object with 5,000 keys → 400 naming it and BODY_MAX_OBJECT_KEYS', async () => {
      const metadata = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]));
      const problem = refusal(await send(t, AGENTS, JSON.stringify({ ...validAgent, metadata })));
      expect(problem).toMatchObject({ field: 'metadata', limit: { name: 'BODY_MAX_OBJECT_KEYS', value: 1000 } });
    });

    it('700,000 numbers in arrays within BODY_MAX_ARRAY_ITEMS → 400 naming BODY_MAX_VALUES', async () => {
      const input = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`x${i}`, Array(99_999).fill(1)]));
      const problem = refusal(await send(t, TASKS, JSON.stringify({ type: 'technical_analysis', input })));
      expect(problem).toMatchObject({ field: 'input.x4', limit: { name: 'BODY_MAX_VALUES', value: 500_000 } });
    });

    it('imports and bulk inserts of 99,999 empty memories → 400 naming the first (was 500 after 14 s)', async () => {
      const document = { mode: 'merge', blocks: [], sessions: [], memories: Array(99_999).fill({}) };
      const imported = await send(t, '/api/v1/memory/agents/import-hostile/import', JSON.stringify(document));
      expect(imported.status).toBe(400);
      expect(imported.body.error.details.fields[0]).toMatchObject({ field: 'memories[0].id' });
      const valid = { type: 'semantic', content: 'a fact' };
      const bulk = { memories: [valid, ...Array(99_998).fill({})] };
      const inserted = await send(t, '/api/v1/memory/agents/bulk-hostile/memories/bulk', JSON.stringify(bulk));
      expect(inserted.status).toBe(400);
      const fields = inserted.body.error.details.fields.map((f: { field: string }) => f.field);
      expect(fields).toHaveLength(100);
      const sample = [fields[0], fields[1], fields[99]];
      expect(sample).toEqual(['memories[1].type', 'memories[1].content', 'memories[50].content']);
    });

    it('a 4,000,000-character string → 400 naming it and BODY_MAX_STRING_CHARS', async () => {
      const body = JSON.stringify({ type: 'semantic', content: 'x'.repeat(4_000_000) });
      const problem = refusal(await send(t, MEMORIES, body));
      expect(problem).toMatchObject({ field: 'content', limit: { name: 'BODY_MAX_STRING_CHARS', value: 1_000_000 } });
    });
  });

  describe('media types and encodings', () => {
    it.each([
      ['missing', undefined, /no Content-Type/],
      ['text/plain', 'text/plain', /text\/plain is not supported/],
      ['form-encoded', 'application/x-www-form-urlencoded', /is not supported/],
      ['JSON in Latin-1', 'application/json; charset=iso-8859-1', /Charset iso-8859-1 is not supported/],
    ])('a body with a %s Content-Type → 415 UNSUPPORTED_MEDIA_TYPE', async (_name, contentType, message) => {
      const headers: Record<string, string> = contentType ? { 'Content-Type': contentType } : {};
      const res = await send(t, AGENTS, Buffer.from(JSON.stringify(validAgent)), headers);
      expect(res.status).toBe(415);
      expect(res.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(message) });
    });

    it('a +json media type is JSON', async () => {
      const body = JSON.stringify({ ...validAgent, name: 'plus-json' });
      expect((await send(t, AGENTS, body, { 'Content-Type': 'application/vnd.api+json' })).status).toBe(201);
    });

    it('Content-Encoding: gzip on a body that is not gzip → 400, not 500', async () => {
      const res = await send(t, AGENTS, JSON.stringify(validAgent), GZIP_JSON);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: 'Request body is not valid gzip data (Content-Encoding: gzip)',
      });
    });

    it('an unknown Content-Encoding → 415', async () => {
      const res = await send(t, AGENTS, JSON.stringify(validAgent), { ...JSON_TYPE, 'Content-Encoding': 'compress' });
      expect(res.status).toBe(415);
    });

    it('a real gzip body is read; its decompressed size counts against the limit', async () => {
      const ok = await send(t, AGENTS, gzipSync(JSON.stringify({ ...validAgent, name: 'gzipped' })), GZIP_JSON);
      expect(ok.status).toBe(201);
      const bomb = gzipSync(JSON.stringify({ ...validAgent, name: 'bomb', metadata: { pad: ' '.repeat(2_000_000) } }));
      expect(bomb.length).toBeLessThan(10_000);
      expect((await send(t, AGENTS, bomb, GZIP_JSON)).status).toBe(413);
    });
  });

  describe('text', () => {
    it.each([
      ['invalid UTF-8', bytes('{"type":"semantic","content":"caf', [0xc3, 0x28], '"}'), 'content', /not valid UTF-8/],
      ['an encoded surrogate', bytes('{"type":"semantic","content":"x', [0xed, 0xa0, 0x80], '"}'), 'content', /UTF-8/],
      ['a lone surrogate escape', '{"type":"semantic","content":"x\\uD800y"}', 'content', /unpaired UTF-16 surrogate/],
      ['a NUL escape', '{"type":"semantic","content":"x\\u0000y"}', 'content', /NUL character/],
      ['a NUL in a tag', '{"type":"semantic","content":"x","tags":["ok","a\\u0000"]}', 'tags[1]', /NUL character/],
    ])('%s in a text field → 400 naming the field', async (_name, body, field, message) => {
      const problem = refusal(await send(t, MEMORIES, body));
      expect(problem.field).toBe(field);
      expect(problem.message).toMatch(message);
    });

    it('invalid UTF-8 in an agent name → 400 naming `name`, nothing stored', async () => {
      const body = bytes('{"name":"bad', [0xff], '","kind":"external","capabilities":["x"]}');
      expect(refusal(await send(t, AGENTS, body)).field).toBe('name');
      const list = await request(t.http).get(`${AGENTS}?name=bad`).expect(200);
      expect(list.body.data.items).toEqual([]);
    });

    it('valid non-ASCII text and surrogate pairs are stored as sent', async () => {
      const res = await send(t, MEMORIES, '{"type":"semantic","content":"Zürich €, 東京 and \\uD83D\\uDE00 and 😀"}');
      expect(res.status).toBe(201);
      expect(res.body.data.content).toBe('Zürich €, 東京 and 😀 and 😀');
    });

    it('__proto__, prototype and constructor keys are dropped from free-form JSON', async () => {
      const metadata = '{"__proto__":{"admin":true},"nested":{"constructor":{"prototype":1},"kept":2},"source":"chat"}';
      const res = await send(t, MEMORIES, `{"type":"semantic","content":"prototype keys","metadata":${metadata}}`);
      expect(res.status).toBe(201);
      expect(res.body.data.metadata).toEqual({ nested: { kept: 2 }, source: 'chat' });
    });

    it('a path segment that is not valid percent-encoded UTF-8 → 400 naming the path, not 500', async () => {
      for (const path of [`${AGENTS}/x%ED%A0%80y`, '/api/v1/memory/agents/%ED%A0%80/memories', `${AGENTS}/%C3%28`]) {
        const res = await request(t.http).get(path).expect(400);
        expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'path' }] } });
      }
    });

    it('a body that is not JSON, or a bare JSON string → 400 VALIDATION_FAILED', async () => {
      const notJson = { code: 'VALIDATION_FAILED', message: 'Request body is not valid JSON' };
      expect((await send(t, AGENTS, '{"name":')).body.error).toMatchObject(notJson);
      expect((await send(t, AGENTS, '"just a string"')).body.error).toMatchObject(notJson);
    });
  });

  describe('numbers', () => {
    it('candle prices × 1e306 → 400 naming the first candle field, no task created', async () => {
      const input = { candles: candles(60, 1e306), indicators: [{ name: 'sma' }, { name: 'bbands' }] };
      const res = await request(t.http).post(TASKS).send({ type: 'technical_analysis', input });
      expect(res.status).toBe(400);
      const [first] = res.body.error.details.fields;
      expect(first).toEqual({ field: 'input.candles[0].open', message: 'must be within ±1e100' });
      const list = await request(t.http).get(`${TASKS}?type=technical_analysis`).expect(200);
      expect(list.body.data.items).toEqual([]);
    });

    it('a computation that overflows fails the task with NUMERIC_OVERFLOW naming the outputs', async () => {
      const input = { returns: [1e300, 2e300, -0.5, 3e300, 1e300] };
      const res = await request(t.http).post(`${TASKS}?wait=15000`).send({ type: 'risk_assessment', input });
      const task = res.status === 200 ? res.body.data : await waitForTask(t.http, res.body.data.id);
      expect(task.status).toBe('failed');
      expect(task.result).toBeNull();
      expect(task.error).toMatchObject({ code: 'NUMERIC_OVERFLOW', message: expect.stringContaining('volatility') });
      expect(task.error.details.outputs).toEqual(expect.arrayContaining(['volatility', 'annualizedVolatility']));
    });
  });

  describe('legitimate large inputs keep working', () => {
    it('20,000 candles (2.3 MB) compute', async () => {
      const input = { candles: candles(20_000), indicators: [{ name: 'sma', period: 50 }] };
      const res = await request(t.http).post(`${TASKS}?wait=25000`).send({ type: 'technical_analysis', input });
      const task = res.status === 200 ? res.body.data : await waitForTask(t.http, res.body.data.id, {}, 25_000);
      expect(task.status).toBe('succeeded');
      expect(task.result.indicators[0].series.value).toHaveLength(20_000);
    });

    it('a memory bulk insert at MEMORY_BULK_MAX (500) and an import at MEMORY_TRANSFER_MAX (5,000)', async () => {
      const memories = Array.from({ length: 500 }, (_, i) => ({ type: 'semantic', content: `fact ${i} on desk ${i}` }));
      await request(t.http).post('/api/v1/memory/agents/bulk-agent/memories/bulk').send({ memories }).expect(201);
      const now = new Date().toISOString();
      const stamps = { createdAt: now, updatedAt: now, lastAccessedAt: now, accessCount: 0, expiresAt: null };
      const imported = Array.from({ length: 5_000 }, (_, i) => ({
        id: `m${i}`,
        type: 'episodic',
        content: `imported event ${i} on book ${i % 13}`,
        tags: ['import'],
        importance: 0.5,
        metadata: {},
        sessionId: null,
        ...stamps,
      }));
      const document = { mode: 'merge', blocks: [], sessions: [], memories: imported };
      await request(t.http).post('/api/v1/memory/agents/import-agent/import').send(document).expect(201);
    });
  });

  describe('responses match their documented schema', () => {
    it('GET /workflows: a registered workflow without description has description null, as documented', async () => {
      const nodes = [{ id: 'a', kind: 'transform', output: { x: 1 } }];
      const edges = [
        { from: 'start', to: 'a' },
        { from: 'a', to: 'end' },
      ];
      await request(t.http).post(WORKFLOWS).send({ name: 'no-description', nodes, edges }).expect(201);
      const list = await request(t.http).get(WORKFLOWS).expect(200);
      const registered = list.body.data.find((w: { name: string }) => w.name === 'no-description');
      expect(registered).toMatchObject({ kind: 'registered', description: null, inputSchema: null });
      const doc = (await request(t.http).get('/docs-json').expect(200)).body;
      const documented = doc.paths[WORKFLOWS].get.responses['200'].content['application/json'].schema;
      const validate = validatorFor(doc, { closed: false })(documented);
      expect(validate(list.body) ? [] : validate.errors).toEqual([]);
    });
  });
});

describe('hostile request bodies with authentication on', () => {
  const KEY = 'hostile-operator-key-0123456789';
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ API_KEYS: `ops:operator:t1:${KEY}` });
    await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await t.close();
  });

  it('a body without credentials is not read: 401, not the 400 its content deserves', async () => {
    const deep = `{"type":"technical_analysis","input":${nestedArrays(10_000)}}`;
    const anonymous = await send(t, TASKS, deep);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHORIZED');
    const authenticated = await send(t, TASKS, deep, { ...JSON_TYPE, 'X-API-Key': KEY });
    expect(refusal(authenticated).limit).toEqual({ name: 'BODY_MAX_DEPTH', value: 32 });
  });
});
