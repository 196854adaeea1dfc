import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { api, childApps, sigkill } from './support/child-app';
import { FakeLlmServer } from './support/llm-server';
import { TASKS, waitUntil } from './support/tasks';

jest.setTimeout(90_000);

describe('durability: SIGKILL with tasks queued and running, then restart', () => {
  const children = childApps();
  let llm: FakeLlmServer;

  afterAll(async () => {
    children.killAll();
    await llm?.stop();
  });

  it('finishes every accepted task exactly once', async () => {
    llm = new FakeLlmServer();
    llm.otherwise({ status: 200, content: 'done', delayMs: 1500 });
    const baseUrl = await llm.start();
    const sqlitePath = join(mkdtempSync(join(tmpdir(), 'aio-crash-')), 'crash.db');
    const env = {
      SQLITE_PATH: sqlitePath,
      HANDIT_CONCURRENCY: '2',
      LLM_BASE_URL: baseUrl,
      LLM_MODEL: 'm',
      LOG_LEVEL: 'warn',
    };

    const first = await children.start(env);
    const accepted: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await api(first.port, 'POST', TASKS, {
        type: 'market_commentary',
        input: { question: `question ${i}` },
        options: { cache: false },
      });
      expect(res.status).toBe(202);
      accepted.push(res.body.data.id);
    }
    await waitUntil(
      async () => (await api(first.port, 'GET', `${TASKS}?status=running`)).body.data.items.length === 2,
      10_000,
      'two tasks running',
    );
    await sigkill(first);
    expect(llm.completed).toEqual([]);

    const second = await children.start(env);
    await waitUntil(
      async () => {
        const items = (await api(second.port, 'GET', `${TASKS}?limit=100`)).body.data.items as Array<{
          status: string;
        }>;
        return items.length === 6 && items.every((item) => item.status === 'succeeded');
      },
      30_000,
      'every task to succeed after the restart',
    );
    const tasks = await Promise.all(
      accepted.map(async (id) => (await api(second.port, 'GET', `${TASKS}/${id}`)).body.data),
    );
    expect(tasks.map((t) => t.status)).toEqual(new Array(6).fill('succeeded'));
    // The two that were running when the process died were retried (that attempt counts); the others ran once.
    expect(tasks.map((t) => t.attempts).sort()).toEqual([1, 1, 1, 1, 2, 2]);
    // Each question reached completion at the provider exactly once: no task ran twice to completion.
    expect([...llm.completed].sort()).toEqual(accepted.map((_, i) => `Question: question ${i}`).sort());
    expect(llm.aborted).toBe(2);
  });
});
