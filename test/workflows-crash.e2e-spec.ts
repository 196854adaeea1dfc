import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, childApps, sigkill } from './support/child-app';
import { FakeLlmServer } from './support/llm-server';
import { ORCH } from './support/workflows';

jest.setTimeout(120_000);

/** The question a market_commentary task sent (its user message, without the prefix). */
const questionOf = (userMessage: string) => userMessage.replace(/^Question: /, '');

function tally(questions: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const question of questions) counts.set(question, (counts.get(question) ?? 0) + 1);
  return counts;
}

/**
 * The fake LLM with a delay that depends on the question, counting per question the requests, the
 * completions delivered in full and the requests cut off (the process died mid-call).
 */
function countingLlm(delayFor: (question: string) => number) {
  const server = new FakeLlmServer();
  server.respond((body) => {
    const question = questionOf(String(body?.messages?.[1]?.content ?? ''));
    const usage = { prompt_tokens: 1, completion_tokens: 1 };
    return { status: 200, content: `answer to ${question}`, delayMs: delayFor(question), usage };
  });
  return {
    start: () => server.start(),
    stop: () => server.stop(),
    get requested() {
      return tally(server.received.map((r) => questionOf(String(r.body?.messages?.[1]?.content ?? ''))));
    },
    get completed() {
      return tally(server.completed.map(questionOf));
    },
    get cutOff() {
      return tally(server.cutOff.map(questionOf));
    },
  };
}

async function until<T>(fn: () => Promise<T | undefined | false>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The built service takes 15-25 s to start on a loaded 2-core machine: more than spawnService's default bound.
const START_TIMEOUT_MS = 60_000;

const ask = (id: string, question: string) => ({
  id,
  kind: 'task',
  taskType: 'market_commentary',
  input: { question },
  cache: false,
});

// first → (fast ∥ slow) → join. The crash comes while `slow` runs, after `first` and `fast` finished.
const DEFINITION = {
  name: 'crash-proof',
  nodes: [
    ask('first', 'crash first'),
    ask('fast', 'crash fast'),
    ask('slow', 'crash slow'),
    {
      id: 'join',
      kind: 'transform',
      output: {
        cat: [
          { var: 'outputs.first.result.text' },
          ' / ',
          { var: 'outputs.fast.result.text' },
          ' / ',
          { var: 'outputs.slow.result.text' },
        ],
      },
    },
  ],
  edges: [
    { from: 'start', to: 'first' },
    { from: 'first', to: ['fast', 'slow'] },
    { from: ['fast', 'slow'], to: 'join' },
    { from: 'join', to: 'end' },
  ],
  output: { var: 'outputs.join' },
};

describe('workflows durability: SIGKILL mid-run, restart, the run finishes from its checkpoint', () => {
  const children = childApps();
  const llm = countingLlm((q) => (q === 'crash slow' ? 2500 : 150));

  afterAll(async () => {
    children.killAll();
    await llm.stop();
  });

  it('each completed node is executed exactly once; the interrupted node once more, to completion once', async () => {
    const baseUrl = await llm.start();
    const sqlitePath = join(mkdtempSync(join(tmpdir(), 'aio-wf-crash-')), 'crash.db');
    const env = { SQLITE_PATH: sqlitePath, LLM_BASE_URL: baseUrl, LLM_MODEL: 'm', LOG_LEVEL: 'warn' };

    const first = await children.start(env, START_TIMEOUT_MS);
    const accepted = await api(first.port, 'POST', `${ORCH}/execute`, { workflow: DEFINITION, input: {} });
    expect(accepted.status).toBe(202);
    const id = accepted.body.data.id;

    // Wait until `first` and `fast` have finished and `slow` is at the provider.
    await until(
      async () => {
        const run = (await api(first.port, 'GET', `${ORCH}/runs/${id}`)).body.data;
        const status = Object.fromEntries(run.nodes.map((n: any) => [n.key, n.status]));
        return (
          status.first === 'succeeded' &&
          status.fast === 'succeeded' &&
          status.slow === 'running' &&
          llm.requested.get('crash slow') === 1
        );
      },
      15_000,
      'first and fast done, slow running',
    );
    await sigkill(first);
    expect(existsSync(sqlitePath.replace(/\.db$/, '.checkpoints.db'))).toBe(true);
    expect(llm.completed.get('crash slow')).toBeUndefined();

    const second = await children.start(env, START_TIMEOUT_MS);
    const run = await until(
      async () => {
        const r = (await api(second.port, 'GET', `${ORCH}/runs/${id}`)).body.data;
        return ['succeeded', 'failed', 'cancelled'].includes(r.status) && r;
      },
      30_000,
      'the run to finish after the restart',
    );
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    expect(run.output).toBe('answer to crash first / answer to crash fast / answer to crash slow');

    // Completed before the crash: executed exactly once, by the provider's count and by the run's own.
    expect(llm.requested.get('crash first')).toBe(1);
    expect(llm.completed.get('crash first')).toBe(1);
    expect(llm.requested.get('crash fast')).toBe(1);
    expect(llm.completed.get('crash fast')).toBe(1);
    const attempts = Object.fromEntries(run.nodes.map((n: any) => [n.key, n.attempts]));
    expect(attempts).toEqual({ first: 1, fast: 1, slow: 2, join: 1 });
    // Cut off by the crash, then run again once and completed once.
    expect(llm.cutOff.get('crash slow')).toBe(1);
    expect(llm.requested.get('crash slow')).toBe(2);
    expect(llm.completed.get('crash slow')).toBe(1);
  });
});
