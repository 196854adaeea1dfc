import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeLlmServer, Reply } from '../support/llm-server';
import { PrivateRedis, Replica, TASKS, api, clusterResources, counter, query, until } from '../support/distributed';
import { QUEUE_API_KEYS, QUEUE_KEYS, QueueCaller } from '../support/queues';

jest.setTimeout(120_000);

/**
 * The distributed paths README's "Known limits" listed as untested: retries with backoff, aging,
 * pause / resume / drain of the BullMQ queue through the admin routes (whole queue, and one
 * tenant's work: issue 14), and the Redis result cache during a Redis outage. Replicas of the
 * built service (A = ROLE=api, B = ROLE=all, W = ROLE=worker, one attempt at a time each, so B
 * and W are the two workers) share one PostgreSQL schema and a private redis-server, which the
 * last test stops and starts again. Callers are the two tenants and the system admin of
 * support/queues (tasks of the system admin are tenant `ops`'s). Tasks are LLM tasks against a
 * local OpenAI-compatible server whose replies are chosen by the question, so concurrent tasks
 * get their own scripts.
 */
const RETRY_BASE_MS = 800;
const RETRY_MAX_MS = 1600;
const AGING_MS = 1000;
const QUEUE = '/api/v1/scheduler/queues/handit.tasks';
const WHOLE = { scope: 'queue' };
const as = (who: QueueCaller) => ({ 'X-API-Key': QUEUE_KEYS[who] });
const SYSTEM = as('system');

interface Row {
  id: string;
  status: string;
  priority: string;
  attempts: number;
  created_at: Date;
  available_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  error: { code: string; message: string; details?: unknown } | null;
}

const ms = (value: Date | string | null) => (value === null ? NaN : new Date(value).getTime());

