import { context } from '@opentelemetry/api';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AgentsSettings, AppError, BaseLogger, Clock, Database, QueuePauseRepository } from '@app/infrastructure';
import { isFinal, Task, TASK_TYPE_CATALOG, TaskService, TaskType } from '@app/handit';
import { AgentRegistry } from '../agents/agent-registry.service';
import { AgentRecord, BUILTIN_TENANT } from '../agents/agent.types';
import { AgentHealthService } from '../health/agent-health.service';
import { MailboxService } from '../messages/mailbox.service';
import { MailboxSignals } from '../messages/mailbox-signals';
import { MessageSweepRepository } from '../persistence/message-sweep.repository';
import { MessageRepository } from '../persistence/message.repository';
import { MAILBOX_QUEUE, type AgentMessage, type MessageError } from '../messages/message.types';
import { messageContext } from '../messages/message-spans';

type Outcome =
  | { ok: true; output: unknown }
  | { ok: false; error: MessageError; requeue: boolean; blame: boolean; delayMs?: number };

/**
 * Built-in agents consume their own mailboxes: each message becomes a Handit task of the message
 * type on the agent's model, and the task's result is the reply. Up to maxConcurrency messages
 * per agent run at once, taken in mailbox order (priority, then arrival).
 *
 * No ConcurrencyBudget slot is taken here: the Handit task acquires one when it runs, and holding
 * a second slot while waiting for it could deadlock the budget (six agent waits holding every
 * background slot, their tasks unable to start). Per-agent maxConcurrency bounds this layer.
 */
