import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SchedulerRegistry } from '@nestjs/schedule';
import { EventCore, type AppEvents } from '@app/infrastructure';
import { createTestApp, TestApp } from './support/create-test-app';
import { agentPath, importDocument, type FixtureMemory } from './support/memory';

const DAY = 24;
const RETENTION_ENV = {
  MEMORY_SWEEP_INTERVAL_MS: '0',
  MEMORY_EPISODIC_MAX_AGE_DAYS: '30',
  MEMORY_EPISODIC_MAX_COUNT: '0',
  MEMORY_SEMANTIC_MAX_AGE_DAYS: '0',
  MEMORY_SEMANTIC_MAX_COUNT: '4',
  MEMORY_PROCEDURAL_MAX_AGE_DAYS: '0',
  MEMORY_PROCEDURAL_MAX_COUNT: '0',
};

/**
 * Policy under test: episodic older than 30 days goes; semantic over 4 per agent goes, lowest
 * importance first (ties: least recently accessed); anything past expiresAt goes; procedural
 * has no limit. The fixture names what must survive.
 */
const FIXTURE: FixtureMemory[] = [
  {
    id: 'ep-old-1',
    type: 'episodic',
    content: 'old event one',
    importance: 1,
    createdHoursAgo: 40 * DAY,
    accessedHoursAgo: 1,
  },
  {
    id: 'ep-old-2',
    type: 'episodic',
    content: 'old event two',
    importance: 0.2,
    createdHoursAgo: 31 * DAY,
    accessedHoursAgo: 31 * DAY,
  },
  {
    id: 'ep-recent',
    type: 'episodic',
    content: 'recent event',
    importance: 0.1,
    createdHoursAgo: 29 * DAY,
    accessedHoursAgo: 29 * DAY,
  },
  {
    id: 'se-09',
    type: 'semantic',
    content: 'fact importance 0.9',
    importance: 0.9,
    createdHoursAgo: 400 * DAY,
    accessedHoursAgo: 300 * DAY,
  },
  {
    id: 'se-01-stale',
    type: 'semantic',
    content: 'fact importance 0.1 stale',
    importance: 0.1,
    createdHoursAgo: 10,
    accessedHoursAgo: 10,
  },
  {
    id: 'se-05',
    type: 'semantic',
    content: 'fact importance 0.5',
    importance: 0.5,
    createdHoursAgo: 10,
    accessedHoursAgo: 10,
  },
  {
    id: 'se-01-fresh',
    type: 'semantic',
    content: 'fact importance 0.1 fresh',
    importance: 0.1,
    createdHoursAgo: 10,
    accessedHoursAgo: 1,
  },
  {
    id: 'se-07',
    type: 'semantic',
    content: 'fact importance 0.7',
    importance: 0.7,
    createdHoursAgo: 10,
    accessedHoursAgo: 10,
  },
  {
    id: 'pr-ancient',
    type: 'procedural',
    content: 'ancient rule',
    importance: 0.5,
    createdHoursAgo: 4000 * DAY,
    accessedHoursAgo: 4000 * DAY,
  },
  {
    id: 'pr-expired',
    type: 'procedural',
    content: 'rule that expired',
    importance: 0.9,
    createdHoursAgo: 2,
    accessedHoursAgo: 2,
    expiresAt: new Date(Date.now() - 60_000).toISOString(),
  },
];

// se-01-stale and se-01-fresh tie on importance: the less recently accessed one goes.
const SURVIVORS = ['ep-recent', 'se-09', 'se-05', 'se-01-fresh', 'se-07', 'pr-ancient'];

async function fixtureIds(t: TestApp, agent: string): Promise<string[]> {
  const doc = (
    await request(t.http)
      .get(`${agentPath(agent)}/export`)
      .expect(200)
  ).body.data;
  return doc.memories.map((m: { metadata: { fixture: string } }) => m.metadata.fixture).sort();
}

describe('memory retention sweeper', () => {
  let t: TestApp;
  const expired: Array<AppEvents['memory.expired']> = [];

  beforeAll(async () => {
    t = await createTestApp(RETENTION_ENV);
    t.app.get(EventCore).on('memory.expired', (e) => expired.push(e));
  });
  afterAll(async () => {
    await t.close();
  });

  it('removes exactly what the policy says and reports it', async () => {
    await request(t.http)
      .post(`${agentPath('keeper')}/import`)
      .send(importDocument(FIXTURE))
      .expect(201);
    await request(t.http)
      .post(`${agentPath('bystander')}/import`)
      .send(importDocument(FIXTURE.filter((m) => m.id === 'se-09' || m.id === 'ep-recent')))
      .expect(201);
    expect(await fixtureIds(t, 'keeper')).toHaveLength(FIXTURE.length);

    const res = await request(t.http).post('/api/v1/memory/sweep').expect(200);
    const report = res.body.data;
    expect(report.byReason).toEqual({ expired: 1, 'max-age': 2, 'over-count': 1 });
    expect(report.total).toBe(4);
    expect(report.complete).toBe(true);
    expect(
      report.removed.sort((a: { reason: string }, b: { reason: string }) => a.reason.localeCompare(b.reason)),
    ).toEqual([
      { agentId: 'keeper', type: 'procedural', reason: 'expired', count: 1 },
      { agentId: 'keeper', type: 'episodic', reason: 'max-age', count: 2 },
      { agentId: 'keeper', type: 'semantic', reason: 'over-count', count: 1 },
    ]);
    expect(await fixtureIds(t, 'keeper')).toEqual([...SURVIVORS].sort());
    expect(await fixtureIds(t, 'bystander')).toEqual(['ep-recent', 'se-09']);

    expect(expired.map((e) => [e.agentId, e.type, e.reason, e.ids.length]).sort()).toEqual([
      ['keeper', 'episodic', 'max-age', 2],
      ['keeper', 'procedural', 'expired', 1],
      ['keeper', 'semantic', 'over-count', 1],
    ]);
    // A second run finds nothing left to do.
    expect((await request(t.http).post('/api/v1/memory/sweep').expect(200)).body.data.total).toBe(0);
    const metrics = (await request(t.http).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/letta_memories_removed_total\{reason="over-count"\} 1/);
  });

  it('registers no interval when MEMORY_SWEEP_INTERVAL_MS is 0', () => {
    expect(t.app.get(SchedulerRegistry).getIntervals()).not.toContain('letta.retention-sweep');
  });
});

