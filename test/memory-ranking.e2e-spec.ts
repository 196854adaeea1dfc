import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import {
  IMPORTANCE_HEAVY,
  RANKING_FIXTURE,
  RECENCY_HEAVY,
  RELEVANCE_HEAVY,
  expectPoolFinds,
  loadFixture,
  loadPoolFixture,
  rankFixture,
} from './support/memory';

/**
 * Must show 2: relevance, recency and importance pull different ways; the order follows the
 * weights, and each hit's component scores add up to its total. Every search records an access
 * (which changes recency), so each weighting runs on its own agent holding the same fixture.
 */
describe('memory search ranking', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ MEMORY_RECENCY_HALF_LIFE_HOURS: '24' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('orders A, B, C when relevance dominates', async () => {
    const ids = await loadFixture(t.http, 'rank-relevance', RANKING_FIXTURE);
    const { order, items, body } = await rankFixture(t.http, 'rank-relevance', ids, RELEVANCE_HEAVY);
    expect(order).toEqual(['A', 'B', 'C']);
    expect(body.weights).toEqual({ relevance: 1, recency: 0.1, importance: 0.1, similarity: 0 });
    expect(body.engine).toBe('sqlite-fts5-bm25');
    // Min-max normalised: the best text match gets the full weight, the worst none.
    expect(items[0].scores.relevance).toBeCloseTo(1, 12);
    expect(items[2].scores.relevance).toBe(0);
  });

  it('orders C, B, A when importance dominates', async () => {
    const ids = await loadFixture(t.http, 'rank-importance', RANKING_FIXTURE);
    const { order, items } = await rankFixture(t.http, 'rank-importance', ids, IMPORTANCE_HEAVY);
    expect(order).toEqual(['C', 'B', 'A']);
    expect(items[0].scores.importance).toBeCloseTo(1, 12);
  });

  it('orders B, A, C when recency dominates', async () => {
    const ids = await loadFixture(t.http, 'rank-recency', RANKING_FIXTURE);
    const { order, items } = await rankFixture(t.http, 'rank-recency', ids, RECENCY_HEAVY);
    expect(order).toEqual(['B', 'A', 'C']);
    expect(items[0].scores.recency).toBeCloseTo(1, 12);
  });

  it('reports component scores that add up to the total, and raw inputs', async () => {
    const ids = await loadFixture(t.http, 'rank-sum', RANKING_FIXTURE);
    const res = await request(t.http)
      .get('/api/v1/memory/agents/rank-sum/memories/search')
      .query({ q: 'breakout' })
      .expect(200);
    const items = res.body.data.items as Array<{
      memory: { id: string };
      scores: Record<string, number>;
      raw: Record<string, number | null>;
    }>;
    expect(items).toHaveLength(3);
    for (const { scores } of items) {
      expect(scores.relevance + scores.recency + scores.importance + scores.similarity).toBeCloseTo(scores.total, 12);
    }
    const b = items.find((h) => h.memory.id === ids.get('B'))!;
    expect(b.raw.ageHours).toBeGreaterThan(0.99);
    expect(b.raw.ageHours).toBeLessThan(1.1);
    // Half-life 24 h: one hour old → 0.5^(1/24).
    expect(b.raw.recency).toBeCloseTo(Math.pow(0.5, (b.raw.ageHours as number) / 24), 9);
    expect(b.raw.importance).toBe(0.2);
    expect(b.raw.textRank).toBeGreaterThan(0);
    // Defaults from config/ai-orchestration.yml.
    expect(res.body.data.weights).toEqual({ relevance: 0.5, recency: 0.25, importance: 0.25, similarity: 0 });
    expect(res.body.data.halfLifeHours).toBe(24);
  });

  it('takes the newest matches as candidates, those with every query word first', async () => {
    const oldId = await loadPoolFixture(t.http, 'pooled');
    await expectPoolFinds(t.http, 'pooled', oldId);
  });

  it('records an access on every returned hit', async () => {
    const ids = await loadFixture(t.http, 'rank-access', RANKING_FIXTURE);
    await rankFixture(t.http, 'rank-access', ids);
    const a = await request(t.http)
      .get(`/api/v1/memory/agents/rank-access/memories/${ids.get('A')}`)
      .expect(200);
    expect(a.body.data.accessCount).toBe(1);
    expect(Date.now() - Date.parse(a.body.data.lastAccessedAt)).toBeLessThan(60_000);
    const filler = await request(t.http)
      .get(`/api/v1/memory/agents/rank-access/memories/${ids.get('F0')}`)
      .expect(200);
    expect(filler.body.data.accessCount).toBe(0);
  });
});

describe('memory search ranking weights from configuration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      MEMORY_WEIGHT_RELEVANCE: '0.1',
      MEMORY_WEIGHT_RECENCY: '0.1',
      MEMORY_WEIGHT_IMPORTANCE: '1',
      MEMORY_RECENCY_HALF_LIFE_HOURS: '24',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('uses MEMORY_WEIGHT_* when the request gives none', async () => {
    const ids = await loadFixture(t.http, 'rank-config', RANKING_FIXTURE);
    const { order, body } = await rankFixture(t.http, 'rank-config', ids);
    expect(body.weights).toEqual({ relevance: 0.1, recency: 0.1, importance: 1, similarity: 0 });
    expect(order).toEqual(['C', 'B', 'A']);
  });
});
