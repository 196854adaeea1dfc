import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { agentPath } from './support/memory';

const KEYS = { a: { 'X-API-Key': 'key-a' }, b: { 'X-API-Key': 'key-b' }, admA: { 'X-API-Key': 'key-adm-a' } };

/**
 * Must show 3: two tenants, two agents each. The owner (tenant a, agent x) creates a memory, a
 * block and a session; every other (tenant, agent) pair tries every route on those ids and gets
 * 404 (never 403), finds nothing in lists, search or context, and the owner's data is unchanged.
 */
describe('memory isolation between tenants and agents', () => {
  let t: TestApp;
  let memoryId: string;
  let sessionId: string;
  let before: unknown;

  const owner = { headers: KEYS.a, agent: 'x' };
  const intruders = [
    { name: 'same agent id, other tenant', headers: KEYS.b, agent: 'x' },
    { name: 'same tenant, other agent', headers: KEYS.a, agent: 'y' },
    { name: 'other tenant, other agent', headers: KEYS.b, agent: 'y' },
  ];

  const ownerExport = async () => {
    const doc = (
      await request(t.http)
        .get(`${agentPath(owner.agent)}/export`)
        .set(owner.headers)
        .expect(200)
    ).body.data;
    delete doc.exportedAt;
    return doc;
  };

  beforeAll(async () => {
    t = await createTestApp({
      API_KEYS: 'a:operator:tenant-a:key-a,b:operator:tenant-b:key-b,adm-a:admin:tenant-a:key-adm-a',
    });
    const base = agentPath(owner.agent);
    memoryId = (
      await request(t.http)
        .post(`${base}/memories`)
        .set(owner.headers)
        .send({ type: 'semantic', content: 'secret alpha strategy for EUR/USD', tags: ['secret'] })
        .expect(201)
    ).body.data.id;
    await request(t.http)
      .put(`${base}/blocks/persona`)
      .set(owner.headers)
      .send({ value: 'secret persona' })
      .expect(201);
    sessionId = (
      await request(t.http).post(`${base}/sessions`).set(owner.headers).send({ title: 'secret talk' }).expect(201)
    ).body.data.id;
    await request(t.http)
      .post(`${base}/sessions/${sessionId}/messages`)
      .set(owner.headers)
      .send({ messages: [{ role: 'user', content: 'secret alpha message' }] })
      .expect(201);
    // Each intruder also holds memory of its own, so "empty" answers are not empty by accident.
    for (const i of intruders) {
      await request(t.http)
        .post(`${agentPath(i.agent)}/memories`)
        .set(i.headers)
        .send({ type: 'semantic', content: `own note of ${i.name}` })
        .expect((r) => expect([200, 201]).toContain(r.status));
    }
    before = await ownerExport();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(intruders)("$name: every route on the owner's ids answers 404", async ({ headers, agent }) => {
    const base = agentPath(agent);
    const attempts: Array<[string, request.Test]> = [
      ['GET memory', request(t.http).get(`${base}/memories/${memoryId}`)],
      ['PATCH memory', request(t.http).patch(`${base}/memories/${memoryId}`).send({ importance: 0.01 })],
      ['DELETE memory', request(t.http).delete(`${base}/memories/${memoryId}`)],
      ['GET block', request(t.http).get(`${base}/blocks/persona`)],
      ['DELETE block', request(t.http).delete(`${base}/blocks/persona`)],
      ['GET session', request(t.http).get(`${base}/sessions/${sessionId}`)],
      ['GET session messages', request(t.http).get(`${base}/sessions/${sessionId}/messages`)],
      [
        'POST session messages',
        request(t.http)
          .post(`${base}/sessions/${sessionId}/messages`)
          .send({ messages: [{ role: 'user', content: 'injected' }] }),
      ],
      ['POST session end', request(t.http).post(`${base}/sessions/${sessionId}/end`).send({ summary: 'hijacked' })],
      [
        'POST memory into the session',
        request(t.http).post(`${base}/memories`).send({ type: 'episodic', content: 'injected', sessionId }),
      ],
      ['GET context with the session', request(t.http).get(`${base}/context`).query({ sessionId })],
    ];
    for (const [name, req] of attempts) {
      const res = await req.set(headers);
      expect({ name, status: res.status, code: res.body.error?.code }).toEqual({
        name,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
  });

  it.each(intruders)(
    "$name: lists, search, context and export show none of the owner's data",
    async ({ headers, agent }) => {
      const base = agentPath(agent);
      // The owner's ids and texts (the query itself is echoed back, so not just the word "secret").
      const markers = [
        memoryId,
        sessionId,
        'secret alpha strategy',
        'secret persona',
        'secret talk',
        'secret alpha message',
      ];
      const leaks = (body: unknown) => markers.some((m) => JSON.stringify(body).includes(m));
      const responses = [
        await request(t.http).get(`${base}/memories`).set(headers).expect(200),
        await request(t.http).get(`${base}/memories`).query({ tag: 'secret' }).set(headers).expect(200),
        await request(t.http).get(`${base}/memories/search`).query({ q: 'secret alpha' }).set(headers).expect(200),
        await request(t.http).get(`${base}/blocks`).set(headers).expect(200),
        await request(t.http).get(`${base}/sessions`).set(headers).expect(200),
        await request(t.http)
          .get(`${base}/context`)
          .query({ q: 'secret alpha', budgetTokens: 1000 })
          .set(headers)
          .expect(200),
        await request(t.http).get(`${base}/export`).set(headers).expect(200),
      ];
      for (const res of responses) expect(leaks(res.body.data)).toBe(false);
      expect(responses[2].body.data.items).toEqual([]);
      expect(responses[2].body.data.candidates).toBe(0);
      // Their own memory is there: the filter is by owner, not "return nothing".
      expect(responses[0].body.data.items).toHaveLength(1);
    },
  );

  it('writes by intruders under the same names land in their own space', async () => {
    await request(t.http)
      .put(`${agentPath('x')}/blocks/persona`)
      .set(KEYS.b)
      .send({ value: 'tenant b persona' })
      .expect(201);
    expect(
      (
        await request(t.http)
          .get(`${agentPath('x')}/blocks/persona`)
          .set(KEYS.b)
          .expect(200)
      ).body.data.value,
    ).toBe('tenant b persona');
    // A near-duplicate of the owner's memory written by another tenant is a new memory, not a merge.
    const res = await request(t.http)
      .post(`${agentPath('x')}/memories`)
      .set(KEYS.b)
      .send({ type: 'semantic', content: 'secret alpha strategy for EUR/USD' })
      .expect(201);
    expect(res.body.data.id).not.toBe(memoryId);
    await request(t.http)
      .delete(`${agentPath('x')}/memories/${res.body.data.id}`)
      .set(KEYS.b)
      .expect(200);
    await request(t.http)
      .delete(`${agentPath('x')}/blocks/persona`)
      .set(KEYS.b)
      .expect(200);
  });

  it('an admin sweep reports only its own tenant', async () => {
    const res = await request(t.http).post('/api/v1/memory/sweep').set(KEYS.admA).expect(200);
    expect(JSON.stringify(res.body.data)).not.toContain('tenant-b');
    await request(t.http).post('/api/v1/memory/sweep').set(KEYS.a).expect(403);
  });

  it("leaves the owner's memory, block, session and messages unchanged, counts included", async () => {
    expect(await ownerExport()).toEqual(before);
    const doc = before as {
      memories: unknown[];
      blocks: unknown[];
      sessions: Array<{ messageCount: number; status: string }>;
    };
    expect(doc.memories).toHaveLength(2);
    expect(doc.blocks).toHaveLength(1);
    expect(doc.sessions).toEqual([expect.objectContaining({ messageCount: 1, status: 'active' })]);
    const own = await request(t.http)
      .get(`${agentPath('x')}/memories/${memoryId}`)
      .set(owner.headers)
      .expect(200);
    expect(own.body.data).toMatchObject({ importance: 0.5, accessCount: 0 });
  });
});

/**
 * The embedded full-text index is keyed by agent (libs/letta/src/persistence/agent-terms.ts): how
 * rare a word is counts within the searching agent's memory. Another agent that writes a word
 * a thousand times must not make it look common, and so less relevant, to this agent.
 */
describe('full-text relevance counts words within the agent', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("another agent's vocabulary does not sway this agent's BM25 scores", async () => {
    const mine = agentPath('ranker');
    await request(t.http)
      .post(`${mine}/memories/bulk`)
      .send({
        memories: [
          { type: 'semantic', content: 'hedge the bund position before payrolls' },
          { type: 'semantic', content: 'hedge the gilt position before payrolls' },
        ],
      })
      .expect(201);
    // Another agent of the same tenant floods "bund".
    const flood = Array.from({ length: 100 }, (_, i) => ({
      type: 'semantic',
      content: `bund auction note number ${i}`,
    }));
    await request(t.http)
      .post(`${agentPath('flooder')}/memories/bulk`)
      .send({ memories: flood })
      .expect(201);

    const res = await request(t.http).get(`${mine}/memories/search`).query({ q: 'bund gilt' }).expect(200);
    const rank = Object.fromEntries(
      res.body.data.items.map((h: { memory: { content: string }; raw: { textRank: number } }) => [
        h.memory.content.split(' ')[2],
        h.raw.textRank,
      ]),
    );
    expect(Object.keys(rank).sort()).toEqual(['bund', 'gilt']);
    // Same length, one query word each, each word once in this agent's memory: equal relevance.
    expect(rank.bund).toBeGreaterThan(0);
    expect(rank.bund).toBeCloseTo(rank.gilt, 10);
  });
});
