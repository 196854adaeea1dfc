import { AppError } from '@app/infrastructure';
import { LettaModule, MemoryService, RetentionService, SearchService, type AgentScope } from '@app/letta';
import { MemoryRepository } from '@app/letta/testing';
import { createMediumModule, type MediumModule } from '../support/medium';

/**
 * Agent memory through LettaModule on a temporary SQLite file, without HTTP: the memory service
 * and repositories (store, read, update), ranked search, scoping by tenant and agent, retention.
 */
describe('letta memory (medium)', () => {
  const alpha: AgentScope = { tenant: 't1', agentId: 'alpha' };
  let medium: MediumModule;
  let memories: MemoryService;
  let search: SearchService;

  beforeAll(async () => {
    // Built, not initialised: the retention sweeper's timer stays off, sweeps run when called.
    medium = await createMediumModule([LettaModule], {
      init: false,
      env: { MEMORY_PROCEDURAL_MAX_COUNT: '2' },
    });
    memories = medium.get(MemoryService);
    search = medium.get(SearchService);
  }, 30_000);

  afterAll(() => medium.close());

  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (e: unknown) => (e instanceof AppError ? e.code : String(e)),
    );

  it('stores a memory and reads it back with its tags sorted and metadata intact', async () => {
    const { memory, deduplicated } = await memories.create(alpha, {
      type: 'semantic',
      content: 'The desk closes every EUR/USD position before the New York fix.',
      tags: ['risk', 'fx'],
      metadata: { source: 'runbook', page: 4 },
      importance: 0.6,
    });
    expect(deduplicated).toBe(false);

    const read = await memories.get(alpha, memory.id);
    expect(read).toMatchObject({
      id: memory.id,
      agentId: 'alpha',
      type: 'semantic',
      content: 'The desk closes every EUR/USD position before the New York fix.',
      tags: ['fx', 'risk'],
      metadata: { source: 'runbook', page: 4 },
      importance: 0.6,
      sessionId: null,
      role: null,
      expiresAt: null,
      embedded: false,
    });
    expect(read.createdAt).toBeInstanceOf(Date);
  });

  it('merges a near-duplicate into the stored memory instead of adding one', async () => {
    const scope = { tenant: 't1', agentId: 'dedupe' };
    const first = await memories.create(scope, {
      type: 'semantic',
      content: 'gold tends to rally when real yields fall, the dollar weakens and central banks keep buying bars',
      tags: ['gold'],
      importance: 0.3,
    });
    const second = await memories.create(scope, {
      type: 'semantic',
      content: 'gold tends to rally when real yields fall, the dollar weakens and central banks keep buying bars again',
      tags: ['macro'],
      importance: 0.7,
    });
    expect(second.deduplicated).toBe(true);
    expect(second.memory.id).toBe(first.memory.id);
    expect(second.similarity).toBeGreaterThanOrEqual(0.8);
    const stored = await memories.get(scope, first.memory.id);
    expect(stored).toMatchObject({ importance: 0.7, tags: ['gold', 'macro'], accessCount: 1 });
    expect((await memories.list(scope, {})).items).toHaveLength(1);
  });

  it('updates content, tags and importance, and search finds the new wording only', async () => {
    const scope = { tenant: 't1', agentId: 'editor' };
    const { memory } = await memories.create(scope, { type: 'procedural', content: 'hedge with puts', tags: ['a'] });
    const updated = await memories.update(scope, memory.id, {
      content: 'hedge with collars',
      tags: ['b'],
      importance: 0.9,
    });
    expect(updated).toMatchObject({ content: 'hedge with collars', tags: ['b'], importance: 0.9 });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(memory.updatedAt.getTime());
    expect(await memories.get(scope, memory.id)).toMatchObject({ content: 'hedge with collars', tags: ['b'] });

    const hits = async (q: string) => (await search.search(scope, { q, limit: 10 })).items.map((h) => h.memory.id);
    expect(await hits('collars')).toEqual([memory.id]);
    expect(await hits('puts')).toEqual([]);
  });

  it('ranks by the weighted components: importance alone, then full-text relevance alone', async () => {
    const scope = { tenant: 't1', agentId: 'ranker' };
    const add = async (content: string, importance: number) =>
      (await memories.create(scope, { type: 'semantic', content, importance })).memory.id;
    const strong = await add('breakout breakout breakout on the hourly chart', 0.1);
    const weak = await add(
      'a long note about many things: rates, payrolls, oil inventories, a breakout, and the weekly close',
      0.9,
    );
    const middle = await add('range then breakout', 0.5);
    await add('nothing relevant to the query here at all', 1);

    const byImportance = await search.search(scope, {
      q: 'breakout',
      limit: 10,
      weights: { relevance: 0, recency: 0, importance: 1 },
    });
    expect(byImportance).toMatchObject({ mode: 'fulltext', engine: 'sqlite-fts5-bm25', candidates: 3 });
    expect(byImportance.items.map((h) => h.memory.id)).toEqual([weak, middle, strong]);

    const byRelevance = await search.search(scope, {
      q: 'breakout',
      limit: 10,
      weights: { relevance: 1, recency: 0, importance: 0 },
    });
    expect(byRelevance.items.map((h) => h.memory.id)[0]).toBe(strong);
    expect(byRelevance.items.map((h) => h.memory.id).at(-1)).toBe(weak);
    for (const hit of byRelevance.items) {
      const { relevance, recency, importance, similarity, total } = hit.scores;
      expect(relevance + recency + importance + similarity).toBeCloseTo(total, 10);
    }

    // Every returned hit counts as an access.
    expect((await memories.get(scope, strong)).accessCount).toBe(2);
  });

  it("keeps each tenant's and agent's memories apart in reads, lists and search", async () => {
    const a = { tenant: 'iso-1', agentId: 'shared-name' };
    const b = { tenant: 'iso-2', agentId: 'shared-name' };
    const c = { tenant: 'iso-1', agentId: 'other' };
    const { memory } = await memories.create(a, { type: 'semantic', content: 'secret arbitrage venue list' });
    await memories.create(c, { type: 'semantic', content: 'arbitrage of another agent' });

    expect(await code(memories.get(b, memory.id))).toBe('NOT_FOUND');
    expect(await code(memories.get(c, memory.id))).toBe('NOT_FOUND');
    expect(await code(memories.update(b, memory.id, { importance: 1 }))).toBe('NOT_FOUND');
    expect(await code(memories.delete(c, memory.id))).toBe('NOT_FOUND');
    expect((await memories.list(b, {})).items).toEqual([]);
    expect((await search.search(b, { q: 'arbitrage', limit: 10 })).items).toEqual([]);
    expect((await search.search(a, { q: 'arbitrage', limit: 10 })).items.map((h) => h.memory.id)).toEqual([memory.id]);
    expect(await memories.get(a, memory.id)).toMatchObject({ importance: 0.5 });
  });

  it('hides an expired memory at once; the sweep deletes it and evicts the least important', async () => {
    const scope = { tenant: 'retention', agentId: 'keeper' };
    const repository = medium.get(MemoryRepository);
    const expired = await memories.create(scope, {
      type: 'episodic',
      content: 'a quote valid for one hour',
      expiresAt: new Date(Date.now() - 60_000),
    });
    const kept = await memories.create(scope, { type: 'episodic', content: 'a standing order' });
    const procedural = [];
    for (const importance of [0.9, 0.1, 0.5]) {
      procedural.push(
        (await memories.create(scope, { type: 'procedural', content: `rule of weight ${importance}`, importance }))
          .memory.id,
      );
    }

    expect(await code(memories.get(scope, expired.memory.id))).toBe('NOT_FOUND');
    expect((await memories.list(scope, { type: 'episodic' })).items.map((m) => m.id)).toEqual([kept.memory.id]);

    const report = await medium.get(RetentionService).sweep('retention');
    expect(report.byReason).toEqual({ expired: 1, 'max-age': 0, 'over-count': 1 });
    expect(report.removed).toEqual(
      expect.arrayContaining([
        { tenant: 'retention', agentId: 'keeper', type: 'episodic', reason: 'expired', count: 1 },
        { tenant: 'retention', agentId: 'keeper', type: 'procedural', reason: 'over-count', count: 1 },
      ]),
    );
    expect(report.complete).toBe(true);

    // Deleted, not only hidden: read as of an hour ago, before it expired, it is not there.
    const now = new Date(Date.now() - 3_600_000);
    expect(await repository.findById(scope, expired.memory.id, now)).toBeUndefined();
    const left = (await memories.list(scope, { type: 'procedural' })).items.map((m) => m.id).sort();
    expect(left).toEqual([procedural[0], procedural[2]].sort());
  });
});
