import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ChildApp, freePort, spawnService } from './support/child-app';
import { FakeLlmServer } from './support/llm-server';

jest.setTimeout(90_000);

const TASKS = '/api/v1/ai-orchestration/tasks';

async function api(port: number, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function until(predicate: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('durability: SIGKILL with tasks queued and running, then restart', () => {
  const children: ChildApp[] = [];
  let llm: FakeLlmServer;

  afterAll(async () => {
    for (const child of children) if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
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

    const first = spawnService(env, await freePort());
    children.push(first);
    await first.ready;
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
    await until(
      async () => (await api(first.port, 'GET', `${TASKS}?status=running`)).body.data.items.length === 2,
      10_000,
      'two tasks running',
    );
    first.proc.kill('SIGKILL');
    await first.exited;
    expect(llm.completed).toEqual([]);

    const second = spawnService(env, await freePort());
    children.push(second);
    await second.ready;
    await until(
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
