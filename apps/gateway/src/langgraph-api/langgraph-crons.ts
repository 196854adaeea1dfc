import { Injectable } from '@nestjs/common';
import { AppError, type Principal } from '@app/infrastructure';
import { CronService, STREAM_MODES, type Cron } from '@app/langgraph';
import { ScheduleService } from '@app/task-scheduler';
import { WebhookService } from '@app/webhooks';
import type { CronCreateDto, CronUpdateDto } from './dto/cron.dto';
import { checkNodes } from './run-request';

/** The run fields a cron keeps for its firings. */
const RUN_FIELDS = [
  'input',
  'config',
  'context',
  'metadata',
  'interrupt_before',
  'interrupt_after',
  'stream_mode',
  'stream_subgraphs',
  'webhook',
  'multitask_strategy',
] as const;

/**
 * Composes a Platform cron from its two halves: the cron (libs/langgraph: what to run) and a
 * task-scheduler schedule running `langgraph.cron-run` (when), so crons fire once per slot across
 * replicas, retry, and show under /api/v1/scheduler like any schedule.
 */
@Injectable()
export class LanggraphCrons {
  constructor(
    private readonly crons: CronService,
    private readonly schedules: ScheduleService,
    private readonly webhooks: WebhookService,
  ) {}

  /**
   * A cron's webhook is each of its runs' own webhook (delivered by WebhookEventsBridge when the
   * cron fires): its URL passes the same checks as a run's (SSRF guard, WEBHOOK_ALLOWLIST) before
   * anything is stored.
   */
  private async checkWebhook(caller: Principal, body: CronCreateDto | CronUpdateDto): Promise<void> {
    if (body.webhook) await this.webhooks.checkTargetWebhook(caller.tenant, 'run', { url: body.webhook }, 'webhook');
  }

  async create(
    caller: Principal,
    threadId: string | null,
    body: CronCreateDto,
  ): Promise<{ cron: Cron; nextRunAt: Date | null }> {
    await this.checkWebhook(caller, body);
    const payload = pick(body);
    if (threadId === null && body.on_run_completed) payload.on_completion = body.on_run_completed;
    const cron = await this.crons.create(caller.tenant, {
      assistantId: body.assistant_id,
      threadId,
      schedule: body.schedule,
      timezone: body.timezone ?? null,
      payload,
      metadata: body.metadata ?? {},
      enabled: body.enabled ?? true,
      endTime: body.end_time ? new Date(body.end_time) : null,
    });
    try {
      const schedule = await this.schedules.create(caller, {
        name: `langgraph cron ${cron.cronId}`,
        job: 'langgraph.cron-run',
        input: { cronId: cron.cronId },
        cron: body.schedule,
        ...(body.timezone ? { timezone: body.timezone } : {}),
        enabled: cron.enabled,
        overlapPolicy: 'queue',
      });
      return {
        cron: await this.crons.update(caller.tenant, cron.cronId, { scheduleId: schedule.id }),
        nextRunAt: schedule.nextFireAt,
      };
    } catch (error) {
      await this.crons.delete(caller.tenant, cron.cronId);
      throw renameFields(error);
    }
  }

  async update(
    caller: Principal,
    cronId: string,
    body: CronUpdateDto,
  ): Promise<{ cron: Cron; nextRunAt: Date | null }> {
    const current = await this.crons.get(caller.tenant, cronId);
    await this.checkWebhook(caller, body);
    let nextRunAt: Date | null = null;
    if (current.scheduleId) {
      try {
        const schedule = await this.schedules.update(caller, current.scheduleId, {
          ...(body.schedule !== undefined ? { cron: body.schedule } : {}),
          ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
          ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        });
        nextRunAt = schedule.nextFireAt;
      } catch (error) {
        throw renameFields(error);
      }
    }
    const cron = await this.crons.update(caller.tenant, cronId, {
      ...(body.schedule !== undefined ? { schedule: body.schedule } : {}),
      ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
      ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      ...(body.end_time !== undefined ? { endTime: new Date(body.end_time) } : {}),
      ...(body.metadata !== undefined ? { metadata: body.metadata } : {}),
      payload: { ...current.payload, ...pick(body) },
    });
    return { cron, nextRunAt };
  }

  async delete(caller: Principal, cronId: string): Promise<void> {
    const cron = await this.crons.get(caller.tenant, cronId);
    if (cron.scheduleId) await this.schedules.remove(caller, cron.scheduleId).catch(() => undefined);
    await this.crons.delete(caller.tenant, cronId);
  }
}

function pick(body: CronCreateDto | CronUpdateDto): Record<string, unknown> {
  checkNodes('interrupt_before', body.interrupt_before);
  checkNodes('interrupt_after', body.interrupt_after);
  const modes =
    body.stream_mode === undefined ? [] : Array.isArray(body.stream_mode) ? body.stream_mode : [body.stream_mode];
  if (!modes.every((m) => (STREAM_MODES as readonly unknown[]).includes(m)))
    throw AppError.validation([{ field: 'stream_mode', message: `must be among ${STREAM_MODES.join(', ')}` }]);
  const out: Record<string, unknown> = {};
  for (const field of RUN_FIELDS) {
    const value = (body as unknown as Record<string, unknown>)[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** The scheduler names its fields cron / timezone; the Platform API calls the first schedule. */
function renameFields(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') return error;
  const details = error.details as { fields?: { field: string; message: string }[] } | undefined;
  if (!details?.fields) return error;
  return AppError.validation(details.fields.map((f) => ({ ...f, field: f.field === 'cron' ? 'schedule' : f.field })));
}
