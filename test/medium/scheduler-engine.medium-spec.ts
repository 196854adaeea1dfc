import { Clock, JobContext, ManualClock } from '@app/infrastructure';
import { createMediumModule, MEDIUM_START as START, OPERATOR as CALLER, type MediumModule } from '../support/medium';
import {
  JobRegistry,
  RunService,
  SchedulerEngine,
  ScheduleService,
  TaskSchedulerModule,
  type Run,
  type ScheduleInput,
} from '@app/task-scheduler';

const MINUTE = 60_000;

/**
 * SchedulerEngine through TaskSchedulerModule on a temporary SQLite file, driven by a manual clock:
 * each `advance` moves the clock and waits until the engine has done everything that became due.
 * Schedules run the `medium.job` job, which records its calls and does what `behaviour` says.
 */
describe('SchedulerEngine (medium)', () => {
  let medium: MediumModule;
  let clock: ManualClock;
  let engine: SchedulerEngine;
  let schedules: ScheduleService;
  let runs: RunService;
  const calls: Array<{ scheduleId: string | null; scheduledFor: string; attempt: number }> = [];
  let behaviour: (input: Record<string, unknown>) => unknown = () => ({ ok: true });

  const advance = async (ms: number) => {
    clock.advance(ms);
    await engine.idle();
  };
  /**
   * The wall clock jumps `ms` ahead with no timer firing on the way (the host slept, the process
   * was stopped): a fresh manual clock, then a tick.
   */
  const jump = async (ms: number) => {
    clock = new ManualClock(clock.now() + ms);
    medium.get(Clock).use(clock);
    engine.kick();
    await engine.idle();
  };
  const create = (input: Partial<ScheduleInput>) =>
    schedules.create(CALLER, { job: 'medium.job', cron: '* * * * *', timezone: 'UTC', ...input });
  const runsOf = async (scheduleId: string): Promise<Run[]> =>
    (await runs.list(CALLER, { scheduleId, limit: 100 })).items;

  beforeAll(async () => {
    medium = await createMediumModule([TaskSchedulerModule], { init: false });
    clock = new ManualClock(START);
    medium.get(Clock).use(clock);
    medium.get(JobRegistry).register(
      { name: 'medium.job', inputSchema: { type: 'object' } },
      {
        run: (input: unknown, context: JobContext) => {
          calls.push({
            scheduleId: context.scheduleId,
            scheduledFor: context.scheduledFor.toISOString(),
            attempt: context.attempt,
          });
          return behaviour(input as Record<string, unknown>);
        },
      },
    );
    await medium.module.init();
    engine = medium.get(SchedulerEngine);
    schedules = medium.get(ScheduleService);
    runs = medium.get(RunService);
    await engine.idle();
  }, 30_000);

  afterAll(() => medium?.close());

  beforeEach(() => {
    calls.length = 0;
    behaviour = () => ({ ok: true });
  });

  it('fires a due cron schedule once per tick and records a succeeded run', async () => {
    const schedule = await create({ name: 'every-minute' });
    await advance(MINUTE);
    await engine.idle();
    const fired = calls.filter((c) => c.scheduleId === schedule.id);
    expect(fired).toHaveLength(1);
    const [run] = await runsOf(schedule.id);
    expect(run).toEqual(
      expect.objectContaining({ status: 'succeeded', trigger: 'schedule', attempts: 1, result: { ok: true } }),
    );
    expect(run.scheduledFor.toISOString()).toBe(fired[0].scheduledFor);

    await advance(MINUTE);
    expect(calls.filter((c) => c.scheduleId === schedule.id)).toHaveLength(2);
    await schedules.remove(CALLER, schedule.id);
  });

  it('does not fire a paused schedule', async () => {
    const schedule = await create({ name: 'paused', enabled: false });
    await advance(3 * MINUTE);
    expect(calls.filter((c) => c.scheduleId === schedule.id)).toEqual([]);
    expect(await runsOf(schedule.id)).toEqual([]);
    await schedules.remove(CALLER, schedule.id);
  });

  it('records missed firings as one skipped run under missedPolicy skip', async () => {
    const schedule = await create({ name: 'missed-skip', missedPolicy: 'skip' });
    await jump(10 * MINUTE);
    expect(calls.filter((c) => c.scheduleId === schedule.id)).toEqual([]);
    const history = await runsOf(schedule.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toEqual(expect.objectContaining({ status: 'skipped', trigger: 'missed' }));
    expect(history[0].error).toMatch(/^missed \d+ firing\(s\) between .*; missedPolicy skip$/);
    await schedules.remove(CALLER, schedule.id);
  });

  it('runs missed firings once under missedPolicy run-once', async () => {
    const schedule = await create({ name: 'missed-once', missedPolicy: 'run-once' });
    await jump(10 * MINUTE);
    expect(calls.filter((c) => c.scheduleId === schedule.id)).toHaveLength(1);
    const history = await runsOf(schedule.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toEqual(expect.objectContaining({ status: 'succeeded', trigger: 'missed' }));
    await schedules.remove(CALLER, schedule.id);
  });

  it('records a failing job as dead once its attempts are used up', async () => {
    behaviour = () => {
      throw new Error('quote feed down');
    };
    const schedule = await create({ name: 'failing', maxAttempts: 1 });
    await advance(MINUTE);
    expect(calls.filter((c) => c.scheduleId === schedule.id)).toHaveLength(1);
    const [run] = await runsOf(schedule.id);
    expect(run).toEqual(expect.objectContaining({ status: 'dead', attempts: 1, error: 'quote feed down' }));
    expect(run.errors).toEqual([expect.objectContaining({ attempt: 1, message: 'quote feed down' })]);
    await schedules.remove(CALLER, schedule.id);
  });
});
