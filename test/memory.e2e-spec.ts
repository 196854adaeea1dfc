import request from 'supertest';
import { EventCore, type AppEvents } from '@app/infrastructure';
import { createTestApp, TestApp } from './support/create-test-app';
import { agentPath } from './support/memory';

const A = agentPath('agent-1');
const UNKNOWN_ULID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

/** The field a 400 names; fails loudly when the answer is not a validation failure. */
const DAY = '2026-01-01T00:00:00Z';
/** A memory as an import document holds it: valid, unless `over` breaks one field (undefined leaves it out). */
const importedMemory = (over: Record<string, unknown>) => ({
  id: 'm1',
  type: 'semantic',
  content: 'x',
  tags: [],
  importance: 0.5,
  createdAt: DAY,
  updatedAt: DAY,
  lastAccessedAt: DAY,
  accessCount: 0,
  ...over,
});

function fields(res: request.Response): string[] {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('VALIDATION_FAILED');
  return (res.body.error.details.fields as Array<{ field: string }>).map((f) => f.field);
}

describe('memory routes', () => {
  let t: TestApp;
  const events: Array<{ name: string; payload: unknown }> = [];

  beforeAll(async () => {
    t = await createTestApp({
      MEMORY_MAX_CONTENT_CHARS: '200',
      MEMORY_BULK_MAX: '3',
      MEMORY_BLOCK_LIMIT_CHARS: '40',
      MEMORY_BLOCK_MAX_LIMIT_CHARS: '100',
      MEMORY_CONTEXT_MAX_TOKENS: '5000',
    });
    const core = t.app.get(EventCore);
    for (const name of ['memory.created', 'memory.updated', 'memory.deleted'] as const) {
      core.on(name, (payload: AppEvents[typeof name]) => events.push({ name, payload }));
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, body: unknown) =>
    request(t.http)
      .post(path)
      .send(body as object);

  describe('POST /memories', () => {
    it('stores a memory with defaults and emits memory.created', async () => {
      const res = await post(`${A}/memories`, {
        type: 'semantic',
        content: 'User prefers EUR/USD scalping',
        tags: ['fx', 'prefs', 'fx'],
        metadata: { source: 'chat' },
      }).expect(201);
      expect(res.body.data).toMatchObject({
        agentId: 'agent-1',
        type: 'semantic',
        content: 'User prefers EUR/USD scalping',
        tags: ['fx', 'prefs'],
        metadata: { source: 'chat' },
        importance: 0.5,
        sessionId: null,
        expiresAt: null,
        accessCount: 0,
        embedded: false,
        deduplicated: false,
      });
      expect(res.body.data.id).toMatch(/^[0-9A-Z]{26}$/);
      expect(events).toContainEqual({
        name: 'memory.created',
        payload: { tenant: 'default', agentId: 'agent-1', id: res.body.data.id, type: 'semantic' },
      });
    });

    it.each([
      ['empty content', { type: 'semantic', content: '' }, 'content'],
      ['blank content', { type: 'semantic', content: '   ' }, 'content'],
      ['missing content', { type: 'semantic' }, 'content'],
      ['unknown type', { type: 'emotional', content: 'x' }, 'type'],
      ['importance above 1', { type: 'semantic', content: 'x', importance: 1.5 }, 'importance'],
      ['importance below 0', { type: 'semantic', content: 'x', importance: -0.1 }, 'importance'],
      ['importance not a number', { type: 'semantic', content: 'x', importance: 'high' }, 'importance'],
      ['oversized content (MEMORY_MAX_CONTENT_CHARS=200)', { type: 'semantic', content: 'x'.repeat(201) }, 'content'],
      ['bad tag', { type: 'semantic', content: 'x', tags: ['no spaces allowed'] }, 'tags'],
      [
        'too many tags',
        { type: 'semantic', content: 'x', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
        'tags',
      ],
      ['metadata not an object', { type: 'semantic', content: 'x', metadata: [1] }, 'metadata'],
      ['bad expiresAt', { type: 'semantic', content: 'x', expiresAt: 'tomorrow' }, 'expiresAt'],
      ['bad sessionId', { type: 'semantic', content: 'x', sessionId: 'abc' }, 'sessionId'],
      ['unknown field', { type: 'semantic', content: 'x', owner: 'me' }, 'owner'],
    ])('400 for %s, naming the field', async (_name, body, field) => {
      expect(fields(await post(`${A}/memories`, body))).toContain(field);
    });

    it('400 naming agentId for a bad agent id, 404 for a session of nobody', async () => {
      expect(
        fields(await post('/api/v1/memory/agents/bad agent!/memories', { type: 'semantic', content: 'x' })),
      ).toEqual(['agentId']);
      const res = await post(`${A}/memories`, { type: 'semantic', content: 'x', sessionId: UNKNOWN_ULID }).expect(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    });

    it('states the content limit in the message', async () => {
      const res = await post(`${A}/memories`, { type: 'semantic', content: 'y'.repeat(201) });
      expect(res.body.error.details.fields[0].message).toContain('at most 200 characters');
    });
  });

  describe('near-duplicate writes (context-aware updates)', () => {
    const D = agentPath('dedupe');

    it('updates the near-duplicate instead of adding a copy', async () => {
      const first = await post(`${D}/memories`, {
        type: 'semantic',
        content: 'The desk closes all GBP positions before the BoE decision',
        importance: 0.4,
        tags: ['gbp'],
      }).expect(201);
      const again = await post(`${D}/memories`, {
        type: 'semantic',
        content: 'the desk closes ALL gbp positions before the BoE decision!',
        importance: 0.9,
        tags: ['boe'],
      }).expect(200);
      expect(again.body.data).toMatchObject({
        id: first.body.data.id,
        deduplicated: true,
        similarity: 1,
        importance: 0.9,
        tags: ['boe', 'gbp'],
        accessCount: 1,
        content: 'the desk closes ALL gbp positions before the BoE decision!',
      });
      expect(Date.parse(again.body.data.updatedAt)).toBeGreaterThanOrEqual(Date.parse(first.body.data.updatedAt));
      const list = await request(t.http).get(`${D}/memories`).expect(200);
      expect(list.body.data.items).toHaveLength(1);
      expect(events).toContainEqual({
        name: 'memory.updated',
        payload: { tenant: 'default', agentId: 'dedupe', id: first.body.data.id, type: 'semantic', deduplicated: true },
      });
      // Lower importance does not lower it.
      const third = await post(`${D}/memories`, {
        type: 'semantic',
        content: 'The desk closes all GBP positions before the BoE decision.',
        importance: 0.1,
      }).expect(200);
      expect(third.body.data.importance).toBe(0.9);
      expect(third.body.data.accessCount).toBe(2);
    });

    it('adds a new memory when the order of words changes the meaning, the type differs, or it is a different text', async () => {
      await post(`${D}/memories`, { type: 'procedural', content: 'buy EUR sell USD on a hawkish ECB' }).expect(201);
      await post(`${D}/memories`, { type: 'procedural', content: 'sell EUR buy USD on a hawkish ECB' }).expect(201);
      await post(`${D}/memories`, { type: 'semantic', content: 'buy EUR sell USD on a hawkish ECB' }).expect(201);
      await post(`${D}/memories`, {
        type: 'procedural',
        content: 'buy EUR sell USD on a dovish Fed after payrolls',
      }).expect(201);
      const list = await request(t.http).get(`${D}/memories`).query({ type: 'procedural' }).expect(200);
      expect(list.body.data.items).toHaveLength(3);
    });
  });

  describe('POST /memories/bulk', () => {
    const B = agentPath('bulk');
    it('stores up to MEMORY_BULK_MAX in one call, merging duplicates within the batch', async () => {
      const res = await post(`${B}/memories/bulk`, {
        memories: [
          { type: 'episodic', content: 'Opened long BTC at 60k' },
          { type: 'episodic', content: 'opened long btc at 60k' },
          { type: 'semantic', content: 'BTC funding is positive' },
        ],
      }).expect(201);
      expect(res.body.data).toMatchObject({ created: 2, deduplicated: 1 });
      expect(res.body.data.items[1].id).toBe(res.body.data.items[0].id);
    });

    it('400 over the bulk limit, for an empty list, and for a bad item (naming its index)', async () => {
      const item = { type: 'semantic', content: 'x' };
      expect(fields(await post(`${B}/memories/bulk`, { memories: [item, item, item, item] }))).toEqual(['memories']);
      expect(fields(await post(`${B}/memories/bulk`, { memories: [] }))).toEqual(['memories']);
      expect(
        fields(await post(`${B}/memories/bulk`, { memories: [item, { type: 'semantic', content: '' }] })),
      ).toContain('memories[1].content');
      expect(
        fields(await post(`${B}/memories/bulk`, { memories: [item, { type: 'semantic', content: 'z'.repeat(300) }] })),
      ).toEqual(['memories[1].content']);
      // All or nothing: nothing of the refused batches was stored.
      const list = await request(t.http).get(`${B}/memories`).expect(200);
      expect(list.body.data.items).toHaveLength(2);
    });
  });

  describe('GET /memories (list)', () => {
    const L = agentPath('lister');
    let ids: string[] = [];
    let sessionId: string;
    beforeAll(async () => {
      sessionId = (await post(`${L}/sessions`, {}).expect(201)).body.data.id;
      ids = [];
      for (const [i, m] of [
        { type: 'semantic', content: 'alpha fact', tags: ['x'] },
        { type: 'episodic', content: 'beta event', tags: ['x', 'y'], sessionId: undefined as string | undefined },
        { type: 'procedural', content: 'gamma rule' },
        { type: 'episodic', content: 'delta event in session', sessionId: 'S' },
      ].entries()) {
        const body = { ...m, sessionId: m.sessionId === 'S' ? sessionId : undefined, importance: i / 10 };
        ids.push((await post(`${L}/memories`, body).expect(201)).body.data.id);
      }
    });

    it('lists newest first with a cursor', async () => {
      const first = await request(t.http).get(`${L}/memories`).query({ limit: 3 }).expect(200);
      expect(first.body.data.items.map((m: { id: string }) => m.id)).toEqual([ids[3], ids[2], ids[1]]);
      expect(first.body.data.nextCursor).toEqual(expect.any(String));
      const second = await request(t.http)
        .get(`${L}/memories`)
        .query({ limit: 3, cursor: first.body.data.nextCursor })
        .expect(200);
      expect(second.body.data.items.map((m: { id: string }) => m.id)).toEqual([ids[0]]);
      expect(second.body.data.nextCursor).toBeNull();
    });

    it('filters by type, tag, session and time range', async () => {
      const idsOf = (res: request.Response) => res.body.data.items.map((m: { id: string }) => m.id);
      expect(idsOf(await request(t.http).get(`${L}/memories`).query({ type: 'episodic' }).expect(200))).toEqual([
        ids[3],
        ids[1],
      ]);
      expect(idsOf(await request(t.http).get(`${L}/memories`).query({ tag: 'x' }).expect(200))).toEqual([
        ids[1],
        ids[0],
      ]);
      expect(idsOf(await request(t.http).get(`${L}/memories`).query({ sessionId }).expect(200))).toEqual([ids[3]]);
      const future = new Date(Date.now() + 60_000).toISOString();
      expect(idsOf(await request(t.http).get(`${L}/memories`).query({ from: future }).expect(200))).toEqual([]);
      expect(idsOf(await request(t.http).get(`${L}/memories`).query({ to: future }).expect(200))).toHaveLength(4);
    });

    it.each([
      [{ type: 'nope' }, 'type'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 101 }, 'limit'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ from: 'yesterday' }, 'from'],
      [{ tag: 'bad tag' }, 'tag'],
      [{ sessionId: '123' }, 'sessionId'],
    ])('400 for %o', async (query, field) => {
      expect(fields(await request(t.http).get(`${L}/memories`).query(query))).toEqual([field]);
    });
  });

  describe('GET/PATCH/DELETE /memories/:memoryId', () => {
    const M = agentPath('single');
    let id: string;
    beforeAll(async () => {
      id = (
        await post(`${M}/memories`, {
          type: 'semantic',
          content: 'Stops go below the last swing low',
          importance: 0.3,
        }).expect(201)
      ).body.data.id;
    });

    it('gets one memory; 404 for an unknown id; 400 for a malformed id', async () => {
      expect((await request(t.http).get(`${M}/memories/${id}`).expect(200)).body.data.content).toBe(
        'Stops go below the last swing low',
      );
      expect((await request(t.http).get(`${M}/memories/${UNKNOWN_ULID}`).expect(404)).body.error.code).toBe(
        'NOT_FOUND',
      );
      expect(fields(await request(t.http).get(`${M}/memories/not-an-id`))).toEqual(['memoryId']);
    });

    it('patches content, tags and importance and records updatedAt', async () => {
      const before = (await request(t.http).get(`${M}/memories/${id}`).expect(200)).body.data;
      await new Promise((r) => setTimeout(r, 5));
      const res = await request(t.http)
        .patch(`${M}/memories/${id}`)
        .send({ content: 'Stops go below the last higher low', tags: ['risk'], importance: 0.95 })
        .expect(200);
      expect(res.body.data).toMatchObject({
        id,
        content: 'Stops go below the last higher low',
        tags: ['risk'],
        importance: 0.95,
      });
      expect(Date.parse(res.body.data.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
      expect(res.body.data.createdAt).toBe(before.createdAt);
      expect(events).toContainEqual({
        name: 'memory.updated',
        payload: { tenant: 'default', agentId: 'single', id, type: 'semantic', deduplicated: false },
      });
      // The search index follows the new text.
      const hits = await request(t.http).get(`${M}/memories/search`).query({ q: 'higher' }).expect(200);
      expect(hits.body.data.items.map((h: { memory: { id: string } }) => h.memory.id)).toEqual([id]);
      const old = await request(t.http).get(`${M}/memories/search`).query({ q: 'swing' }).expect(200);
      expect(old.body.data.items).toEqual([]);
    });

    it.each([
      [{}, 'body'],
      [{ importance: 2 }, 'importance'],
      [{ content: '' }, 'content'],
      [{ content: 'q'.repeat(201) }, 'content'],
      [{ type: 'episodic' }, 'type'],
    ])('PATCH 400 for %o', async (body, field) => {
      expect(fields(await request(t.http).patch(`${M}/memories/${id}`).send(body))).toEqual([field]);
    });

    it('PATCH 404 for an unknown id; expiresAt null clears the expiry', async () => {
      await request(t.http).patch(`${M}/memories/${UNKNOWN_ULID}`).send({ importance: 0.1 }).expect(404);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect(
        (await request(t.http).patch(`${M}/memories/${id}`).send({ expiresAt: future }).expect(200)).body.data
          .expiresAt,
      ).toBe(future);
      expect(
        (await request(t.http).patch(`${M}/memories/${id}`).send({ expiresAt: null }).expect(200)).body.data.expiresAt,
      ).toBeNull();
    });

    it('deletes once, then 404, and emits memory.deleted', async () => {
      const res = await request(t.http).delete(`${M}/memories/${id}`).expect(200);
      expect(res.body.data).toEqual({ id, deleted: true });
      await request(t.http).get(`${M}/memories/${id}`).expect(404);
      await request(t.http).delete(`${M}/memories/${id}`).expect(404);
      expect(events).toContainEqual({ name: 'memory.deleted', payload: { tenant: 'default', agentId: 'single', id } });
    });

    it('hides a memory past its expiresAt before any sweep', async () => {
      const past = await post(`${M}/memories`, {
        type: 'semantic',
        content: 'short lived note',
        expiresAt: new Date(Date.now() + 50).toISOString(),
      }).expect(201);
      await new Promise((r) => setTimeout(r, 80));
      await request(t.http).get(`${M}/memories/${past.body.data.id}`).expect(404);
      expect(
        (await request(t.http).get(`${M}/memories/search`).query({ q: 'short lived' }).expect(200)).body.data.items,
      ).toEqual([]);
    });
  });

  describe('GET /memories/search', () => {
    const S = agentPath('searcher');
    beforeAll(async () => {
      await post(`${S}/memories/bulk`, {
        memories: [
          { type: 'semantic', content: 'EUR/USD reacts strongly to ECB press conferences', tags: ['fx', 'ecb'] },
          { type: 'procedural', content: 'Halve EUR/USD size ahead of ECB meetings', tags: ['fx'] },
          { type: 'semantic', content: 'Gold tends to rally when real yields fall' },
        ],
      }).expect(201);
    });

    it('finds by words, filters by type and tags, bounds by limit', async () => {
      const all = await request(t.http).get(`${S}/memories/search`).query({ q: 'ECB eur' }).expect(200);
      expect(all.body.data.items).toHaveLength(2);
      expect(all.body.data.mode).toBe('fulltext');
      const proc = await request(t.http)
        .get(`${S}/memories/search`)
        .query({ q: 'ECB', type: 'procedural' })
        .expect(200);
      expect(proc.body.data.items.map((h: { memory: { type: string } }) => h.memory.type)).toEqual(['procedural']);
      const tagged = await request(t.http).get(`${S}/memories/search`).query({ q: 'ECB', tags: 'fx,ecb' }).expect(200);
      expect(tagged.body.data.items.map((h: { memory: { content: string } }) => h.memory.content)).toEqual([
        'EUR/USD reacts strongly to ECB press conferences',
      ]);
      expect(
        (await request(t.http).get(`${S}/memories/search`).query({ q: 'ECB', limit: 1 }).expect(200)).body.data.items,
      ).toHaveLength(1);
      expect(
        (await request(t.http).get(`${S}/memories/search`).query({ q: 'bitcoin' }).expect(200)).body.data.items,
      ).toEqual([]);
    });

    it('takes any text safely (FTS syntax is not interpreted)', async () => {
      for (const q of ['"unbalanced', 'ECB AND OR NOT', 'scope:x', 'a*', "o'clock (", 'NEAR(ecb eur)']) {
        await request(t.http).get(`${S}/memories/search`).query({ q }).expect(200);
      }
    });

    it.each([
      [{}, 'q'],
      [{ q: '' }, 'q'],
      [{ q: '!!! ???' }, 'q'],
      [{ q: 'x'.repeat(1001) }, 'q'],
      [{ q: 'ecb', type: 'other' }, 'type'],
      [{ q: 'ecb', limit: 0 }, 'limit'],
      [{ q: 'ecb', relevanceWeight: -1 }, 'relevanceWeight'],
      [{ q: 'ecb', recencyWeight: 'much' }, 'recencyWeight'],
      [{ q: 'ecb', tags: 'bad tag' }, 'tags'],
    ])('400 for %o', async (query, field) => {
      expect(fields(await request(t.http).get(`${S}/memories/search`).query(query))).toEqual([field]);
    });
  });

  describe('core blocks', () => {
    const K = agentPath('blocky');
    it('PUT creates (201) then replaces (200); GET one and all; DELETE', async () => {
      const created = await request(t.http)
        .put(`${K}/blocks/persona`)
        .send({ value: 'Disciplined FX trader', description: 'who' })
        .expect(201);
      expect(created.body.data).toMatchObject({
        label: 'persona',
        value: 'Disciplined FX trader',
        limitChars: 40,
        description: 'who',
      });
      const replaced = await request(t.http)
        .put(`${K}/blocks/persona`)
        .send({ value: 'Patient FX trader' })
        .expect(200);
      expect(replaced.body.data).toMatchObject({ value: 'Patient FX trader', limitChars: 40, description: 'who' });
      await request(t.http)
        .put(`${K}/blocks/user`)
        .send({ value: 'Trades London session', limitChars: 100 })
        .expect(201);
      expect((await request(t.http).get(`${K}/blocks/persona`).expect(200)).body.data.value).toBe('Patient FX trader');
      const list = await request(t.http).get(`${K}/blocks`).expect(200);
      expect(list.body.data.items.map((b: { label: string }) => b.label)).toEqual(['persona', 'user']);
      expect((await request(t.http).delete(`${K}/blocks/user`).expect(200)).body.data).toEqual({
        label: 'user',
        deleted: true,
      });
      await request(t.http).get(`${K}/blocks/user`).expect(404);
      await request(t.http).delete(`${K}/blocks/user`).expect(404);
    });

    it("400 naming the limit when a value is over the block's limit", async () => {
      const res = await request(t.http)
        .put(`${K}/blocks/persona`)
        .send({ value: 'x'.repeat(41) });
      expect(fields(res)).toEqual(['value']);
      expect(res.body.error.message).toContain('limit of 40 characters');
      // A raised limit (within MEMORY_BLOCK_MAX_LIMIT_CHARS) lets it in.
      await request(t.http)
        .put(`${K}/blocks/persona`)
        .send({ value: 'x'.repeat(41), limitChars: 60 })
        .expect(200);
    });

    it.each([
      ['limit above MEMORY_BLOCK_MAX_LIMIT_CHARS', 'persona', { value: 'x', limitChars: 101 }, 'limitChars'],
      ['limit 0', 'persona', { value: 'x', limitChars: 0 }, 'limitChars'],
      ['missing value', 'persona', {}, 'value'],
      ['value not a string', 'persona', { value: 5 }, 'value'],
      ['bad label', 'bad label!', { value: 'x' }, 'label'],
    ])('400 for %s', async (_name, label, body, field) => {
      expect(
        fields(
          await request(t.http)
            .put(`${K}/blocks/${encodeURIComponent(label)}`)
            .send(body),
        ),
      ).toEqual([field]);
    });
  });

  describe('sessions', () => {
    const C = agentPath('chatty');
    it('creates, lists, appends in order, ends with a summary, then refuses messages with 409', async () => {
      const s = await post(`${C}/sessions`, { title: 'London open', metadata: { desk: 'fx' } }).expect(201);
      expect(s.body.data).toMatchObject({
        title: 'London open',
        status: 'active',
        messageCount: 0,
        metadata: { desk: 'fx' },
      });
      const id = s.body.data.id;
      const appended = await post(`${C}/sessions/${id}/messages`, {
        messages: [
          { role: 'user', content: 'Is the breakout real?' },
          { role: 'assistant', content: 'Volume says yes.' },
        ],
      }).expect(201);
      expect(
        appended.body.data.items.map((m: { role: string; type: string; sessionId: string }) => [
          m.role,
          m.type,
          m.sessionId,
        ]),
      ).toEqual([
        ['user', 'episodic', id],
        ['assistant', 'episodic', id],
      ]);
      // Two identical short messages stay two messages: transcripts are not deduplicated.
      await post(`${C}/sessions/${id}/messages`, { messages: [{ role: 'user', content: 'ok' }] }).expect(201);
      await post(`${C}/sessions/${id}/messages`, { messages: [{ role: 'user', content: 'ok' }] }).expect(201);
      const messages = await request(t.http).get(`${C}/sessions/${id}/messages`).expect(200);
      expect(messages.body.data.items.map((m: { content: string }) => m.content)).toEqual([
        'Is the breakout real?',
        'Volume says yes.',
        'ok',
        'ok',
      ]);
      const lastTwo = await request(t.http).get(`${C}/sessions/${id}/messages`).query({ limit: 2 }).expect(200);
      expect(lastTwo.body.data.items).toHaveLength(2);
      expect((await request(t.http).get(`${C}/sessions/${id}`).expect(200)).body.data.messageCount).toBe(4);

      const ended = await post(`${C}/sessions/${id}/end`, { summary: 'Agreed the breakout is real on volume.' }).expect(
        200,
      );
      expect(ended.body.data).toMatchObject({
        id,
        status: 'ended',
        summary: {
          type: 'episodic',
          sessionId: id,
          content: 'Agreed the breakout is real on volume.',
          tags: ['session-summary'],
        },
      });
      expect(ended.body.data.summaryMemoryId).toBe(ended.body.data.summary.id);
      expect(ended.body.data.endedAt).toEqual(expect.any(String));

      const refused = await post(`${C}/sessions/${id}/messages`, {
        messages: [{ role: 'user', content: 'one more thing' }],
      }).expect(409);
      expect(refused.body.error.code).toBe('CONFLICT');
      await post(`${C}/sessions/${id}/end`, {}).expect(409);
      expect((await request(t.http).get(`${C}/sessions/${id}`).expect(200)).body.data.messageCount).toBe(4);

      const other = await post(`${C}/sessions`, {}).expect(201);
      const list = await request(t.http).get(`${C}/sessions`).expect(200);
      expect(list.body.data.items.map((x: { id: string }) => x.id)).toEqual([other.body.data.id, id]);
      const active = await request(t.http).get(`${C}/sessions`).query({ status: 'active' }).expect(200);
      expect(active.body.data.items.map((x: { id: string }) => x.id)).toEqual([other.body.data.id]);
      await post(`${C}/sessions/${other.body.data.id}/end`, {}).expect(200);
    });

    it('404 for unknown sessions on every session route', async () => {
      await request(t.http).get(`${C}/sessions/${UNKNOWN_ULID}`).expect(404);
      await request(t.http).get(`${C}/sessions/${UNKNOWN_ULID}/messages`).expect(404);
      await post(`${C}/sessions/${UNKNOWN_ULID}/messages`, { messages: [{ role: 'user', content: 'hi' }] }).expect(404);
      await post(`${C}/sessions/${UNKNOWN_ULID}/end`, {}).expect(404);
    });

    it.each([
      ['no messages', { messages: [] }, 'messages'],
      ['unknown role', { messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
      [
        'empty content',
        {
          messages: [
            { role: 'user', content: 'x' },
            { role: 'user', content: '' },
          ],
        },
        'messages[1].content',
      ],
      ['oversized content', { messages: [{ role: 'user', content: 'x'.repeat(201) }] }, 'messages[0].content'],
      [
        'importance out of range',
        { messages: [{ role: 'user', content: 'x', importance: 3 }] },
        'messages[0].importance',
      ],
    ])('POST messages 400 for %s', async (_name, body, field) => {
      const id = (await post(`${C}/sessions`, {}).expect(201)).body.data.id;
      expect(fields(await post(`${C}/sessions/${id}/messages`, body))).toContain(field);
    });

    it('400 for bad session bodies and ids', async () => {
      expect(fields(await post(`${C}/sessions`, { title: 'x'.repeat(201) }))).toEqual(['title']);
      expect(fields(await post(`${C}/sessions`, { metadata: 'x' }))).toEqual(['metadata']);
      expect(fields(await request(t.http).get(`${C}/sessions/nope`))).toEqual(['sessionId']);
      expect(fields(await request(t.http).get(`${C}/sessions`).query({ status: 'paused' }))).toEqual(['status']);
      const id = (await post(`${C}/sessions`, {}).expect(201)).body.data.id;
      expect(fields(await post(`${C}/sessions/${id}/end`, { summary: '' }))).toEqual(['summary']);
      expect(fields(await post(`${C}/sessions/${id}/end`, { summary: 'x'.repeat(201) }))).toEqual(['summary']);
    });
  });

  describe('context route inputs', () => {
    it.each([
      [{ budgetTokens: 0 }, 'budgetTokens'],
      [{ budgetTokens: 5001 }, 'budgetTokens'],
      [{ budgetTokens: 'lots' }, 'budgetTokens'],
      [{ sessionId: 'x' }, 'sessionId'],
      [{ searchHits: 101 }, 'searchHits'],
      [{ q: '' }, 'q'],
    ])('400 for %o', async (query, field) => {
      expect(fields(await request(t.http).get(`${A}/context`).query(query))).toEqual([field]);
    });

    it('404 for a session of nobody', async () => {
      await request(t.http).get(`${A}/context`).query({ sessionId: UNKNOWN_ULID }).expect(404);
    });
  });

  describe('export and import', () => {
    const E = agentPath('exporter');
    it('exports blocks, sessions and memories; imports them into another agent (merge, then replace)', async () => {
      await request(t.http).put(`${E}/blocks/persona`).send({ value: 'Macro trader' }).expect(201);
      const s = (await post(`${E}/sessions`, {}).expect(201)).body.data.id;
      await post(`${E}/sessions/${s}/messages`, {
        messages: [
          { role: 'user', content: 'hello' },
          { role: 'assistant', content: 'hi' },
        ],
      }).expect(201);
      await post(`${E}/sessions/${s}/end`, { summary: 'greetings' }).expect(200);
      await post(`${E}/memories`, {
        type: 'procedural',
        content: 'Check the calendar first',
        tags: ['routine'],
        importance: 0.7,
      }).expect(201);

      const doc = (await request(t.http).get(`${E}/export`).expect(200)).body.data;
      expect(doc).toMatchObject({ format: 'letta-agent-memory', version: 1, agentId: 'exporter' });
      expect(doc.blocks).toHaveLength(1);
      expect(doc.sessions).toHaveLength(1);
      expect(doc.memories).toHaveLength(4);

      const I = agentPath('importer');
      await post(`${I}/memories`, { type: 'semantic', content: 'pre-existing' }).expect(201);
      const report = await post(`${I}/import`, doc).expect(201);
      expect(report.body.data).toEqual({ mode: 'merge', blocks: 1, sessions: 1, memories: 4 });
      const copy = (await request(t.http).get(`${I}/export`).expect(200)).body.data;
      expect(copy.memories).toHaveLength(5);
      const strip = (m: Record<string, unknown>) => ({
        ...m,
        id: undefined,
        agentId: undefined,
        sessionId: m.sessionId ? 'S' : null,
      });
      expect(copy.memories.filter((m: { content: string }) => m.content !== 'pre-existing').map(strip)).toEqual(
        doc.memories.map(strip),
      );
      // Session links and the summary point at the new ids.
      const newSession = copy.sessions[0];
      expect(newSession.id).not.toBe(s);
      expect(copy.memories.filter((m: { sessionId: string | null }) => m.sessionId === newSession.id)).toHaveLength(3);
      expect(copy.memories.find((m: { id: string }) => m.id === newSession.summaryMemoryId).content).toBe('greetings');
      const msgs = await request(t.http).get(`${I}/sessions/${newSession.id}/messages`).expect(200);
      expect(msgs.body.data.items.map((m: { content: string }) => m.content)).toEqual(['hello', 'hi']);

      const replaced = await post(`${I}/import`, { ...doc, mode: 'replace' }).expect(201);
      expect(replaced.body.data.mode).toBe('replace');
      expect((await request(t.http).get(`${I}/export`).expect(200)).body.data.memories).toHaveLength(4);
    });

    it.each([
      [
        'a memory linked to a session not in the document',
        { memories: [importedMemory({ sessionId: 'nope' })] },
        'memories[0].sessionId',
      ],
      ['a bad type', { memories: [importedMemory({ type: 'weird' })] }, 'memories[0].type'],
      ['oversized content', { memories: [importedMemory({ content: 'x'.repeat(201) })] }, 'memories[0].content'],
      [
        'a block over its limit',
        {
          blocks: [
            {
              label: 'p',
              value: 'xx',
              limitChars: 1,
              createdAt: DAY,
              updatedAt: DAY,
            },
          ],
        },
        'blocks[0].value',
      ],
      ['a bad mode', { mode: 'overwrite' }, 'mode'],
      ['a missing date', { memories: [importedMemory({ createdAt: undefined })] }, 'memories[0].createdAt'],
    ])('import 400 for %s', async (_name, partial, field) => {
      const body = { blocks: [], sessions: [], memories: [], ...partial };
      expect(fields(await post(`${agentPath('import-bad')}/import`, body))).toContain(field);
      expect(
        (
          await request(t.http)
            .get(`${agentPath('import-bad')}/export`)
            .expect(200)
        ).body.data.memories,
      ).toEqual([]);
    });
  });

  describe('operations', () => {
    it('counts operations in /metrics', async () => {
      const text = (await request(t.http).get('/metrics').expect(200)).text;
      expect(text).toMatch(/letta_operations_total\{operation="create",outcome="ok"\} [1-9]/);
      expect(text).toMatch(/letta_operations_total\{operation="search",outcome="ok"\} [1-9]/);
      expect(text).toMatch(/letta_operation_duration_seconds_count\{operation="create"\} [1-9]/);
      expect(text).toMatch(/letta_memories_deduplicated_total [1-9]/);
    });

    it('reports full-text search mode in /status', async () => {
      const res = await request(t.http).get('/status').expect(200);
      expect(res.body.data.components.letta).toMatchObject({
        state: 'up',
        details: {
          search: 'fulltext',
          engine: 'sqlite-fts5-bm25',
          embeddings: { configured: false },
          sweeper: { intervalMs: 3_600_000 },
        },
      });
    });

    it('documents every memory route in Swagger with a summary and its 400 response', async () => {
      const doc = (await request(t.http).get('/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, { summary?: string; responses: Record<string, unknown> }>>;
      };
      const routes = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/v1/memory'));
      const ops = routes.flatMap(([p, o]) =>
        Object.entries(o).map(([m, op]) => ({ route: `${m.toUpperCase()} ${p}`, op })),
      );
      expect(ops.map((o) => o.route).sort()).toEqual([
        'DELETE /api/v1/memory/agents/{agentId}/blocks/{label}',
        'DELETE /api/v1/memory/agents/{agentId}/memories/{memoryId}',
        'GET /api/v1/memory/agents/{agentId}/blocks',
        'GET /api/v1/memory/agents/{agentId}/blocks/{label}',
        'GET /api/v1/memory/agents/{agentId}/context',
        'GET /api/v1/memory/agents/{agentId}/export',
        'GET /api/v1/memory/agents/{agentId}/memories',
        'GET /api/v1/memory/agents/{agentId}/memories/search',
        'GET /api/v1/memory/agents/{agentId}/memories/{memoryId}',
        'GET /api/v1/memory/agents/{agentId}/sessions',
        'GET /api/v1/memory/agents/{agentId}/sessions/{sessionId}',
        'GET /api/v1/memory/agents/{agentId}/sessions/{sessionId}/messages',
        'PATCH /api/v1/memory/agents/{agentId}/memories/{memoryId}',
        'POST /api/v1/memory/agents/{agentId}/import',
        'POST /api/v1/memory/agents/{agentId}/memories',
        'POST /api/v1/memory/agents/{agentId}/memories/bulk',
        'POST /api/v1/memory/agents/{agentId}/sessions',
        'POST /api/v1/memory/agents/{agentId}/sessions/{sessionId}/end',
        'POST /api/v1/memory/agents/{agentId}/sessions/{sessionId}/messages',
        'POST /api/v1/memory/sweep',
        'PUT /api/v1/memory/agents/{agentId}/blocks/{label}',
      ]);
      for (const { route, op } of ops) {
        expect({ route, summary: typeof op.summary }).toEqual({ route, summary: 'string' });
        if (route !== 'POST /api/v1/memory/sweep')
          expect({ route, has400: '400' in op.responses }).toEqual({ route, has400: true });
      }
    });
  });
});

describe('memory routes with letta disabled', () => {
  let t: TestApp;
  beforeAll(async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'letta-off-')), 'off.yml');
    writeFileSync(file, 'aiComponents:\n  letta:\n    enabled: false\n');
    t = await createTestApp({ CONFIG_FILE: file });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 503 on memory routes and reports letta disabled', async () => {
    const res = await request(t.http).post(`${A}/memories`).send({ type: 'semantic', content: 'x' }).expect(503);
    expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect((await request(t.http).get('/status').expect(200)).body.data.components.letta).toEqual({
      state: 'disabled',
    });
  });
});
