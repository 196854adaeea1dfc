import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Clock, JobContext, ManualClock } from '@app/infrastructure';
import { JobRegistry, SchedulerEngine } from '@app/task-scheduler';
import { createTestApp, TestApp } from './create-test-app';

export const KEYS = {
  operator: 'sched-operator-key-7c1e',
  admin: 'sched-admin-key-4b9d',
  viewer: 'sched-viewer-key-2a8f',
  system: 'sched-system-key-6d3a',
};
export const AUTH_ENV = {
  API_KEYS: [
    `ops:operator:default:${KEYS.operator}`,
    `root:admin:default:${KEYS.admin}`,
    `watch:viewer:default:${KEYS.viewer}`,
    `sysadmin:system:default:${KEYS.system}`,
  ].join(','),
};

/** Later than the real clock of any test machine, so the app's first real-time tick finds nothing due. */
export const START = new Date('2031-01-06T08:00:00.000Z');

/** A job the test controls: records each call and does whatever `behaviour` says. */
export class TestJob {
  readonly calls: Array<{
    runId: string;
    scheduleId: string | null;
    attempt: number;
    scheduledFor: string;
    at: string;
    input: unknown;
  }> = [];
  behaviour: (call: number, context: JobContext) => Promise<unknown> | unknown = () => ({ ok: true });

  constructor(private readonly clock: () => Clock) {}

  async run(input: unknown, context: JobContext): Promise<unknown> {
    this.calls.push({
      runId: context.runId,
      scheduleId: context.scheduleId,
      attempt: context.attempt,
      scheduledFor: context.scheduledFor.toISOString(),
      at: this.clock().now().toISOString(),
      input,
    });
    return this.behaviour(this.calls.length, context);
  }
}

/** A promise the test resolves by hand, to hold a job "running". */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export interface SchedulerHarness {
  t: TestApp;
  clock: ManualClock;
  engine: SchedulerEngine;
  job: TestJob;
  /** Moves the manual clock and waits until the scheduler has done everything that became due. */
  advance(ms: number): Promise<void>;
  api(method: 'get' | 'post' | 'patch' | 'delete', path: string, role?: keyof typeof KEYS): request.Test;
  close(): Promise<void>;
}

/**
 * Boots the real app (createTestApp) on `sqlitePath`, registers the `test.job` job and swaps the
 * clock for a ManualClock at `start`. Firing is then driven only by advancing that clock.
 */
export async function bootScheduler(
  sqlitePath: string,
  start: Date,
  env: Record<string, string> = {},
  behaviour?: TestJob['behaviour'],
): Promise<SchedulerHarness> {
  const t = await createTestApp({ ...AUTH_ENV, SQLITE_PATH: sqlitePath, SHUTDOWN_TIMEOUT_MS: '2000', ...env });
  const clockService = t.app.get(Clock);
  const engine = t.app.get(SchedulerEngine);
  const job = new TestJob(() => clockService);
  if (behaviour) job.behaviour = behaviour;
  t.app.get(JobRegistry).register(
    {
      name: 'test.job',
      inputSchema: {
        type: 'object',
        additionalProperties: false,
        properties: { symbol: { type: 'string', pattern: '^[A-Z]{3,6}$' }, size: { type: 'integer', minimum: 1 } },
      },
    },
    job,
  );
  await engine.idle();
  const clock = new ManualClock(start);
  clockService.use(clock);
  engine.kick();
  await engine.idle();
  return {
    t,
    clock,
    engine,
    job,
    async advance(ms: number) {
      clock.advance(ms);
      await engine.idle();
    },
    api(method, path, role = 'operator') {
      return request(t.http)[method](path).set('X-API-Key', KEYS[role]);
    },
    close: () => t.close(),
  };
}

/** Creates a schedule of the `test.job` job (`body` adds to or overrides it) as the operator; returns it as presented. */
export async function createTestSchedule(h: SchedulerHarness, body: object): Promise<any> {
  return (
    await h
      .api('post', '/api/v1/scheduler/schedules')
      .send({ job: 'test.job', ...body })
      .expect(201)
  ).body.data;
}

export function tempDb(): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'aio-sched-'));
  return { path: join(dir, 'orchestration.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
