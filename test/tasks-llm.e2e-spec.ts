import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { FakeLlmServer } from './support/llm-server';
import { TASKS, waitForTask } from './support/tasks';

describe('tasks: the LLM analyst against an OpenAI-compatible server', () => {
  let t: TestApp;
  let llm: FakeLlmServer;

  beforeAll(async () => {
    llm = new FakeLlmServer();
    t = await createTestApp({
      ...(await llm.startAsProvider('llama-test')),
      LLM_API_KEY: 'sk-test-123',
      LLM_TIMEOUT_MS: '300',
    });
  }, 30_000);
  afterAll(async () => {
    await t.close();
    await llm.stop();
  });

  it('reports the model available when configured', async () => {
    const res = await request(t.http).get('/api/v1/ai-orchestration/models/llm-analyst').expect(200);
    expect(res.body.data).toMatchObject({ status: 'available', parameters: { model: 'llama-test' } });
  });

  it('sends a chat completion and records the answer and the token usage on the task', async () => {
    llm.script({ status: 200, content: 'Momentum is positive.', usage: { prompt_tokens: 42, completion_tokens: 7 } });
    const before = llm.received.length;
    const res = await request(t.http)
      .post(`${TASKS}?wait=10000`)
      .send({
        type: 'market_commentary',
        input: { symbol: 'AAPL', question: 'Summarise momentum', context: { rsi14: 61.2 } },
      })
      .expect(200);
    const task = res.body.data;
    expect(task).toMatchObject({ status: 'succeeded', model: { id: 'llm-analyst' }, attempts: 1 });
    expect(task.result).toEqual({ text: 'Momentum is positive.', model: 'llama-test', finishReason: 'stop' });
    expect(task.usage).toEqual({ inputTokens: 42, outputTokens: 7, totalTokens: 49 });
    const sent = llm.received[before];
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-test-123');
    expect(sent.body.model).toBe('llama-test');
    expect(sent.body.messages[0].role).toBe('system');
    expect(sent.body.messages[1].content).toContain('Summarise momentum');
    expect(sent.body.messages[1].content).toContain('"rsi14":61.2');
  });

  it('retries a 429 and a 500 with backoff, then succeeds on the third attempt', async () => {
    llm.script(
      { status: 429, error: 'slow down' },
      { status: 500, error: 'boom' },
      { status: 200, content: 'third time lucky' },
    );
    const res = await request(t.http)
      .post(TASKS)
      .send({ type: 'market_commentary', input: { question: 'retry?' }, options: { maxAttempts: 3, cache: false } })
      .expect(202);
    const task = await waitForTask(t.http, res.body.data.id, {}, 20_000);
    expect(task.status).toBe('succeeded');
    expect(task.attempts).toBe(3);
    expect(task.result.text).toBe('third time lucky');
  }, 30_000);

  it('gives up after maxAttempts retryable failures: failed with the provider error', async () => {
    llm.script({ status: 503, error: 'down' }, { status: 503, error: 'down' });
    const res = await request(t.http)
      .post(TASKS)
      .send({ type: 'market_commentary', input: { question: 'down?' }, options: { maxAttempts: 2, cache: false } })
      .expect(202);
    const task = await waitForTask(t.http, res.body.data.id, {}, 20_000);
    expect(task).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'PROVIDER_ERROR' } });
  }, 30_000);

  it('does not retry a client error from the provider (400)', async () => {
    llm.script({ status: 400, error: 'bad request' });
    const res = await request(t.http)
      .post(TASKS)
      .send({ type: 'market_commentary', input: { question: 'bad?' }, options: { maxAttempts: 3, cache: false } })
      .expect(202);
    const task = await waitForTask(t.http, res.body.data.id);
    expect(task).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'PROVIDER_ERROR', details: { status: 400 } },
    });
  });

  it('treats a provider call slower than LLM_TIMEOUT_MS as retryable, and succeeds when it answers in time', async () => {
    llm.script({ status: 200, content: 'late', delayMs: 1500 }, { status: 200, content: 'on time' });
    const res = await request(t.http)
      .post(TASKS)
      .send({ type: 'market_commentary', input: { question: 'timeout?' }, options: { maxAttempts: 2, cache: false } })
      .expect(202);
    const task = await waitForTask(t.http, res.body.data.id, {}, 20_000);
    expect(task).toMatchObject({ status: 'succeeded', attempts: 2, result: { text: 'on time' } });
  }, 30_000);

  it('validates the commentary input', async () => {
    const res = await request(t.http)
      .post(TASKS)
      .send({ type: 'market_commentary', input: { question: '' } })
      .expect(400);
    expect(res.body.error.details.fields[0].field).toBe('input.question');
  });
});