@Injectable()
export class BuiltinDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: BaseLogger;
  private readonly inFlight = new Map<string, number>();
  private readonly pumping = new Set<string>();
  private builtin = new Map<string, AgentRecord>();
  private unsubscribe = () => {};
  private stopping = false;

  constructor(
    private readonly settings: AgentsSettings,
    logger: BaseLogger,
    private readonly database: Database,
    private readonly registry: AgentRegistry,
    private readonly mailbox: MailboxService,
    private readonly messages: MessageRepository,
    private readonly sweeps: MessageSweepRepository,
    private readonly health: AgentHealthService,
    private readonly signals: MailboxSignals,
    private readonly tasks: TaskService,
    private readonly pauses: QueuePauseRepository,
    private readonly clock: Clock,
  ) {
    this.logger = logger.child({ component: 'agents.builtin' });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    // Embedded mode is one process: a built-in lease still held at start-up belongs to a process
    // that is gone, so its messages are taken up again at once instead of after the lease.
    if (this.database.dialect === 'sqlite') {
      const released = await this.sweeps.releaseLeasesOf([...this.builtin.keys()], this.clock.now());
      if (released) this.logger.log({ released }, 'Re-queued built-in deliveries interrupted by a restart');
    }
    this.unsubscribe = this.signals.onAnyAgent((agentId) => {
      if (this.builtin.has(agentId)) void this.pump(agentId);
    });
    this.pumpAll();
  }

  onApplicationShutdown(): void {
    this.stopping = true;
    this.unsubscribe();
  }

  /** Every built-in mailbox, plus synthetic probes for agents out of routing (called by the sweeper). */
  pumpAll(): void {
    if (this.stopping) return;
    for (const id of this.builtin.keys()) void this.pump(id);
  }

  async probeIdleAgents(): Promise<void> {
    if (this.stopping || (await this.pauses.state(MAILBOX_QUEUE)).queue) return;
    await this.refresh();
    const depths = await this.messages.depths([...this.builtin.keys()]);
    for (const agent of this.builtin.values()) {
      if (agent.paused || agent.deregisteredAt || (depths.get(agent.id)?.queued ?? 0) > 0) continue;
      if (!this.health.wantsSyntheticProbe(agent)) continue;
      if (!this.health.admits(agent).ok) continue;
      void this.syntheticProbe(agent);
    }
  }

  private async refresh(): Promise<void> {
    this.builtin = new Map((await this.registry.builtinAgents()).map((a) => [a.id, a]));
  }

  private async pump(agentId: string): Promise<void> {
    // A paused mailbox queue (or tenant) is checked by claimFor, which then hands out nothing.
    if (this.pumping.has(agentId) || this.stopping) return;
    this.pumping.add(agentId);
    try {
      for (;;) {
        const agent = await this.registry.byId(agentId);
        if (!agent || agent.paused || agent.deregisteredAt) return;
        this.builtin.set(agentId, agent);
        if ((this.inFlight.get(agentId) ?? 0) >= agent.maxConcurrency) return;
        const [message] = await this.mailbox.claimFor(agentId, 1, this.settings.builtinLeaseMs);
        if (!message) return;
        this.inFlight.set(agentId, (this.inFlight.get(agentId) ?? 0) + 1);
        // Delivered in the message's trace, so the task it queues joins the sender's trace.
        void context
          .with(messageContext(message), () => this.deliver(agent, message))
          .finally(() => {
            const left = (this.inFlight.get(agentId) ?? 1) - 1;
            if (left > 0) this.inFlight.set(agentId, left);
            else this.inFlight.delete(agentId);
            void this.pump(agentId);
          });
      }
    } catch (err) {
      if (!this.stopping) this.logger.error({ err, agentId }, 'Built-in dispatch failed');
    } finally {
      this.pumping.delete(agentId);
    }
  }

  private async deliver(agent: AgentRecord, message: AgentMessage): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.runTask(
        agent,
        message.tenant,
        message.type as TaskType,
        inputOf(message.payload),
        message.priority,
        `agent-msg:${message.id}:${message.deliveries}`,
        true,
      );
    } catch (err) {
      if (this.stopping) return;
      outcome = { ok: false, error: { code: 'INTERNAL', message: (err as Error).message }, requeue: true, blame: true };
    }
    if (this.stopping) return;
    try {
      await this.mailbox.settle(agent, message, message.leaseId as string, outcome);
    } catch (err) {
      this.logger.warn({ err, messageId: message.id }, 'Could not settle a built-in delivery');
    }
  }

  private async syntheticProbe(agent: AgentRecord): Promise<void> {
    const type = agent.capabilities.find((c) => TASK_TYPE_CATALOG.some((t) => t.type === c)) as TaskType | undefined;
    const example = TASK_TYPE_CATALOG.find((t) => t.type === type)?.example;
    if (!type || !example) return this.health.cancelProbe(agent);
    // The catalog example minus its asset class, which the model fills in with its own.
    const { assetClass: _assetClass, ...input } = example;
    const started = Date.now();
    try {
      // No result cache: a cached success would say nothing about the model now.
      const outcome = await this.runTask(agent, BUILTIN_TENANT, type, input, 'low', undefined, false);
      if (this.stopping) return;
      if (!outcome.ok && !outcome.blame) return this.health.cancelProbe(agent);
      await this.health.record(agent, { ok: outcome.ok, latencyMs: Date.now() - started });
      this.logger.log({ agentId: agent.id, name: agent.name, ok: outcome.ok }, 'Synthetic health probe');
      if (outcome.ok) void this.pump(agent.id);
    } catch (err) {
      if (!this.stopping) await this.health.record(agent, { ok: false, latencyMs: Date.now() - started });
      this.logger.warn({ err, agentId: agent.id }, 'Synthetic health probe failed');
    }
  }

  /** One Handit task on the agent's model, awaited to its end (bounded by the built-in lease). */
  private async runTask(
    agent: AgentRecord,
    tenant: string,
    type: TaskType,
    input: unknown,
    priority: AgentMessage['priority'],
    idempotencyKey: string | undefined,
    cache: boolean,
  ): Promise<Outcome> {
    let task: Task;
    try {
      ({ task } = await this.tasks.create({
        tenant,
        principalId: `agent:${agent.name}`,
        type,
        model: agent.model ?? undefined,
        priority,
        input,
        // The mailbox redelivers; Handit retrying inside one delivery would double the attempts.
        options: { maxAttempts: 1, cache },
        idempotencyKey,
      }));
    } catch (err) {
      if (err instanceof AppError) {
        const error = { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
        // Bad input is the sender's fault and a full queue nobody's: neither counts against the agent.
        if (err.code === 'VALIDATION_FAILED' || err.code === 'CONFLICT')
          return { ok: false, error, requeue: false, blame: false };
        if (err.code === 'QUEUE_FULL') return { ok: false, error, requeue: true, blame: false, delayMs: 5000 };
        return { ok: false, error, requeue: err.code !== 'PROVIDER_UNAVAILABLE', blame: true };
      }
      throw err;
    }
    const deadline = Date.now() + this.settings.builtinLeaseMs;
    while (!isFinal(task.status) && Date.now() < deadline && !this.stopping) {
      task = await this.tasks.waitForFinal(tenant, task.id, deadline - Date.now());
    }
    if (task.status === 'succeeded') return { ok: true, output: task.result };
    if (!isFinal(task.status)) {
      return {
        ok: false,
        error: {
          code: 'TIMEOUT',
          message: `Task ${task.id} did not finish within the built-in lease of ${this.settings.builtinLeaseMs} ms`,
        },
        requeue: false,
        blame: true,
      };
    }
    const error = task.error ?? { code: task.status.toUpperCase(), message: `Task ${task.id} ended ${task.status}` };
    return {
      ok: false,
      error: {
        code: error.code,
        message: error.message,
        details: { taskId: task.id, ...(error.details ? { cause: error.details } : {}) },
      },
      requeue: Boolean(error.retryable),
      blame: true,
    };
  }
}

/** A sequential run passes the previous step's output as `previous`; quant tasks take no such field. */
function inputOf(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || !('previous' in payload))
    return payload;
  const { previous: _previous, ...input } = payload as Record<string, unknown>;
  return input;
}
