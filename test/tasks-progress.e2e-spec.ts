import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { FakeLlmServer } from './support/llm-server';
import { openSseClient } from './support/sse-client';
import { pauseTaskQueue, TASKS, waitForTask, waitUntil } from './support/tasks';
import { BUY_CANDLES, HOLD_CANDLES, ORCH, RUNS, SELL_CANDLES, walk, waitForRun } from './support/workflows';

jest.setTimeout(120_000);

// A 20,000-candle analysis: long enough to report progress (PROGRESS_MIN_CANDLES is 5,000).
const LONG_CANDLES = walk(20_000, 100, 0.0001, 0.01, 9);
const INDICATORS = [{ name: 'sma', period: 50 }, { name: 'rsi' }, { name: 'macd' }, { name: 'bbands' }];

describe('tasks: progress of long models', () => {
  let t: TestApp;
  // Worker threads on: progress has to cross the thread boundary through a MessagePort.
  beforeAll(async () => {
    // Rate limit off: the run helpers poll.
    t = await createTestApp({ HANDIT_WORKER_THREADS: '1', HANDIT_CONCURRENCY: '2', RATE_LIMIT_MAX: '0' });
    await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
  }, 60_000);
  afterAll(async () => t?.close());

  it('streams progress events of a 20,000-candle analysis run on a worker thread, ending at 1, and keeps the last on the task', async () => {
    // Held until the stream is open, so every report is heard.
    await pauseTaskQueue(t.app, true);
    const created = await request(t.http)
      .post(TASKS)
      .send({ type: 'technical_analysis', input: { symbol: 'SPX', candles: LONG_CANDLES, indicators: INDICATORS } })
      .expect(202);
    const id = created.body.data.id;
    expect(created.body.data.progress).toBeNull();
    const stream = openSseClient(t.http, `${TASKS}/${id}/events`);
    await waitUntil(() => stream.events.length > 0, 10_000, 'the first status event');
    await pauseTaskQueue(t.app, false);
    await stream.closed;

    const progress = stream.events.filter((e) => e.event === 'progress').map((e) => e.data);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    const fractions = progress.map((p) => p.fraction);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    expect(fractions[fractions.length - 1]).toBe(1);
    expect(progress[progress.length - 1]).toMatchObject({ id, message: 'computed bbands(period=20, stddev=2) (4/4)' });
    // Progress comes before the final status.
    const kinds = stream.events.map((e) => e.event);
    expect(kinds.lastIndexOf('progress')).toBeLessThan(kinds.lastIndexOf('status'));
    expect(stream.events[stream.events.length - 1]).toMatchObject({ event: 'status', data: { status: 'succeeded' } });

    const task = await waitForTask(t.http, id);
    expect(task.result.candles).toBe(20_000);
    await waitUntil(
      async () => (await request(t.http).get(`${TASKS}/${id}`)).body.data.progress?.fraction === 1,
      10_000,
      'the stored progress',
    );
    const stored = (await request(t.http).get(`${TASKS}/${id}`)).body.data.progress;
    expect(stored).toMatchObject({ fraction: 1, message: 'computed bbands(period=20, stddev=2) (4/4)' });
    expect(Date.parse(stored.at)).not.toBeNaN();
  });

  it('reports no progress for a small task (no channel, no progress write)', async () => {
    const res = await request(t.http)
      .post(`${TASKS}?wait=30000`)
      .send({
        type: 'technical_analysis',
        input: { candles: walk(200), indicators: INDICATORS },
        options: { cache: false },
      });
    expect(res.body.data.status).toBe('succeeded');
    expect(res.body.data.progress).toBeNull();
    expect((await request(t.http).get(`${TASKS}/${res.body.data.id}`)).body.data.progress).toBeNull();
  });

  it('turns the progress of a task a workflow runs into custom events of the run', async () => {
    const definition = {
      name: 'long-analysis',
      nodes: [
        {
          id: 'analysis',
          kind: 'task',
          taskType: 'technical_analysis',
          input: { candles: { var: 'input.candles' }, indicators: INDICATORS },
          cache: false,
        },
      ],
      edges: [
        { from: 'start', to: 'analysis' },
        { from: 'analysis', to: 'end' },
      ],
      output: { var: 'outputs.analysis.result.candles' },
    };
    await request(t.http).post(`${ORCH}/workflows`).send(definition).expect(201);
    const res = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'long-analysis', input: { candles: LONG_CANDLES } })
      .expect(202);
    const run = await waitForRun(t.http, res.body.data.id, 60_000);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    const stream = openSseClient(t.http, `${RUNS}/${run.id}/events`);
    await stream.closed;
    const custom = stream.events.filter((e) => e.event === 'custom').map((e) => e.data);
    expect(custom.length).toBeGreaterThanOrEqual(1);
    const taskId = run.nodes[0].taskIds[0];
    for (const event of custom) expect(event).toMatchObject({ node: 'analysis', kind: 'progress', taskId });
    expect(custom[custom.length - 1]).toMatchObject({ fraction: 1, message: expect.stringMatching(/\(4\/4\)$/) });
  });

  it('reports each symbol of a market scan as a custom progress event of the run', async () => {
    const symbols = [
      { symbol: 'AAA', assetClass: 'equities', candles: BUY_CANDLES },
      { symbol: 'BBB', assetClass: 'equities', candles: SELL_CANDLES },
      { symbol: 'CCC', assetClass: 'equities', candles: HOLD_CANDLES },
    ];
    const res = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'market-scan', input: { symbols } })
      .expect(202);
    const run = await waitForRun(t.http, res.body.data.id, 60_000);
    expect(run.status).toBe('succeeded');
    const stream = openSseClient(t.http, `${RUNS}/${run.id}/events`);
    await stream.closed;
    const custom = stream.events.filter((e) => e.event === 'custom').map((e) => e.data);
    expect(custom.map((e) => e.symbol).sort()).toEqual(['AAA', 'BBB', 'CCC']);
    for (const event of custom) {
      expect(event).toMatchObject({ kind: 'progress', fraction: 1, total: 3, node: `scan[${event.index}]` });
      expect(event.message).toMatch(new RegExp(`^scanned ${event.symbol}: (buy|sell|hold)$`));
    }
    // The custom events come before the run's final `done`.
    const kinds = stream.events.map((e) => e.event);
    expect(kinds.lastIndexOf('custom')).toBeLessThan(kinds.indexOf('done'));
  });
});