describe('memory retention sweeper on its interval', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...RETENTION_ENV, MEMORY_SWEEP_INTERVAL_MS: '100' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('runs by itself from @nestjs/schedule and shows its last run in /status', async () => {
    expect(t.app.get(SchedulerRegistry).getIntervals()).toContain('letta.retention-sweep');
    const id = (
      await request(t.http)
        .post(`${agentPath('timed')}/memories`)
        .send({ type: 'semantic', content: 'expires soon', expiresAt: new Date(Date.now() + 150).toISOString() })
        .expect(201)
    ).body.data.id;
    const keep = (
      await request(t.http)
        .post(`${agentPath('timed')}/memories`)
        .send({ type: 'semantic', content: 'stays' })
        .expect(201)
    ).body.data.id;
    const deadline = Date.now() + 5000;
    let ids: string[] = [id];
    while (Date.now() < deadline && ids.includes(id)) {
      await new Promise((r) => setTimeout(r, 100));
      ids = (
        await request(t.http)
          .get(`${agentPath('timed')}/export`)
          .expect(200)
      ).body.data.memories.map((m: { id: string }) => m.id);
    }
    expect(ids).toEqual([keep]);
    const status = (await request(t.http).get('/status').expect(200)).body.data.components.letta.details.sweeper;
    expect(status.intervalMs).toBe(100);
    expect(status.lastRun).toMatchObject({ total: expect.any(Number), finishedAt: expect.any(String) });
  });
});

describe('memory sweep permissions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ API_KEYS: 'op:operator:default:key-op,adm:admin:default:key-adm' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is for admins only', async () => {
    await request(t.http).post('/api/v1/memory/sweep').set('X-API-Key', 'key-op').expect(403);
    await request(t.http).post('/api/v1/memory/sweep').expect(401);
    await request(t.http).post('/api/v1/memory/sweep').set('X-API-Key', 'key-adm').expect(200);
  });
});

describe('memory survives a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'letta-restart-'));
  const env = { SQLITE_PATH: join(dir, 'memory.db') };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps memories, blocks, sessions and the search index across close and reopen', async () => {
    const R = agentPath('durable');
    const first = await createTestApp(env);
    let before: unknown;
    let sessionId: string;
    try {
      await request(first.http)
        .post(`${R}/memories`)
        .send({ type: 'semantic', content: 'Durable fact about copper demand', tags: ['metals'], importance: 0.9 })
        .expect(201);
      await request(first.http).put(`${R}/blocks/persona`).send({ value: 'Metals trader' }).expect(201);
      sessionId = (await request(first.http).post(`${R}/sessions`).send({}).expect(201)).body.data.id;
      await request(first.http)
        .post(`${R}/sessions/${sessionId}/messages`)
        .send({ messages: [{ role: 'user', content: 'copper looks heavy' }] })
        .expect(201);
      before = (await request(first.http).get(`${R}/export`).expect(200)).body.data;
    } finally {
      await first.app.close();
    }

    const second = await createTestApp(env);
    try {
      const after = (await request(second.http).get(`${R}/export`).expect(200)).body.data;
      expect({ ...after, exportedAt: null }).toEqual({ ...(before as object), exportedAt: null });
      const hits = await request(second.http).get(`${R}/memories/search`).query({ q: 'copper' }).expect(200);
      expect(hits.body.data.items.map((h: { memory: { content: string } }) => h.memory.content).sort()).toEqual([
        'Durable fact about copper demand',
        'copper looks heavy',
      ]);
      // The session goes on where it stopped.
      const more = await request(second.http)
        .post(`${R}/sessions/${sessionId!}/messages`)
        .send({ messages: [{ role: 'assistant', content: 'agreed' }] })
        .expect(201);
      expect(more.body.data.items[0].content).toBe('agreed');
      expect((await request(second.http).get(`${R}/sessions/${sessionId!}`).expect(200)).body.data.messageCount).toBe(
        2,
      );
    } finally {
      await second.app.close();
    }
  });
});
