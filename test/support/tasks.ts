import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { Priority } from '@app/handit';
import { ANONYMOUS_ADMIN } from '@app/infrastructure';
import { QueueManager } from '@app/task-scheduler';

export const TASKS = '/api/v1/ai-orchestration/tasks';

/** Priorities and strikes submitted out of order: run by priority, then FIFO, they come out 3, 7, 6, 2, 4, 1, 5. */
export const PRIORITY_PLAN: Array<[Priority, number]> = [
  ['low', 1],
  ['normal', 2],
  ['critical', 3],
  ['normal', 4],
  ['background', 5],
  ['high', 6],
  ['critical', 7],
];

/** A schedule of the handit.submit-task job: Hull's options example every hour (the suites trigger it by hand). */
export const HOURLY_PRICING_SCHEDULE = {
  job: 'handit.submit-task',
  everyMs: 3_600_000,
  input: {
    type: 'options_pricing',
    input: { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 },
  },
};

/** Polls a task until it is final (the API's own view), failing after `ms`. */
export async function waitForTask(
  http: Server,
  id: string,
  headers: Record<string, string> = {},
  ms = 15_000,
): Promise<any> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await request(http).get(`${TASKS}/${id}`).set(headers);
    if (res.status !== 200) throw new Error(`GET task ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    if (['succeeded', 'failed', 'cancelled', 'timed_out'].includes(res.body.data.status)) return res.body.data;
    if (Date.now() > deadline) throw new Error(`task ${id} still ${res.body.data.status} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function waitUntil(
  predicate: () => Promise<boolean> | boolean,
  ms = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Pauses (true) or resumes Handit's whole task queue as the system admin, through queue management. */
export async function pauseTaskQueue(app: INestApplication, paused: boolean): Promise<void> {
  const queues = app.get(QueueManager);
  if (paused) await queues.pause(ANONYMOUS_ADMIN, 'handit.tasks', 'queue');
  else await queues.resume(ANONYMOUS_ADMIN, 'handit.tasks', 'queue');
}
