import { Injectable, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BaseLogger, EventCore } from '@app/infrastructure';
import { isFinal, TaskService, type TaskStatusEvent } from '@app/handit';
import { WorkflowService } from '@app/langgraph';
import { WebhookService, type TargetWebhookInput, type WebhookCaller, type WebhookEvent } from '@app/webhooks';
import { presentTask } from '../tasks/task.presenter';
import { presentRun } from '../workflows/run.presenter';

const TASK_EVENTS = ['task.succeeded', 'task.failed', 'task.cancelled', 'task.timed_out'] as const;
const RUN_EVENTS: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);
/**
 * A result or output larger than this (as JSON) is left out of a delivery (`resultOmitted: true`;
 * the object's `links.self` has it): an outbox row and a POST stay bounded whatever the analysis.
 */
export const WEBHOOK_MAX_RESULT_BYTES = 1_000_000;

/**
 * What happened, handed to the webhooks library: finished tasks and runs (and runs waiting for a
 * human) from EventCore, each presented exactly as the API presents it. It lives in the gateway,
 * which composes the libraries, so neither the domains nor the webhooks library import each other.
 *
 * At start-up it re-checks the task and run webhooks that have no delivery yet: a process killed
 * between a task's completion and its outbox row still delivers after the restart (once: an
 * occurrence is keyed by the object's finish time, so the event and the sweep make one row).
 */
@Injectable()
export class WebhookEventsBridge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly unsubscribe: (() => void)[] = [];
  private readonly logger: BaseLogger;

  constructor(
    private readonly webhooks: WebhookService,
    private readonly tasks: TaskService,
    private readonly workflows: WorkflowService,
    logger: BaseLogger,
    @Optional() private readonly events?: EventCore,
  ) {
    this.logger = logger.child({ component: 'webhooks' });
  }

  onApplicationBootstrap(): void {
    if (!this.events) {
      this.logger.warn('EventCore is off (optional.events): webhooks get no task or run events');
      return;
    }
    for (const name of TASK_EVENTS)
      this.unsubscribe.push(this.events.on(name, (event: TaskStatusEvent) => this.guarded(this.taskChanged(event))));
    this.unsubscribe.push(
      this.events.on('workflow.run.status', (event) => {
        if (RUN_EVENTS.has(event.status))
          this.guarded(this.runChanged(event.tenant, event.runId, event.status, event.at));
      }),
    );
    // A Platform cron's webhook is the webhook of each run it starts (checked when the cron was stored).
    this.unsubscribe.push(
      this.events.on('langgraph.cron.fired', (event) => {
        if (!event.webhook) return;
        const caller = { tenant: event.tenant, id: event.principalId ?? `cron:${event.cronId}` };
        this.guarded(this.watchRun(caller, event.runId, { url: event.webhook }));
      }),
    );
    this.guarded(this.recover());
  }

  onApplicationShutdown(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /**
   * Stores a task's own webhook (its URL checked before the task was created), then publishes at once
   * if the task finished before the webhook was stored, which its event could not.
   */
  async watchTask(caller: WebhookCaller, taskId: string, webhook: TargetWebhookInput): Promise<void> {
    await this.webhooks.watch(caller, 'task', taskId, webhook);
    await this.publishTaskIfFinal(caller.tenant, taskId);
  }

  /**
   * Stores a run's own webhook (its URL checked before the run was created), then publishes at once
   * if the run settled before the webhook was stored, which its event could not.
   */
  async watchRun(caller: WebhookCaller, runId: string, webhook: TargetWebhookInput): Promise<void> {
    await this.webhooks.watch(caller, 'run', runId, webhook);
    await this.publishRunIfSettled(caller.tenant, runId);
  }

  /** Publishes a task's final state if it has one (after its webhook was stored, in case it finished first). */
  async publishTaskIfFinal(tenant: string, id: string): Promise<void> {
    const task = await this.tasks.get(tenant, id, { withInput: false });
    if (!isFinal(task.status) || !task.finishedAt) return;
    await this.webhooks.publish({
      tenant,
      event: `task.${task.status}` as WebhookEvent,
      objectId: task.id,
      occurrence: task.finishedAt.toISOString(),
      data: bounded(presentTask(task, 'result'), 'result'),
    });
  }

  /** Publishes a run's state if it is final or waiting (after its webhook was stored). */
  async publishRunIfSettled(tenant: string, id: string, at?: string): Promise<void> {
    const run = await this.workflows.get(tenant, id);
    if (!RUN_EVENTS.has(run.status)) return;
    const occurrence = run.finishedAt?.toISOString() ?? at ?? run.updatedAt.toISOString();
    await this.webhooks.publish({
      tenant,
      event: `run.${run.status}` as WebhookEvent,
      objectId: run.id,
      occurrence,
      data: bounded(presentRun(run, 'result'), 'output'),
    });
  }

  // The hot path of every task: one indexed query, and the task is read only when someone subscribes.
  private async taskChanged(event: TaskStatusEvent): Promise<void> {
    if (await this.webhooks.hasSubscribers(event.tenant, `task.${event.status}` as WebhookEvent, event.id))
      await this.publishTaskIfFinal(event.tenant, event.id);
  }

  private async runChanged(tenant: string, id: string, status: string, at: string): Promise<void> {
    if (await this.webhooks.hasSubscribers(tenant, `run.${status}` as WebhookEvent, id))
      await this.publishRunIfSettled(tenant, id, at);
  }

  private async recover(): Promise<void> {
    for (const target of await this.webhooks.undeliveredTargets()) {
      if (!target.targetId) continue;
      const publish =
        target.scope === 'task'
          ? this.publishTaskIfFinal(target.tenant, target.targetId)
          : this.publishRunIfSettled(target.tenant, target.targetId);
      // The task or run may be gone (retention): nothing to deliver then.
      await publish.catch(() => undefined);
    }
  }

  private guarded(work: Promise<void>): void {
    work.catch((err: Error) => this.logger.error({ err }, 'Could not queue a webhook delivery'));
  }
}

/** The presented object, without its result or output when that is over WEBHOOK_MAX_RESULT_BYTES. */
function bounded<T extends object>(presented: T, field: 'result' | 'output'): object {
  const value = (presented as Record<string, unknown>)[field];
  if (value === undefined || value === null) return presented;
  if (Buffer.byteLength(JSON.stringify(value)) <= WEBHOOK_MAX_RESULT_BYTES) return presented;
  return { ...presented, [field]: null, resultOmitted: true };
}