describe('distributed mode: retries, aging, pause/drain and the cache on a Redis outage', () => {
  const cluster = clusterResources('dist_qops');
  let redis: PrivateRedis;
  let llm: FakeLlmServer;
  let a: Replica;
  let b: Replica;
  let w: Replica;

  /** The user message the fake provider sees for a question. */
  const asked = (question: string) =>
    llm.received.filter((r) => String(r.body?.messages?.[1]?.content ?? '') === `Question: ${question}`);
  type Extra = Record<string, unknown>;
  const submit = async (replica: Replica, question: string, extra: Extra = {}, path = TASKS, who?: QueueCaller) => {
    const body = { type: 'market_commentary', input: { question }, options: { cache: false }, ...extra };
    const res = await api(replica.port, 'POST', path, body, as(who ?? 'system'));
    if (res.status !== 202 && res.status !== 200)
      throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.data as {
      id: string;
      status: string;
      attempts: number;
      cacheHit: boolean;
      error: unknown;
      result: any;
    };
  };
  const rows = (ids: string[]) =>
    query<Row>(
      cluster.schema,
      `SELECT * FROM handit_tasks WHERE id IN (${ids.map((id) => `'${id}'`).join(',')}) ORDER BY created_at, id`,
    );
  const allFinal = async (ids: string[]) =>
    (await rows(ids)).every((r) => ['succeeded', 'failed', 'cancelled', 'timed_out'].includes(r.status));
  /** How many of these tasks have a job in Redis (waiting, delayed, paused or active). */
  const jobs = async (ids: string[]) => {
    const { Redis } = await import('ioredis');
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      return await client.exists(...ids.map((id) => `${cluster.prefix}:handit-tasks:${id}`));
    } finally {
      client.disconnect();
    }
  };
  const succeededOn = (replicas: Replica[]) =>
    Promise.all(replicas.map((r) => counter(r.port, 'handit_tasks_total', { status: 'succeeded' }))).then((n) =>
      n.reduce((x, y) => x + y, 0),
    );

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    llm = new FakeLlmServer();
    llm.respond((body, received) => {
      const content = String(body?.messages?.[1]?.content ?? '');
      const seen = received.filter((r) => r.body?.messages?.[1]?.content === content).length;
      const reply = (status: number, error: string): Reply => ({ status, error });
      if (content.includes('flaky-'))
        return seen === 1 ? reply(500, 'overloaded') : { status: 200, content: `answer to ${content}` };
      if (content.includes('broken-')) return reply(500, 'still overloaded');
      if (content.includes('rejected-')) return reply(400, 'bad request');
      if (content.includes('slow-')) return { status: 200, content: 'slow answer', delayMs: 2000 };
      if (content.includes('stream-')) return { status: 200, content: 'stream answer', delayMs: 100 };
      return { status: 200, content: `answer to ${content}` };
    });
    // Backoff settings have no environment variable: a CONFIG_FILE overlay sets them.
    const configDir = mkdtempSync(join(tmpdir(), 'aio-qops-'));
    const configFile = join(configDir, 'overlay.yml');
    writeFileSync(
      configFile,
      `aiComponents:\n  handit:\n    retryBaseDelayMs: ${RETRY_BASE_MS}\n    retryMaxDelayMs: ${RETRY_MAX_MS}\n`,
    );
    const env = await cluster.env(
      {
        CONFIG_FILE: configFile,
        HANDIT_CONCURRENCY: '1',
        HANDIT_AGING_INTERVAL_MS: String(AGING_MS),
        HANDIT_RECONCILE_INTERVAL_MS: '300',
        API_KEYS: QUEUE_API_KEYS,
        LLM_BASE_URL: await llm.start(),
        LLM_MODEL: 'm',
        // The fake provider fails on purpose to exercise retries; the provider circuit (tested in
        // test/models-breakers.e2e-spec.ts) must not open on those failures here.
        PROVIDER_BREAKER_CONSECUTIVE_FAILURES: '1000',
        PROVIDER_BREAKER_WINDOW: '10000',
        PROVIDER_BREAKER_MIN_CALLS: '10000',
      },
      redis.url,
    );
    [a, b, w] = await cluster.startInTurn(env, 'api', 'all', 'worker');
  });

  afterAll(async () => {
    await cluster.release();
    await llm?.stop();
    await redis?.stop();
  });

  it('retries failed attempts with the configured backoff, counts them, and settles each task once', async () => {
    const succeededBefore = await succeededOn([a, b, w]);
    const retriedBefore = await Promise.all(
      [b, w].map((r) => counter(r.port, 'handit_tasks_total', { status: 'retried' })),
    );
    const flaky = await Promise.all(
      [0, 1, 2, 3].map((i) => submit(i % 2 ? b : a, `flaky-${i}`, { options: { cache: false, maxAttempts: 3 } })),
    );
    const broken = await Promise.all(
      [0, 1].map((i) => submit(a, `broken-${i}`, { options: { cache: false, maxAttempts: 3 } })),
    );
    const rejected = await submit(b, 'rejected-0', { options: { cache: false, maxAttempts: 3 } });
    const ids = [...flaky, ...broken, rejected].map((t) => t.id);
    await until(() => allFinal(ids), 30_000, 'the retried tasks to finish', 100);

    const byId = new Map((await rows(ids)).map((r) => [r.id, r]));
    const delays: number[] = [];
    // 500 then 200: two attempts, succeeded, the error of the failed attempt cleared.
    for (const [i, t] of flaky.entries()) {
      const row = byId.get(t.id)!;
      const task = (await api(w.port, 'GET', `${TASKS}/${t.id}`, undefined, SYSTEM)).body.data;
      expect({ status: task.status, attempts: task.attempts, error: task.error, text: task.result?.text }).toEqual({
        status: 'succeeded',
        attempts: 2,
        error: null,
        text: `answer to Question: flaky-${i}`,
      });
      const calls = asked(`flaky-${i}`);
      expect(calls).toHaveLength(2);
      // The retry waited for the backoff the runner chose (the job was delayed until then, not
      // delivered early) and that backoff is within the configured first ceiling.
      const retryAt = ms(row.available_at);
      expect(calls[1].at).toBeGreaterThanOrEqual(retryAt - 25);
      expect(retryAt - calls[0].at).toBeLessThanOrEqual(RETRY_BASE_MS + 500);
      delays.push(retryAt - calls[0].at);
    }
    // Always 500: three attempts, then failed with the provider's error.
    for (const [i, t] of broken.entries()) {
      const row = byId.get(t.id)!;
      expect({ status: row.status, attempts: row.attempts, error: row.error }).toEqual({
        status: 'failed',
        attempts: 3,
        error: {
          code: 'PROVIDER_ERROR',
          message: 'LLM provider answered 500',
          retryable: true,
          details: { status: 500 },
        },
      });
      const calls = asked(`broken-${i}`);
      expect(calls).toHaveLength(3);
      const lastRetryAt = ms(row.available_at);
      expect(calls[2].at).toBeGreaterThanOrEqual(lastRetryAt - 25);
      expect(lastRetryAt - calls[1].at).toBeLessThanOrEqual(RETRY_MAX_MS + 500);
      expect(calls[1].at - calls[0].at).toBeLessThanOrEqual(RETRY_BASE_MS + 500);
      delays.push(lastRetryAt - calls[1].at);
    }
    // Full jitter, not "no delay": at least one backoff was a real wait.
    expect(Math.max(...delays)).toBeGreaterThan(100);
    // A 400 is not retryable: one attempt, failed.
    const rejectedRow = byId.get(rejected.id)!;
    expect({ status: rejectedRow.status, attempts: rejectedRow.attempts, code: rejectedRow.error?.code }).toEqual({
      status: 'failed',
      attempts: 1,
      code: 'PROVIDER_ERROR',
    });
    expect(asked('rejected-0')).toHaveLength(1);

    // Each success was settled once across the replicas, and each retry counted once.
    expect((await succeededOn([a, b, w])) - succeededBefore).toBe(flaky.length);
    const retriedAfter = await Promise.all(
      [b, w].map((r) => counter(r.port, 'handit_tasks_total', { status: 'retried' })),
    );
    expect(retriedAfter[0] + retriedAfter[1] - retriedBefore[0] - retriedBefore[1]).toBe(
      flaky.length + 2 * broken.length,
    );
    for (const i of [0, 1, 2, 3]) expect(llm.completed.filter((c) => c === `Question: flaky-${i}`)).toHaveLength(1);
  });

  it('ages a low-priority task past a constant stream of critical ones, one level per interval', async () => {
    const TARGET = 12;
    const stream: string[] = [];
    let n = 0;
    const queuedCritical = async () =>
      Number(
        (
          await query<{ n: string }>(
            cluster.schema,
            `SELECT count(*) AS n FROM handit_tasks WHERE status = 'queued' AND priority = 'critical'`,
          )
        )[0].n,
      );
    const topUp = async () => {
      const missing = TARGET - (await queuedCritical());
      for (let i = 0; i < missing; i++) stream.push((await submit(a, `stream-${n++}`, { priority: 'critical' })).id);
    };
    await topUp();

    const low = await submit(a, 'aged-low', { priority: 'low' });
    const background = await submit(a, 'aged-background', { priority: 'background' });
    const deadline = Date.now() + 20_000;
    for (let round = 0; round < 1000 && Date.now() < deadline; round++) {
      if (await allFinal([low.id, background.id])) break;
      await topUp();
      await new Promise((r) => setTimeout(r, 50));
    }
    await until(() => allFinal([low.id, background.id]), 1000, 'the aged tasks to finish');
    await until(() => allFinal(stream), 20_000, 'the critical stream to finish', 200);

    const lr = (await rows([low.id]))[0];
    const br = (await rows([background.id]))[0];
    expect([lr.status, br.status]).toEqual(['succeeded', 'succeeded']);
    const lowWait = ms(lr.started_at) - ms(lr.created_at);
    const bgWait = ms(br.started_at) - ms(br.created_at);
    // Strict priority until aged to critical: low needs 3 levels, background 4, one per interval.
    expect(lowWait).toBeGreaterThanOrEqual(3 * AGING_MS - 50);
    expect(bgWait).toBeGreaterThanOrEqual(4 * AGING_MS - 50);
    // Raised earlier, so ahead in the critical level.
    expect(ms(lr.started_at)).toBeLessThan(ms(br.started_at));
    // And not left to the end of the stream: critical tasks queued before they started ran after them.
    const streamRows = await rows(stream);
    const overtaken = streamRows.filter(
      (r) => ms(r.created_at) < ms(br.started_at) && ms(r.started_at) > ms(br.started_at),
    );
    expect(overtaken.length).toBeGreaterThan(0);
    expect(bgWait).toBeLessThan(4 * AGING_MS + 6000);
    expect(streamRows.every((r) => r.status === 'succeeded')).toBe(true);
    process.stdout.write(
      `[distributed] aging: low waited ${lowWait} ms, background ${bgWait} ms behind ${stream.length} critical tasks (${overtaken.length} overtaken)\n`,
    );
  });

  it('a whole-queue pause on one replica holds every worker; resume on another runs the waiting tasks', async () => {
    try {
      await pauseAndResume();
    } finally {
      // Whatever failed above, the next tests get a running queue.
      await api(a.port, 'POST', `${QUEUE}/resume`, WHOLE, SYSTEM);
    }
  });

  async function pauseAndResume(): Promise<void> {
    const paused = await api(a.port, 'POST', `${QUEUE}/pause`, WHOLE, SYSTEM);
    expect(paused.status).toBe(200);
    expect(paused.body.data).toMatchObject({ scope: 'queue', paused: true, queuePaused: true });
    // Every replica reports the pause, not only the one that issued it, to every tenant too.
    const view = async (r: Replica, who: QueueCaller, path = QUEUE) => {
      return (await api(r.port, 'GET', path, undefined, as(who))).body.data;
    };
    for (const r of [a, b, w]) expect((await view(r, 'system', `${QUEUE}?scope=queue`)).paused).toBe(true);
    for (const r of [a, b, w]) expect((await view(r, 't1Ops')).queuePaused).toBe(true);

    const held = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => submit(i % 2 ? b : a, `paused-${i}`)));
    const ids = held.map((t) => t.id);
    // Several worker polls and reconciler passes later, nothing has started anywhere.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await rows(ids)).map((r) => [r.status, r.attempts])).toEqual(ids.map(() => ['queued', 0]));
    expect(held.flatMap((_, i) => asked(`paused-${i}`))).toHaveLength(0);

    const resumed = await api(w.port, 'POST', `${QUEUE}/resume`, WHOLE, SYSTEM);
    expect(resumed.status).toBe(200);
    expect(resumed.body.data.paused).toBe(false);
    for (const r of [a, b, w]) expect((await view(r, 'system', `${QUEUE}?scope=queue`)).paused).toBe(false);
    await until(() => allFinal(ids), 15_000, 'the held tasks to run after resume');
    expect((await rows(ids)).map((r) => [r.status, r.attempts])).toEqual(ids.map(() => ['succeeded', 1]));
  }

  it('a whole-queue drain cancels the waiting tasks (rows say DRAINED) and lets the running ones finish', async () => {
    // B and W run one attempt each: two slow tasks occupy them, the next ones wait.
    const running = await Promise.all([0, 1].map((i) => submit(a, `slow-${i}`)));
    await until(
      async () => (await rows(running.map((t) => t.id))).every((r) => r.status === 'running'),
      10_000,
      'both slow tasks to run',
    );
    const waiting = await Promise.all(
      [0, 1, 2, 3].map((i) => submit(i % 2 ? b : a, `drained-${i}`, { priority: i % 2 ? 'high' : 'background' })),
    );
    const waitingIds = waiting.map((t) => t.id);

    const drained = await api(a.port, 'POST', `${QUEUE}/drain`, WHOLE, SYSTEM);
    expect(drained.status).toBe(200);
    expect(drained.body.data.removed).toBe(waiting.length);
    expect(drained.body.data.queue.queued).toBe(0);
    const after = await rows(waitingIds);
    expect(
      after.map((r) => ({ status: r.status, attempts: r.attempts, error: r.error, finished: r.finished_at !== null })),
    ).toEqual(
      waitingIds.map(() => ({
        status: 'cancelled',
        attempts: 0,
        error: { code: 'DRAINED', message: 'Removed by a queue drain' },
        finished: true,
      })),
    );
    const shown = (await api(b.port, 'GET', `${TASKS}/${waitingIds[0]}`, undefined, SYSTEM)).body.data;
    expect({ status: shown.status, error: shown.error }).toEqual({
      status: 'cancelled',
      error: { code: 'DRAINED', message: 'Removed by a queue drain' },
    });

    // The running ones finish; the drained ones never reach the provider, even after the
    // reconciler has passed several times, and their jobs are gone from Redis.
    await until(() => allFinal(running.map((t) => t.id)), 10_000, 'the slow tasks to finish');
    expect((await rows(running.map((t) => t.id))).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    await new Promise((r) => setTimeout(r, 1500));
    expect(waiting.flatMap((_, i) => asked(`drained-${i}`))).toHaveLength(0);
    expect((await rows(waitingIds)).every((r) => r.status === 'cancelled')).toBe(true);
    expect(await jobs(waitingIds)).toBe(0);
    // The queue still works.
    const next = await submit(b, 'after-drain', {}, `${TASKS}?wait=10000`);
    expect(next.status).toBe('succeeded');
  });

  it('a tenant pause through one replica holds that tenant’s tasks on both workers while the other’s run', async () => {
    try {
      await tenantPauseAndResume();
    } finally {
      await api(a.port, 'POST', `${QUEUE}/resume`, {}, as('t2Admin'));
    }
  });

  async function tenantPauseAndResume(): Promise<void> {
    const paused = await api(a.port, 'POST', `${QUEUE}/pause`, {}, as('t2Admin'));
    expect(paused.status).toBe(200);
    expect(paused.body.data).toMatchObject({ scope: 'tenant', tenant: 't2', paused: true, tenantPaused: true });
    expect(paused.body.data.queuePaused).toBe(false);
    // Every replica shows t2 its pause, and t1 none (a tenant never sees another's pause).
    const view = async (r: Replica, who: QueueCaller) =>
      (await api(r.port, 'GET', QUEUE, undefined, as(who))).body.data;
    for (const r of [a, b, w]) {
      expect(await view(r, 't2Ops')).toMatchObject({ paused: true, tenantPaused: true });
      expect(await view(r, 't1Ops')).toMatchObject({ paused: false, tenantPaused: false });
    }
    const succeededBefore = await succeededOn([a, b, w]);
    const six = [0, 1, 2, 3, 4, 5];
    // t2's work is critical, t1's low: a pause, not the priorities, is what lets t1's run first.
    const critical = { priority: 'critical' };
    const low = { priority: 'low' };
    const held = await Promise.all(six.map((i) => submit(i % 2 ? b : a, `held-${i}`, critical, TASKS, 't2Ops')));
    const flowing = await Promise.all(six.map((i) => submit(i % 2 ? a : b, `flowing-${i}`, low, TASKS, 't1Ops')));
    const heldIds = held.map((t) => t.id);
    const flowingIds = flowing.map((t) => t.id);
    await until(() => allFinal(flowingIds), 20_000, 't1’s tasks to run', 100);
    expect((await rows(flowingIds)).map((r) => [r.status, r.attempts])).toEqual(flowingIds.map(() => ['succeeded', 1]));
    // Several worker polls and reconciler passes later, none of t2's has started anywhere.
    await new Promise((r) => setTimeout(r, 2000));
    expect((await rows(heldIds)).map((r) => [r.status, r.attempts])).toEqual(heldIds.map(() => ['queued', 0]));
    expect(six.flatMap((i) => asked(`held-${i}`))).toHaveLength(0);
    expect(await view(w, 't2Ops')).toMatchObject({ queued: 6, running: 0 });
    expect(await view(w, 't1Ops')).toMatchObject({ queued: 0, running: 0 });

    // The resume through another replica adds the set-aside jobs again: each task runs once.
    const resumed = await api(w.port, 'POST', `${QUEUE}/resume`, {}, as('t2Admin'));
    expect(resumed.body.data).toMatchObject({ paused: false, tenantPaused: false });
    await until(() => allFinal(heldIds), 20_000, 't2’s tasks to run after the resume', 100);
    expect((await rows(heldIds)).map((r) => [r.status, r.attempts])).toEqual(heldIds.map(() => ['succeeded', 1]));
    for (const i of six) {
      expect(llm.completed.filter((q) => q === `Question: held-${i}`)).toHaveLength(1);
      expect(llm.completed.filter((q) => q === `Question: flowing-${i}`)).toHaveLength(1);
    }
    expect((await succeededOn([a, b, w])) - succeededBefore).toBe(12);
  }

  it('a tenant drain through one replica cancels only that tenant’s waiting tasks and jobs', async () => {
    try {
      await tenantDrain();
    } finally {
      await api(a.port, 'POST', `${QUEUE}/resume`, WHOLE, SYSTEM);
    }
  });

  async function tenantDrain(): Promise<void> {
    // The whole queue is the system admin's, on every replica.
    for (const r of [a, w]) {
      for (const action of ['pause', 'resume', 'drain']) {
        const refused = await api(r.port, 'POST', `${QUEUE}/${action}`, WHOLE, as('t1Admin'));
        expect([refused.status, refused.body.error?.code]).toEqual([403, 'FORBIDDEN']);
      }
    }
    expect((await api(a.port, 'POST', `${QUEUE}/pause`, WHOLE, SYSTEM)).status).toBe(200);
    const mine = await Promise.all([0, 1, 2].map((i) => submit(i % 2 ? b : a, `kept-${i}`, {}, TASKS, 't1Ops')));
    const theirs = await Promise.all([0, 1, 2].map((i) => submit(i % 2 ? a : b, `gone-${i}`, {}, TASKS, 't2Ops')));
    const mineIds = mine.map((t) => t.id);
    const theirIds = theirs.map((t) => t.id);
    expect([await jobs(mineIds), await jobs(theirIds)]).toEqual([3, 3]);

    const drained = await api(b.port, 'POST', `${QUEUE}/drain`, {}, as('t2Admin'));
    expect(drained.status).toBe(200);
    expect(drained.body.data).toMatchObject({ removed: 3, queue: { scope: 'tenant', tenant: 't2', queued: 0 } });
    const error = { code: 'DRAINED', message: 'Removed by a queue drain' };
    const drainedRows = (await rows(theirIds)).map((r) => [r.status, r.attempts, r.error]);
    expect(drainedRows).toEqual(theirIds.map(() => ['cancelled', 0, error]));
    expect((await rows(mineIds)).map((r) => [r.status, r.attempts])).toEqual(mineIds.map(() => ['queued', 0]));
    expect([await jobs(mineIds), await jobs(theirIds)]).toEqual([3, 0]);

    expect((await api(w.port, 'POST', `${QUEUE}/resume`, WHOLE, SYSTEM)).status).toBe(200);
    await until(() => allFinal(mineIds), 20_000, 't1’s tasks to run after the resume', 100);
    expect((await rows(mineIds)).map((r) => [r.status, r.attempts])).toEqual(mineIds.map(() => ['succeeded', 1]));
    expect([0, 1, 2].flatMap((i) => asked(`gone-${i}`))).toHaveLength(0);
  }

  it('the result cache: tasks succeed while Redis is down (no 500) and the cache works again once it is back', async () => {
    const cached = { options: { cache: true } };
    // Redis up: the second identical task is a cache hit, served without calling the provider.
    const first = await submit(a, 'cached-0', cached, `${TASKS}?wait=10000`);
    const second = await submit(b, 'cached-0', cached, `${TASKS}?wait=10000`);
    expect([first.status, first.cacheHit, second.status, second.cacheHit]).toEqual([
      'succeeded',
      false,
      'succeeded',
      true,
    ]);
    expect(second.result).toEqual(first.result);
    expect(asked('cached-0')).toHaveLength(1);

    // Two slow cached tasks are running (their lookups are done) when Redis goes away: they
    // store their results during the outage and must still finish while it lasts.
    const inFlight = await Promise.all([0, 1].map((i) => submit(a, `slow-cached-${i}`, cached)));
    const inFlightIds = inFlight.map((t) => t.id);
    await until(
      () => asked('slow-cached-0').length + asked('slow-cached-1').length === 2,
      10_000,
      'both slow tasks to call the provider',
    );
    await redis.shutdown();
    const outageStarted = Date.now();

    const answers = new Map<number, number>();
    const acceptedDuringOutage: string[] = [];
    for (let i = 0; i < 4; i++) {
      const body = { type: 'market_commentary', input: { question: `outage-${i}` }, options: { cache: true } };
      const res = await api(i % 2 ? b.port : a.port, 'POST', TASKS, body, SYSTEM);
      answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
      if (res.status === 202) acceptedDuringOutage.push(res.body.data.id);
    }
    expect([...answers.keys()].filter((s) => s !== 202 && s !== 503)).toEqual([]);
    await until(() => allFinal(inFlightIds), 8000, 'the in-flight tasks to finish while Redis is down');
    expect(await redis.ping()).toBe(false);
    const outageMs = Date.now() - outageStarted;
    expect((await rows(inFlightIds)).map((r) => [r.status, r.attempts])).toEqual([
      ['succeeded', 1],
      ['succeeded', 1],
    ]);
    const readable = await api(b.port, 'GET', `${TASKS}/${inFlightIds[0]}`, undefined, SYSTEM);
    expect([readable.status, readable.body.data.status, readable.body.data.cacheHit]).toEqual([
      200,
      'succeeded',
      false,
    ]);

    await redis.start();
    await until(
      async () =>
        (await Promise.all([a, b, w].map((r) => api(r.port, 'GET', '/health/ready')))).every((r) => r.status === 200),
      30_000,
      'readiness after Redis is back',
    );
    await until(() => allFinal(acceptedDuringOutage), 30_000, 'the tasks accepted during the outage to finish');
    expect((await rows(acceptedDuringOutage)).every((r) => r.status === 'succeeded')).toBe(true);
    // Redis is back, empty (shutdown nosave): the first identical task is a miss; once the
    // replicas' cache clients have reconnected (their backoff is at most 2 s) they are hits again.
    // Each replica reconnects on its own clock, so this waits for a hit on both before asking a.
    let firstHit = -1;
    let misses = 0;
    const hitOn = new Set<Replica>();
    for (let i = 0; i < 40 && hitOn.size < 2; i++) {
      const replica = i % 2 ? b : a;
      const t = await submit(replica, 'cached-0', cached, `${TASKS}?wait=10000`);
      expect(t.status).toBe('succeeded');
      if (t.cacheHit) {
        hitOn.add(replica);
        if (firstHit < 0) firstHit = i;
      } else {
        misses++;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    expect(firstHit).toBeGreaterThan(0);
    expect(hitOn.size).toBe(2);
    const hits = await Promise.all([0, 1, 2, 3].map(() => submit(a, 'cached-0', cached, `${TASKS}?wait=10000`)));
    expect(hits.map((t) => [t.status, t.cacheHit])).toEqual(hits.map(() => ['succeeded', true]));
    expect(asked('cached-0')).toHaveLength(1 + misses);
    process.stdout.write(
      `[distributed] cache outage: in-flight tasks finished ${outageMs} ms into the outage; answers ${JSON.stringify(Object.fromEntries(answers))}; hits again after ${firstHit} misses\n`,
    );
  });
});
