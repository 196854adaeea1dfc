import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { agentPath } from './support/memory';

/**
 * A local server speaking the OpenAI embeddings protocol. Its "model" maps words to three
 * concepts (currencies, crypto, rates), so "currency" is close to "EUR/USD" without sharing a word.
 */
const CONCEPTS: string[][] = [
  ['currency', 'currencies', 'eur', 'usd', 'fx', 'forex', 'gbp'],
  ['crypto', 'bitcoin', 'btc', 'ether', 'blockchain'],
  ['bond', 'bonds', 'yield', 'yields', 'rates', 'treasury'],
];
function embed(text: string): number[] {
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  return CONCEPTS.map((c) => words.filter((w) => c.includes(w)).length + 0.01);
}

interface Received {
  url?: string;
  headers: IncomingHttpHeaders;
  body: { model: string; input: string[] };
}

/** The settings that make the service embed through `srv` with the concept model; `extra` on top. */
const embeddingsEnv = (srv: { baseUrl: string }, extra: Record<string, string>) => ({
  EMBEDDINGS_BASE_URL: srv.baseUrl,
  EMBEDDINGS_MODEL: 'concept-embed-1',
  ...extra,
});

async function startEmbeddingsServer() {
  const received: Received[] = [];
  let failing = false;
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const body = JSON.parse(data) as Received['body'];
      received.push({ url: req.url, headers: req.headers, body });
      if (failing) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'model overloaded' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          model: body.model,
          data: body.input.map((t, index) => ({ object: 'embedding', index, embedding: embed(t) })),
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    received,
    setFailing: (f: boolean) => (failing = f),
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('hybrid memory search with an OpenAI-compatible embeddings endpoint', () => {
  let srv: Awaited<ReturnType<typeof startEmbeddingsServer>>;
  let t: TestApp;
  const H = agentPath('hybrid');

  beforeAll(async () => {
    srv = await startEmbeddingsServer();
    t = await createTestApp(
      embeddingsEnv(srv, {
        EMBEDDINGS_API_KEY: 'sk-local',
        // Generous: on a loaded CI machine a 2 s bound made a search fall back to full text.
        EMBEDDINGS_TIMEOUT_MS: '10000',
      }),
    );
  });
  afterAll(async () => {
    await t.close();
    await srv.close();
  });

  it('embeds memories on write, sending model, inputs and the key to {base}/embeddings', async () => {
    const res = await request(t.http)
      .post(`${H}/memories/bulk`)
      .send({
        memories: [
          { type: 'semantic', content: 'Scalp EUR/USD during London' },
          { type: 'semantic', content: 'Bitcoin funding flipped negative' },
          { type: 'semantic', content: 'Treasury yields rose after the auction' },
        ],
      })
      .expect(201);
    expect(res.body.data.items.every((m: { embedded: boolean }) => m.embedded)).toBe(true);
    expect(srv.received).toHaveLength(1);
    expect(srv.received[0]).toMatchObject({
      url: '/v1/embeddings',
      body: {
        model: 'concept-embed-1',
        input: [
          'Scalp EUR/USD during London',
          'Bitcoin funding flipped negative',
          'Treasury yields rose after the auction',
        ],
      },
    });
    expect(srv.received[0].headers.authorization).toBe('Bearer sk-local');
  });

  it('finds by meaning: "currency" shares no word with the EUR/USD memory but ranks it first', async () => {
    const res = await request(t.http).get(`${H}/memories/search`).query({ q: 'currency', limit: 3 }).expect(200);
    expect(res.body.data.mode).toBe('hybrid');
    expect(srv.received.at(-1)!.body.input).toEqual(['currency']);
    const [top] = res.body.data.items;
    expect(top.memory.content).toBe('Scalp EUR/USD during London');
    expect(top.raw.textRank).toBeNull();
    expect(top.raw.cosine).toBeGreaterThan(0.9);
    expect(top.scores.similarity).toBeCloseTo(res.body.data.weights.similarity, 12);
    const { relevance, recency, importance, similarity, total } = top.scores;
    expect(relevance + recency + importance + similarity).toBeCloseTo(total, 12);
  });

  it('reports hybrid search in /status', async () => {
    const letta = (await request(t.http).get('/status').expect(200)).body.data.components.letta;
    expect(letta).toMatchObject({
      state: 'up',
      details: { search: 'hybrid', embeddings: { configured: true, model: 'concept-embed-1', failures: 0 } },
    });
    // The key is a secret: masked in the effective configuration.
    const cfg = (await request(t.http).get('/status').expect(200)).body.data.config.aiComponents.letta.embeddings;
    expect(cfg.apiKey).not.toBe('sk-local');
  });

  it('keeps working on full text when the endpoint fails, and says so', async () => {
    srv.setFailing(true);
    try {
      const write = await request(t.http)
        .post(`${H}/memories`)
        .send({ type: 'semantic', content: 'GBP weak into the BoE' })
        .expect(201);
      expect(write.body.data.embedded).toBe(false);
      const res = await request(t.http).get(`${H}/memories/search`).query({ q: 'GBP' }).expect(200);
      expect(res.body.data.mode).toBe('fulltext');
      expect(res.body.data.items.map((h: { memory: { content: string } }) => h.memory.content)).toEqual([
        'GBP weak into the BoE',
      ]);
      const letta = (await request(t.http).get('/status').expect(200)).body.data.components.letta;
      expect(letta.state).toBe('degraded');
      expect(letta.details.embeddings.lastError).toContain('500');
    } finally {
      srv.setFailing(false);
    }
    await request(t.http).get(`${H}/memories/search`).query({ q: 'currency' }).expect(200);
    expect((await request(t.http).get('/status').expect(200)).body.data.components.letta.state).toBe('up');
  });
});

describe('the embeddings provider behind its circuit breaker', () => {
  let srv: Awaited<ReturnType<typeof startEmbeddingsServer>>;
  let t: TestApp;
  const H = agentPath('breaker');
  const HALF_OPEN_MS = 1500;

  beforeAll(async () => {
    srv = await startEmbeddingsServer();
    t = await createTestApp(
      embeddingsEnv(srv, {
        EMBEDDINGS_TIMEOUT_MS: '2000',
        PROVIDER_BREAKER_CONSECUTIVE_FAILURES: '2',
        PROVIDER_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS),
      }),
    );
  }, 30_000);
  afterAll(async () => {
    await t.close();
    await srv.close();
  });

  const write = (content: string) =>
    request(t.http).post(`${H}/memories`).send({ type: 'semantic', content }).expect(201);
  const circuit = async () =>
    (await request(t.http).get('/status').expect(200)).body.data.components.providers.details.circuits.embeddings;

  it('opens after consecutive failures: writes are stored at once without calling the endpoint, until a probe succeeds', async () => {
    srv.setFailing(true);
    await write('EUR/USD one');
    await write('EUR/USD two');
    expect(await circuit()).toMatchObject({ state: 'open' });
    const calls = srv.received.length;
    const skipped = await write('EUR/USD three');
    expect(skipped.body.data.embedded).toBe(false);
    expect(srv.received.length).toBe(calls);
    srv.setFailing(false);
    await new Promise((r) => setTimeout(r, HALF_OPEN_MS + 200));
    const probed = await write('EUR/USD four');
    expect(probed.body.data.embedded).toBe(true);
    expect(srv.received.length).toBe(calls + 1);
    expect(await circuit()).toMatchObject({ state: 'closed' });
  }, 30_000);
});