describe('tasks: progress of a streamed LLM answer', () => {
  let t: TestApp;
  const llm = new FakeLlmServer();
  const ANSWER = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');

  beforeAll(async () => {
    const baseUrl = await llm.start();
    t = await createTestApp({ LLM_BASE_URL: baseUrl, LLM_MODEL: 'fake-model', LLM_STREAM: 'true' });
    await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await llm.stop();
  });

  it('reports the tokens received as progress events, then the whole answer with its usage', async () => {
    llm.otherwise({
      status: 200,
      content: ANSWER,
      chunkDelayMs: 20,
      usage: { prompt_tokens: 12, completion_tokens: 30 },
    });
    await pauseTaskQueue(t.app, true);
    const created = await request(t.http)
      .post(TASKS)
      .send({ type: 'market_commentary', input: { question: 'How did SPX close?' }, options: { cache: false } })
      .expect(202);
    const id = created.body.data.id;
    const stream = openSseClient(t.http, `${TASKS}/${id}/events`);
    await waitUntil(() => stream.events.length > 0, 10_000, 'the first status event');
    await pauseTaskQueue(t.app, false);
    await stream.closed;

    expect(llm.received[llm.received.length - 1].body).toMatchObject({ stream: true });
    const progress = stream.events.filter((e) => e.event === 'progress').map((e) => e.data);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    for (const p of progress.slice(0, -1)) {
      expect(p.fraction).toBe(0);
      expect(p.message).toMatch(/^\d+ token\(s\) received: …/);
    }
    expect(progress[progress.length - 1]).toMatchObject({ fraction: 1, message: 'answer complete: 30 token(s)' });
    const task = await waitForTask(t.http, id);
    expect(task.status).toBe('succeeded');
    expect(task.result).toMatchObject({ text: ANSWER, finishReason: 'stop' });
    expect(task.usage).toEqual({ inputTokens: 12, outputTokens: 30, totalTokens: 42 });
  });
});
