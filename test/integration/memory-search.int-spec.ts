import request from 'supertest';
import { newId } from '@app/infrastructure';
import { createTestApp, TestApp } from '../support/create-test-app';
import {
  IMPORTANCE_HEAVY,
  RANKING_FIXTURE,
  RECENCY_HEAVY,
  RELEVANCE_HEAVY,
  agentPath,
  expectPoolFinds,
  importDocument,
  loadFixture,
  loadPoolFixture,
  rankFixture,
} from '../support/memory';
import { sqlAdmin, TEST_DATABASE_URL as BASE_URL, urlWithSearchPath } from '../support/pg-schema';

const schema = `letta_${newId().toLowerCase()}`;

/** Must show 6: the same memory behaviour on PostgreSQL (tsvector + ts_rank) as on SQLite. */
describe('agent memory on PostgreSQL', () => {
  const env = {
    DATABASE_URL: urlWithSearchPath(BASE_URL, schema),
    MEMORY_RECENCY_HALF_LIFE_HOURS: '24',
    MEMORY_SWEEP_INTERVAL_MS: '0',
    MEMORY_SEMANTIC_MAX_COUNT: '2',
  };
  let t: TestApp;

  beforeAll(async () => {
    await sqlAdmin(`CREATE SCHEMA "${schema}"`);
    t = await createTestApp(env);
  });
  afterAll(async () => {
    await t?.close();
    await sqlAdmin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  it('searches with tsvector/ts_rank and ranks the fixture by the weights', async () => {
    for (const [agent, weights, expected] of [
      ['pg-relevance', RELEVANCE_HEAVY, ['A', 'B', 'C']],
      ['pg-importance', IMPORTANCE_HEAVY, ['C', 'B', 'A']],
      ['pg-recency', RECENCY_HEAVY, ['B', 'A', 'C']],
    ] as const) {
      const ids = await loadFixture(t.http, agent, RANKING_FIXTURE);
      const { order, items, body } = await rankFixture(t.http, agent, ids, weights);
      expect({ agent, order }).toEqual({ agent, order: expected });
      expect(body.engine).toBe('postgres-tsvector-ts_rank');
      for (const { scores } of items)
        expect(scores.relevance + scores.recency + scores.importance + scores.similarity).toBeCloseTo(scores.total, 12);
    }
  });

  it('matches English word forms, filters by type and tags, and never crosses agents', async () => {
    const P = agentPath('pg-words');
    await request(t.http)
      .post(`${P}/memories/bulk`)
      .send({
        memories: [
          { type: 'procedural', content: 'Hedging positions before elections', tags: ['politics'] },
          { type: 'semantic', content: 'The hedge ratio was 0.6', tags: ['politics', 'ratios'] },
        ],
      })
      .expect(201);
    await request(t.http)
      .post(`${agentPath('pg-other')}/memories`)
      .send({ type: 'procedural', content: 'Hedging everything always' })
      .expect(201);
    const stemmed = await request(t.http).get(`${P}/memories/search`).query({ q: 'hedged position' }).expect(200);
    expect(stemmed.body.data.items.map((h: { memory: { content: string } }) => h.memory.content)).toContain(
      'Hedging positions before elections',
    );
    expect(stemmed.body.data.items.every((h: { memory: { agentId: string } }) => h.memory.agentId === 'pg-words')).toBe(
      true,
    );
    const typed = await request(t.http)
      .get(`${P}/memories/search`)
      .query({ q: 'hedge', type: 'semantic', tags: 'ratios' })
      .expect(200);
    expect(typed.body.data.items.map((h: { memory: { content: string } }) => h.memory.content)).toEqual([
      'The hedge ratio was 0.6',
    ]);
    for (const q of ['"unbalanced', 'a & b | !c', "o'clock:*", 'the and of']) {
      await request(t.http).get(`${P}/memories/search`).query({ q }).expect(200);
    }
  });

  it('records each hit of a search as accessed, and only the hits', async () => {
    const P = agentPath('pg-access');
    const created = await request(t.http)
      .post(`${P}/memories/bulk`)
      .send({
        memories: [
          { type: 'semantic', content: 'Liquidity dries up into the close' },
          { type: 'semantic', content: 'Unrelated note on rates' },
        ],
      })
      .expect(201);
    const [hitId, otherId] = created.body.data.items.map((m: { id: string }) => m.id);
    const before = (await request(t.http).get(`${P}/memories/${hitId}`).expect(200)).body.data;
    for (let i = 0; i < 3; i++) {
      const found = await request(t.http).get(`${P}/memories/search`).query({ q: 'liquidity close' }).expect(200);
      expect(found.body.data.items.map((h: { memory: { id: string } }) => h.memory.id)).toEqual([hitId]);
    }
    const after = (await request(t.http).get(`${P}/memories/${hitId}`).expect(200)).body.data;
    expect(after.accessCount).toBe(before.accessCount + 3);
    expect(Date.parse(after.lastAccessedAt)).toBeGreaterThan(Date.parse(before.lastAccessedAt));
    const other = (await request(t.http).get(`${P}/memories/${otherId}`).expect(200)).body.data;
    expect(other.accessCount).toBe(0);
  });

  it('bounds candidates to the newest matches, those with every word first', async () => {
    const oldId = await loadPoolFixture(t.http, 'pg-pooled');
    await expectPoolFinds(t.http, 'pg-pooled', oldId);
  });

  it('merges near-duplicates, keeps sessions in order and packs a context', async () => {
    const P = agentPath('pg-session');
    const first = await request(t.http)
      .post(`${P}/memories`)
      .send({ type: 'semantic', content: 'Client wants weekly PnL reports' })
      .expect(201);
    const dup = await request(t.http)
      .post(`${P}/memories`)
      .send({ type: 'semantic', content: 'client wants WEEKLY pnl reports.' })
      .expect(200);
    expect(dup.body.data).toMatchObject({ id: first.body.data.id, deduplicated: true, accessCount: 1 });
    const s = (await request(t.http).post(`${P}/sessions`).send({}).expect(201)).body.data.id;
    await request(t.http)
      .post(`${P}/sessions/${s}/messages`)
      .send({
        messages: [
          { role: 'user', content: 'one' },
          { role: 'assistant', content: 'two' },
        ],
      })
      .expect(201);
    await request(t.http)
      .post(`${P}/sessions/${s}/messages`)
      .send({ messages: [{ role: 'user', content: 'three' }] })
      .expect(201);
    await request(t.http).post(`${P}/sessions/${s}/end`).send({ summary: 'counted to three' }).expect(200);
    await request(t.http)
      .post(`${P}/sessions/${s}/messages`)
      .send({ messages: [{ role: 'user', content: 'four' }] })
      .expect(409);
    await request(t.http).put(`${P}/blocks/persona`).send({ value: 'Reporting assistant' }).expect(201);
    const ctx = (
      await request(t.http)
        .get(`${P}/context`)
        .query({ sessionId: s, q: 'weekly reports', budgetTokens: 500 })
        .expect(200)
    ).body.data;
    expect(ctx.text).toBe(
      '[block:persona] Reporting assistant\n\n[user] one\n\n[assistant] two\n\n[user] three\n\n[memory:semantic] client wants WEEKLY pnl reports.\n\n',
    );
    expect(ctx.usedTokens).toBeLessThanOrEqual(500);
  });

  it('sweeps by the policy and keeps everything across a restart', async () => {
    const P = agentPath('pg-retention');
    await request(t.http)
      .post(`${P}/import`)
      .send(
        importDocument([
          {
            id: 'keep-high',
            type: 'semantic',
            content: 'high',
            importance: 0.9,
            createdHoursAgo: 5,
            accessedHoursAgo: 5,
          },
          {
            id: 'keep-mid',
            type: 'semantic',
            content: 'mid',
            importance: 0.5,
            createdHoursAgo: 5,
            accessedHoursAgo: 5,
          },
          {
            id: 'evict-low',
            type: 'semantic',
            content: 'low',
            importance: 0.1,
            createdHoursAgo: 5,
            accessedHoursAgo: 5,
          },
          {
            id: 'expired',
            type: 'procedural',
            content: 'gone',
            importance: 1,
            createdHoursAgo: 5,
            accessedHoursAgo: 5,
            expiresAt: new Date(Date.now() - 1000).toISOString(),
          },
        ]),
      )
      .expect(201);
    const report = (await request(t.http).post('/api/v1/memory/sweep').expect(200)).body.data;
    expect(report.removed).toEqual(
      expect.arrayContaining([
        { agentId: 'pg-retention', type: 'semantic', reason: 'over-count', count: 1 },
        { agentId: 'pg-retention', type: 'procedural', reason: 'expired', count: 1 },
      ]),
    );
    const before = (await request(t.http).get(`${P}/export`).expect(200)).body.data;
    expect(before.memories.map((m: { metadata: { fixture: string } }) => m.metadata.fixture).sort()).toEqual([
      'keep-high',
      'keep-mid',
    ]);

    await t.close();
    t = await createTestApp(env);
    const after = (await request(t.http).get(`${P}/export`).expect(200)).body.data;
    expect({ ...after, exportedAt: null }).toEqual({ ...before, exportedAt: null });
    const hits = await request(t.http).get(`${P}/memories/search`).query({ q: 'high' }).expect(200);
    expect(hits.body.data.items).toHaveLength(1);
  });
});
