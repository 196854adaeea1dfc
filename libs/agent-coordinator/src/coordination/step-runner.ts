import { SpanStatusCode } from '@opentelemetry/api';
import { Clock } from '@app/infrastructure';
import { AgentRegistry } from '../agents/agent-registry.service';
import { MailboxService } from '../messages/mailbox.service';
import { agentsTracer } from '../messages/message-spans';
import type { MessageError } from '../messages/message.types';
import { RunRepository } from '../persistence/run.repository';
import type { CoordinationRun, RunStep } from './run.types';

/**
 * Sends one step's message and waits for its reply, within the run's deadline, recording the
 * step as it goes (so GET /runs/:id shows progress and a resumed run does not send twice).
 */
export class StepRunner {
  constructor(
    readonly run: CoordinationRun,
    readonly steps: RunStep[],
    private readonly mailbox: MailboxService,
    private readonly registry: AgentRegistry,
    private readonly runs: RunRepository,
    private readonly clock: Clock,
    private readonly stop: AbortSignal,
  ) {}

  get remainingMs(): number {
    return this.run.deadlineAt.getTime() - this.clock.nowMs();
  }

  /** One step under its `agents.coordination.step` span: the message it sends, and its reply, are its children. */
  execute(step: RunStep, payload: unknown): Promise<RunStep> {
    const index = this.steps.indexOf(step);
    return agentsTracer().startActiveSpan(
      `agents.coordination.step ${step.task}`,
      {
        attributes: {
          'tenant.id': this.run.tenant,
          'coordination.run_id': this.run.id,
          'coordination.step': index,
          'agent.id': step.agentId,
          'agent.name': step.agentName,
          'agent.health_at_start': step.healthAtStart,
        },
      },
      async (span) => {
        try {
          const done = await this.executeStep(step, payload);
          span.setAttribute('coordination.step.status', done.status);
          if (done.messageId) span.setAttribute('messaging.message.id', done.messageId);
          if (done.status === 'failed' || done.status === 'timed_out')
            span.setStatus({ code: SpanStatusCode.ERROR, message: done.error?.message ?? done.status });
          return done;
        } finally {
          span.end();
        }
      },
    );
  }

  private async executeStep(step: RunStep, payload: unknown): Promise<RunStep> {
    if (
      step.status === 'succeeded' ||
      step.status === 'failed' ||
      step.status === 'timed_out' ||
      step.status === 'skipped'
    )
      return step;
    const started = Date.now();
    if (!step.messageId) {
      const refusal = await this.refusal(step);
      if (refusal) return this.finish(step, 'failed', { error: refusal }, started);
      if (this.remainingMs <= 0)
        return this.finish(
          step,
          'timed_out',
          { error: { code: 'TIMEOUT', message: 'The run deadline passed before this step started' } },
          started,
        );
      try {
        const { messages } = await this.mailbox.send({
          tenant: this.run.tenant,
          to: step.agentId,
          type: step.task,
          payload,
          priority: this.run.priority,
          correlationId: this.run.id,
          ttlMs: Math.max(1000, this.remainingMs),
          // One delivery per step: the run's own deadline and per-agent report handle failure.
          maxDeliveries: 1,
        });
        step.messageId = messages[0].id;
        step.status = 'sent';
        step.startedAt = new Date().toISOString();
        await this.runs.saveSteps(this.run.id, this.steps);
      } catch (err) {
        const e = err as { code?: string; message: string };
        return this.finish(step, 'failed', { error: { code: e.code ?? 'INTERNAL', message: e.message } }, started);
      }
    }
    const outcome = await this.mailbox.awaitOutcome(step.messageId as string, Math.max(0, this.remainingMs), this.stop);
    if (this.stop.aborted) return step;
    if (outcome.status === 'acked') return this.finish(step, 'succeeded', { output: outcome.message.reply }, started);
    if (outcome.status === 'dead')
      return this.finish(
        step,
        'failed',
        {
          error: outcome.message.error ?? {
            code: 'DEAD_LETTER',
            message: `dead-lettered: ${outcome.message.deadReason}`,
          },
        },
        started,
      );
    await this.mailbox.cancel(step.messageId as string);
    return this.finish(
      step,
      'timed_out',
      { error: { code: 'TIMEOUT', message: `No reply within the run's ${this.run.timeoutMs} ms` } },
      started,
    );
  }

  async skip(step: RunStep, reason: string): Promise<void> {
    step.status = 'skipped';
    step.error = { code: 'SKIPPED', message: reason };
    await this.runs.saveSteps(this.run.id, this.steps);
  }

  /** Agents that cannot take part right now fail their step at once instead of using up the deadline. */
  private async refusal(step: RunStep): Promise<MessageError | null> {
    const agent = await this.registry.byId(step.agentId);
    if (!agent || agent.deregisteredAt)
      return { code: 'AGENT_DEREGISTERED', message: `Agent ${step.agentName} is deregistered` };
    const view = await this.registry.describe(agent);
    if (view.status === 'paused') return { code: 'AGENT_PAUSED', message: `Agent ${step.agentName} is paused` };
    if (view.health.breaker.state === 'open')
      return {
        code: 'CIRCUIT_OPEN',
        message: `Agent ${step.agentName}'s circuit is open until ${view.health.breaker.probeAt}`,
      };
    if (view.health.heartbeatStale)
      return { code: 'AGENT_UNHEALTHY', message: `Agent ${step.agentName} has sent no heartbeat recently` };
    return null;
  }

  private async finish(
    step: RunStep,
    status: RunStep['status'],
    result: { output?: unknown; error?: MessageError },
    started: number,
  ): Promise<RunStep> {
    step.status = status;
    if (result.output !== undefined) step.output = result.output;
    if (result.error) step.error = result.error;
    step.finishedAt = new Date().toISOString();
    step.latencyMs = Date.now() - (step.startedAt ? Date.parse(step.startedAt) : started);
    await this.runs.saveSteps(this.run.id, this.steps);
    return step;
  }
}
