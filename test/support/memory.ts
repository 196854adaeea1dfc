import request from 'supertest';
import type { Server } from 'node:http';

/** Shared by the memory e2e and integration suites (not a test file itself). */
export const agentPath = (agentId: string) => `/api/v1/memory/agents/${agentId}`;

const HOUR = 3_600_000;

export interface FixtureMemory {
  id: string;
  type: 'semantic' | 'episodic' | 'procedural';
  content: string;
  importance: number;
  /** Hours before now of creation and last access. */
  createdHoursAgo: number;
  accessedHoursAgo: number;
  tags?: string[];
  expiresAt?: string | null;
  sessionId?: string | null;
}

/** An import document with timestamps relative to now, so tests control age and recency. */
export function importDocument(
  memories: FixtureMemory[],
  extra: { mode?: 'merge' | 'replace'; blocks?: unknown[]; sessions?: unknown[] } = {},
) {
  const now = Date.now();
  return {
    mode: extra.mode ?? 'merge',
    blocks: extra.blocks ?? [],
    sessions: extra.sessions ?? [],
    memories: memories.map((m) => ({
      id: m.id,
      type: m.type,
      content: m.content,
      tags: m.tags ?? [],
      importance: m.importance,
      metadata: { fixture: m.id },
      sessionId: m.sessionId ?? null,
      expiresAt: m.expiresAt ?? null,
      createdAt: new Date(now - m.createdHoursAgo * HOUR).toISOString(),
      updatedAt: new Date(now - m.createdHoursAgo * HOUR).toISOString(),
      lastAccessedAt: new Date(now - m.accessedHoursAgo * HOUR).toISOString(),
      accessCount: 0,
    })),
  };
}

/**
 * Relevance, recency and importance pull different ways for the query "breakout":
 * A matches best but is stale and unimportant, B is a middling match used an hour ago,
 * C barely matches but is the most important. Fillers make "breakout" a rare (high-IDF) term.
 */
export const RANKING_FIXTURE: FixtureMemory[] = [
  {
    id: 'A',
    type: 'semantic',
    content: 'breakout breakout breakout on EUR/USD',
    importance: 0.1,
    createdHoursAgo: 720,
    accessedHoursAgo: 720,
  },
  {
    id: 'B',
    type: 'semantic',
    content: 'EUR/USD breakout after the ECB decision with heavy volume',
    importance: 0.2,
    createdHoursAgo: 720,
    accessedHoursAgo: 1,
  },
  {
    id: 'C',
    type: 'semantic',
    importance: 1,
    createdHoursAgo: 720,
    accessedHoursAgo: 720,
    content:
      'Quarterly desk review covering risk limits, portfolio hedging, correlation, volatility regimes, liquidity, funding costs, counterparty exposure and one breakout trade',
  },
  ...[
    'gold rallied on safe haven demand',
    'bund yields fell after the auction',
    'bitcoin funding rates turned negative',
    'oil inventories rose more than expected',
    'yen weakened past 150',
    'copper demand from china slowed',
  ].map((content, i): FixtureMemory => ({
    id: `F${i}`,
    type: 'semantic',
    content,
    importance: 0.5,
    createdHoursAgo: 720,
    accessedHoursAgo: 720,
  })),
];

/** Imports the fixture into an agent and returns a map fixture id → stored memory id. */
export async function loadFixture(
  http: Server,
  agentId: string,
  memories: FixtureMemory[],
  headers: Record<string, string> = {},
) {
  await request(http)
    .post(`${agentPath(agentId)}/import`)
    .set(headers)
    .send(importDocument(memories))
    .expect(201);
  const exported = await request(http)
    .get(`${agentPath(agentId)}/export`)
    .set(headers)
    .expect(200);
  const ids = new Map<string, string>();
  for (const m of exported.body.data.memories as Array<{ id: string; metadata: { fixture?: string } }>) {
    if (m.metadata.fixture) ids.set(m.metadata.fixture, m.id);
  }
  return ids;
}

export type Weights = { relevanceWeight: number; recencyWeight: number; importanceWeight: number };

/** Searches "breakout" and names the hits by fixture id. */
export async function rankFixture(http: Server, agentId: string, ids: Map<string, string>, weights?: Weights) {
  const byStored = new Map([...ids].map(([k, v]) => [v, k]));
  const res = await request(http)
    .get(`${agentPath(agentId)}/memories/search`)
    .query({ q: 'breakout', ...(weights ?? {}) })
    .expect(200);
  const items = res.body.data.items as Array<{
    memory: { id: string };
    scores: Record<'relevance' | 'recency' | 'importance' | 'similarity' | 'total', number>;
  }>;
  return { body: res.body.data, order: items.map((h) => byStored.get(h.memory.id)), items };
}

export const RELEVANCE_HEAVY: Weights = { relevanceWeight: 1, recencyWeight: 0.1, importanceWeight: 0.1 };
export const IMPORTANCE_HEAVY: Weights = { relevanceWeight: 0.1, recencyWeight: 0.1, importanceWeight: 1 };
export const RECENCY_HEAVY: Weights = { relevanceWeight: 0.2, recencyWeight: 1, importanceWeight: 0.1 };

/**
 * The candidate pool (libs/letta/src/persistence/memory-search.repository.ts, fullTextCandidates): the
 * newest 1,000 memories holding every query word come first, so an old memory that has all the
 * words is found even behind more than a pool of newer memories that have only one of them.
 * Loads one old memory and 1,050 newer one-word matches; returns the old one's id.
 */
export async function loadPoolFixture(http: Server, agentId: string): Promise<string> {
  const old = await request(http)
    .post(`${agentPath(agentId)}/memories`)
    .send({ type: 'semantic', content: 'alpha omega carry trade unwind' })
    .expect(201);
  for (let start = 0; start < 1050; start += 350) {
    const memories = Array.from({ length: 350 }, (_, i) => ({
      type: 'semantic',
      content: `alpha filler note number ${start + i}`,
    }));
    await request(http)
      .post(`${agentPath(agentId)}/memories/bulk`)
      .send({ memories })
      .expect(201);
  }
  return old.body.data.id;
}

/** Searches the pool fixture, unfiltered and filtered (each dialect has both paths). */
export async function expectPoolFinds(http: Server, agentId: string, oldId: string): Promise<void> {
  for (const query of [{ q: 'alpha omega' }, { q: 'alpha omega', type: 'semantic' }]) {
    // Relevance alone: this is about which memories are candidates, not how they are weighed.
    const res = await request(http)
      .get(`${agentPath(agentId)}/memories/search`)
      .query({ ...query, limit: 5, relevanceWeight: 1, recencyWeight: 0, importanceWeight: 0 })
      .expect(200);
    expect({ query, first: res.body.data.items[0]?.memory.id }).toEqual({ query, first: oldId });
    expect(res.body.data.candidates).toBeLessThanOrEqual(200);
  }
  // One common word alone: the newest matches are the candidates, bounded by candidateLimit.
  const common = await request(http)
    .get(`${agentPath(agentId)}/memories/search`)
    .query({ q: 'alpha', limit: 5 })
    .expect(200);
  expect(common.body.data.candidates).toBe(200);
}
