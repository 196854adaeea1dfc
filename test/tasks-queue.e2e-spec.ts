import request from 'supertest';
import { TaskRunner } from '@app/handit';
import { EventCore } from '@app/infrastructure';
import { createTestApp, TestApp } from './support/create-test-app';
import { FakeLlmServer } from './support/llm-server';
import { openSseClient } from './support/sse-client';
import { pauseTaskQueue, PRIORITY_PLAN, TASKS, waitForTask, waitUntil } from './support/tasks';

const OPTION = { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 };
const option = (strike: number) => ({ ...OPTION, strike });

describe('tasks: queue behaviour', () => {
  describe('ordering, cancel, timeout, idempotency, cache (one runner slot)', () => {
    let t: TestApp;
    let llm: FakeLlmServer;
    let runner: TaskRunner;

    beforeAll(async () => {
      llm = new FakeLlmServer();
      t = await createTestApp({
        HANDIT_CONCURRENCY: '1',
        ...(await llm.startAsProvider('test-model')),
        TASK_HISTORY_MAX: '3',
        COMPLETED_SET_MAX: '5',
      });
      runner = t.app.get(TaskRunner);
    }, 30_000);
    afterAll(async () => {
      await t.close();
      await llm.stop();
    });

    const submit = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      request(t.http).post(TASKS).set(headers).send(body);

    it('runs strictly by priority, FIFO within a level', async () => {
      await pauseTaskQueue(t.app, true);
      const plan = PRIORITY_PLAN;
      const ids: Record<number, string> = {};
      for (const [priority, strike] of plan) {
        const res = await submit({
          type: 'options_pricing',
          priority,
          input: option(strike),
          options: { cache: false },
        }).expect(202);
        expect(res.headers.location).toBe(`${TASKS}/${res.body.data.id}`);
        expect(res.body.data.status).toBe('queued');
        ids[strike] = res.body.data.id;
      }
      const started: string[] = [];
      const stop = t.app.get(EventCore).on('task.started', (event) => started.push(event.id));
      await pauseTaskQueue(t.app, false);
      await Promise.all(Object.values(ids).map((id) => waitForTask(t.http, id)));
      stop();
      const strikeOf = Object.fromEntries(Object.entries(ids).map(([strike, id]) => [id, Number(strike)]));
      expect(started.map((id) => strikeOf[id])).toEqual([3, 7, 6, 2, 4, 1, 5]);
    });

    it('cancels a queued task at once, and a finished one is a 409', async () => {
      await pauseTaskQueue(t.app, true);
      const queued = await submit({ type: 'options_pricing', input: option(11), options: { cache: false } }).expect(
        202,
      );
      const cancelled = await request(t.http).delete(`${TASKS}/${queued.body.data.id}`).expect(200);
      expect(cancelled.body.data.status).toBe('cancelled');
      await pauseTaskQueue(t.app, false);
      const again = await request(t.http).delete(`${TASKS}/${queued.body.data.id}`).expect(409);
      expect(again.body.error.code).toBe('CONFLICT');
      const finished = await request(t.http)
        .post(`${TASKS}?wait=10000`)
        .send({ type: 'options_pricing', input: option(12) })
        .expect(200);
      const conflict = await request(t.http).delete(`${TASKS}/${finished.body.data.id}`).expect(409);
      expect(conflict.body.error.details.status).toBe('succeeded');
      await request(t.http).delete(`${TASKS}/01J0000000000000000000000Z`).expect(404);
    });

    it('cancels a running task by aborting its attempt (the provider sees the request dropped)', async () => {
      llm.script({ status: 200, content: 'slow', delayMs: 5000 });
      const abortedBefore = llm.aborted;
      const res = await submit({ type: 'market_commentary', input: { question: 'slow?' } }).expect(202);
      const id = res.body.data.id;
      await waitUntil(
        async () => (await request(t.http).get(`${TASKS}/${id}`)).body.data.status === 'running',
        5000,
        'running',
      );
      const cancelled = await request(t.http).delete(`${TASKS}/${id}`).expect(200);
      expect(cancelled.body.data.status).toBe('cancelled');
      expect(cancelled.body.data.error.code).toBe('CANCELLED');
      await waitUntil(() => llm.aborted > abortedBefore, 5000, 'provider to see the abort');
    });

    it('times an attempt out: timed_out, not retried', async () => {
      llm.script({ status: 200, content: 'too late', delayMs: 3000 });
      const res = await submit({
        type: 'market_commentary',
        input: { question: 'timeout?' },
        options: { timeoutMs: 200, maxAttempts: 3 },
      }).expect(202);
      const task = await waitForTask(t.http, res.body.data.id);
      expect(task.status).toBe('timed_out');
      expect(task.attempts).toBe(1);
      expect(task.error.code).toBe('TIMEOUT');
    });

    it('the same Idempotency-Key and body return the same task; another body is a 409', async () => {
      const body = { type: 'options_pricing', input: option(21) };
      const first = await submit(body, { 'Idempotency-Key': 'order-21' });
      expect([200, 202]).toContain(first.status);
      const second = await submit(body, { 'Idempotency-Key': 'order-21' });
      expect(second.body.data.id).toBe(first.body.data.id);
      expect(second.headers['idempotent-replayed']).toBe('true');
      const clash = await submit({ ...body, input: option(22) }, { 'Idempotency-Key': 'order-21' }).expect(409);
      expect(clash.body.error.details.taskId).toBe(first.body.data.id);
      const bad = await submit(body, { 'Idempotency-Key': 'has spaces' }).expect(400);
      expect(bad.body.error.details.fields[0].field).toBe('Idempotency-Key');
    });

    it('answers a cached result byte for byte as the fresh one, without queueing it again', async () => {
      const body = {
        type: 'technical_analysis',
        input: { candles: heavyCandles(300, 7), indicators: [{ name: 'rsi' }] },
      };
      const fresh = await request(t.http).post(`${TASKS}?wait=10000`).send(body).expect(200);
      const cached = await request(t.http).post(`${TASKS}?wait=10000`).send(body).expect(200);
      expect([fresh.body.data.cacheHit, cached.body.data.cacheHit]).toEqual([false, true]);
      expect(cached.body.data.id).not.toBe(fresh.body.data.id);
      const resultText = (text: string) => text.slice(text.indexOf('"result":'), text.indexOf(',"error":'));
      expect(resultText(fresh.text).length).toBeGreaterThan(1000);
      expect(resultText(cached.text)).toBe(resultText(fresh.text));
      // Stored as answered: reading the task back gives the same result, succeeded, one attempt.
      const stored = await request(t.http).get(`${TASKS}/${cached.body.data.id}`).expect(200);
      expect(stored.body.data).toMatchObject({ status: 'succeeded', cacheHit: true, attempts: 1, error: null });
      expect(resultText(stored.text)).toBe(resultText(fresh.text));
      expect(stored.body.data.lineageDigest).toBe(fresh.body.data.lineageDigest);
    });

    it('serves a repeated request from the cache, and shares one execution among identical tasks in flight', async () => {
      const first = await request(t.http)
        .post(`${TASKS}?wait=10000`)
        .send({ type: 'options_pricing', input: option(31) })
        .expect(200);
      expect(first.body.data.cacheHit).toBe(false);
      // Same input with keys in another order: same canonical key.
      const reordered = { volatility: 0.2, riskFreeRate: 0.1, timeToExpiry: 0.5, strike: 31, spot: 42 };
      const second = await request(t.http)
        .post(`${TASKS}?wait=10000`)
        .send({ type: 'options_pricing', input: reordered })
        .expect(200);
      expect(second.body.data.cacheHit).toBe(true);
      expect(second.body.data.result).toEqual(first.body.data.result);
      const noCache = await request(t.http)
        .post(`${TASKS}?wait=10000`)
        .send({ type: 'options_pricing', input: option(31), options: { cache: false } })
        .expect(200);
      expect(noCache.body.data.cacheHit).toBe(false);
    });

    it('keeps the in-memory history bounded (TASK_HISTORY_MAX=3)', async () => {
      for (let i = 0; i < 5; i++)
        await request(t.http)
          .post(`${TASKS}?wait=10000`)
          .send({ type: 'options_pricing', input: option(40 + i), options: { cache: false } })
          .expect(200);
      expect(runner.recentHistory()).toHaveLength(3);
      expect(runner.recentHistory().map((h) => h.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    });

    it('lists tasks newest first with filters and a cursor', async () => {
      const page1 = await request(t.http).get(`${TASKS}?limit=2&type=options_pricing&status=succeeded`).expect(200);
      expect(page1.body.data.items).toHaveLength(2);
      expect(page1.body.data.items[0].result).toBeUndefined();
      expect(page1.body.data.items[0].createdAt >= page1.body.data.items[1].createdAt).toBe(true);
      const page2 = await request(t.http)
        .get(`${TASKS}?limit=2&type=options_pricing&status=succeeded&cursor=${page1.body.data.nextCursor}`)
        .expect(200);
      expect(page2.body.data.items[0].id).not.toBe(page1.body.data.items[1].id);
      const bad = await request(t.http).get(`${TASKS}?status=done`).expect(400);
      expect(bad.body.error.details.fields[0].field).toBe('status');
    });

    it('streams status changes as Server-Sent Events until the task finishes', async () => {
      await pauseTaskQueue(t.app, true);
      const res = await submit({ type: 'options_pricing', input: option(51), options: { cache: false } }).expect(202);
      const id = res.body.data.id;
      const events: Array<{ event: string; data: { status: string } }> = [];
      const stream = request(t.http)
        .get(`${TASKS}/${id}/events`)
        .buffer(true)
        .parse((response, callback) => {
          let text = '';
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            for (const block of text.split('\n\n').slice(events.length, -1)) {
              const event = /event: (.*)/.exec(block)?.[1] ?? '';
              const data = JSON.parse(/data: (.*)/.exec(block)?.[1] ?? 'null');
              events.push({ event, data });
            }
          });
          response.on('end', () => callback(null, text));
        });
      const done = stream.then((r) => r);
      await waitUntil(() => events.length >= 1, 5000, 'first event');
      await pauseTaskQueue(t.app, false);
      const response = await done;
      expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(events.map((e) => e.data.status)).toEqual(['queued', 'running', 'succeeded']);
      expect(events.every((e) => e.event === 'status')).toBe(true);
    });

    it('names each status event; a reconnect with Last-Event-ID is sent the current status only if it changed', async () => {
      const res = await submit({ type: 'options_pricing', input: option(52), options: { cache: false } }).expect(202);
      const id = res.body.data.id;
      expect((await waitForTask(t.http, id)).status).toBe('succeeded');
      const path = `${TASKS}/${id}/events`;
      const fresh = openSseClient(t.http, path);
      await fresh.closed;
      expect(fresh.events.map((e) => [e.id, e.event, e.data.status])).toEqual([['1-succeeded', 'status', 'succeeded']]);

      const seen = openSseClient(t.http, path, { 'Last-Event-ID': '1-succeeded' });
      await seen.closed;
      expect(seen.status()).toBe(200);
      expect(seen.events).toEqual([]);

      const behind = openSseClient(t.http, path, { 'Last-Event-ID': '1-running' });
      await behind.closed;
      expect(behind.events.map((e) => e.id)).toEqual(['1-succeeded']);

      // An id this stream could not have sent starts it from the beginning.
      const foreign = openSseClient(t.http, path, { 'Last-Event-ID': '01JD3Z8X6Q4W3N5R7T9V1B2C3D' });
      await foreign.closed;
      expect(foreign.events.map((e) => e.id)).toEqual(['1-succeeded']);
    });
  });

  describe('limits and isolation', () => {
    let t: TestApp;
    const A = { 'X-API-Key': 'key-tenant-a' };
    const B = { 'X-API-Key': 'key-tenant-b' };

    beforeAll(async () => {
      t = await createTestApp({
        API_KEYS: 'a:operator:tenant-a:key-tenant-a,b:operator:tenant-b:key-tenant-b',
        HANDIT_MAX_QUEUE_DEPTH: '2',
      });
    }, 30_000);
    afterAll(async () => {
      await t.close();
    });

    it('refuses work past the maximum queue depth with 503 QUEUE_FULL and Retry-After, losing nothing accepted', async () => {
      await pauseTaskQueue(t.app, true);
      const accepted: string[] = [];
      for (let i = 0; i < 2; i++)
        accepted.push(
          (
            await request(t.http)
              .post(TASKS)
              .set(A)
              .send({ type: 'options_pricing', input: option(60 + i) })
              .expect(202)
          ).body.data.id,
        );
      const full = await request(t.http)
        .post(TASKS)
        .set(A)
        .send({ type: 'options_pricing', input: option(62) })
        .expect(503);
      expect(full.body.error.code).toBe('QUEUE_FULL');
      expect(full.headers['retry-after']).toBe('5');
      await pauseTaskQueue(t.app, false);
      for (const id of accepted) expect((await waitForTask(t.http, id, A)).status).toBe('succeeded');
    });

    it('scopes tasks by tenant: another tenant gets 404 for every route and sees none in lists', async () => {
      const created = await request(t.http)
        .post(`${TASKS}?wait=10000`)
        .set(A)
        .send({ type: 'options_pricing', input: option(70) })
        .expect(200);
      const id = created.body.data.id;
      expect((await request(t.http).get(`${TASKS}/${id}`).set(B)).status).toBe(404);
      expect((await request(t.http).delete(`${TASKS}/${id}`).set(B)).status).toBe(404);
      expect((await request(t.http).get(`${TASKS}/${id}/events`).set(B)).status).toBe(404);
      const listB = await request(t.http).get(TASKS).set(B).expect(200);
      expect(listB.body.data.items.map((x: { id: string }) => x.id)).not.toContain(id);
      const listA = await request(t.http).get(TASKS).set(A).expect(200);
      expect(listA.body.data.items.map((x: { id: string }) => x.id)).toContain(id);
      // The same Idempotency-Key in two tenants makes two tasks.
      const ka = await request(t.http)
        .post(TASKS)
        .set({ ...A, 'Idempotency-Key': 'shared' })
        .send({ type: 'options_pricing', input: option(71) });
      const kb = await request(t.http)
        .post(TASKS)
        .set({ ...B, 'Idempotency-Key': 'shared' })
        .send({ type: 'options_pricing', input: option(71) });
      expect(ka.body.data.id).not.toBe(kb.body.data.id);
    });
  });

  describe('coalescing and a responsive event loop (several runner slots)', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ HANDIT_CONCURRENCY: '4', HANDIT_WORKER_THREADS: '2' });
    }, 30_000);
    afterAll(async () => {
      await t.close();
    });

    it('identical tasks in flight share one execution', async () => {
      await pauseTaskQueue(t.app, true);
      const input = {
        candles: heavyCandles(20_000, 7),
        indicators: [
          { name: 'cci', period: 500 },
          { name: 'mfi', period: 14 },
        ],
      };
      const ids: string[] = [];
      for (let i = 0; i < 3; i++)
        ids.push(
          (await request(t.http).post(TASKS).send({ type: 'technical_analysis', input }).expect(202)).body.data.id,
        );
      await pauseTaskQueue(t.app, false);
      const tasks = await Promise.all(ids.map((id) => waitForTask(t.http, id, {}, 30_000)));
      expect(tasks.map((x) => x.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      expect(tasks.filter((x) => x.cacheHit)).toHaveLength(2);
      const metrics = await request(t.http).get('/metrics').expect(200);
      expect(metrics.text).toMatch(/handit_cache_total\{result="coalesced"\} 2/);
      expect(metrics.text).toMatch(/handit_cache_total\{result="miss"\} 1/);
    }, 40_000);

    it('GET /health/live answers while CPU-heavy tasks run on worker threads', async () => {
      // Ten CCI(1000) series over 20,000 candles: about 200 million operations per task.
      const indicators = Array.from({ length: 10 }, () => ({ name: 'cci', period: 1000 }));
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        ids.push(
          (
            await request(t.http)
              .post(TASKS)
              .send({
                type: 'technical_analysis',
                input: { candles: heavyCandles(20_000, 100 + i), indicators },
                options: { cache: false },
              })
              .expect(202)
          ).body.data.id,
        );
      }
      const latencies: number[] = [];
      let probesWhileRunning = 0;
      let running = false;
      let finished = false;
      // Probes go on their own loop, so a slow status poll on a loaded machine cannot thin them out.
      const probing = (async () => {
        while (!finished) {
          const started = Date.now();
          await request(t.http).get('/health/live').expect(200);
          latencies.push(Date.now() - started);
          if (running) probesWhileRunning++;
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      try {
        for (;;) {
          // The list leaves out inputs (2 MB each here), so polling it is cheap.
          const items = (await request(t.http).get(`${TASKS}?limit=100`)).body.data.items as Array<{
            id: string;
            status: string;
          }>;
          const statuses = ids.map((id) => items.find((item) => item.id === id)?.status);
          if (statuses.every((s) => s === 'succeeded')) break;
          expect(statuses.filter((s) => s === 'failed' || s === 'timed_out')).toEqual([]);
          running = statuses.includes('running');
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        finished = true;
        await probing;
      }
      // The probes were answered while heavy work ran, each without waiting for it.
      expect(probesWhileRunning).toBeGreaterThan(3);
      expect(Math.max(...latencies)).toBeLessThan(1000);
    }, 90_000);
  });
});

function heavyCandles(n: number, seed: number) {
  const out = [];
  let p = 100 + seed;
  for (let i = 0; i < n; i++) {
    const open = p;
    p = p * (1 + 0.01 * Math.sin((i + seed) / 7));
    out.push({
      time: 1_600_000_000 + i * 60,
      open,
      high: Math.max(open, p) * 1.001,
      low: Math.min(open, p) * 0.999,
      close: p,
      volume: 100 + (i % 50),
    });
  }
  return out;
}
