import { Injectable } from '@nestjs/common';
import { AgentsSettings, AppError, Clock } from '@app/infrastructure';
import { AgentCoordinatorMetrics } from '../agent-coordinator.metrics';
import { AgentRegistry } from '../agents/agent-registry.service';
import type { AgentRecord } from '../agents/agent.types';
import { AgentHealthService } from '../health/agent-health.service';
import { MessageRepository } from '../persistence/message.repository';
import { MailboxAccess } from './mailbox-access.service';
import { MailboxSignals } from './mailbox-signals';
import { recordMessageEvent } from './message-spans';
import type { AgentMessage, DeadReason, MessageError, NackOptions } from './message.types';

/** How one delivery ends: acked with an output, or failed (requeued or dead-lettered). */
export type SettleOutcome =
  | { ok: true; output: unknown }
  | { ok: false; error: MessageError; requeue: boolean; delayMs?: number; blame?: boolean };

/** One ack of a batch: the delivery, its lease and the reply. */
export interface AckRequest {
  messageId: string;
  leaseId: string;
  output: unknown;
}

/** An ack of a batch that changed nothing, and why (NOT_FOUND or CONFLICT). */
export interface AckFailure extends AckRequest {
  error: AppError;
}

export interface AckManyResult {
  /** The messages acked, in the order asked, without payloads. */
  acked: AgentMessage[];
  failed: AckFailure[];
}

const MAX_REMEMBERED = 10_000;

interface Settled {
  at: number;
  tenant: string;
  ok: boolean;
}

/**
 * Acknowledgement and dead-lettering: ack / nack of a delivery under its lease, withdrawal of a
 * waiting message, the agent's health fed with each outcome, and the last minute's settles for
 * queue stats.
 */
@Injectable()
export class MailboxSettlement {
  /** Settles of the last minute for queue stats (this replica's); pruned on every write, capped. */
  private readonly settledTimes: Settled[] = [];

  constructor(
    private readonly settings: AgentsSettings,
    private readonly metrics: AgentCoordinatorMetrics,
    private readonly repository: MessageRepository,
    private readonly registry: AgentRegistry,
    private readonly health: AgentHealthService,
    private readonly access: MailboxAccess,
    private readonly signals: MailboxSignals,
    private readonly clock: Clock,
  ) {}

  /** One delivery acked under its lease (ackMany of one): 404 when not the agent's, 409 when the lease is not held. */
  async ack(
    tenant: string,
    agentId: string,
    messageId: string,
    leaseId: string,
    output: unknown,
  ): Promise<AgentMessage> {
    const { acked, failed } = await this.ackMany(tenant, agentId, [{ messageId, leaseId, output }], () => 'output');
    if (failed.length) throw failed[0].error;
    return acked[0];
  }

  /**
   * Acks deliveries of an external agent, each under its lease, committed together (like SQS
   * DeleteMessageBatch): one that is not the agent's (NOT_FOUND) or whose lease is no longer held
   * (CONFLICT) fails alone and the others are acked. 413 before anything is acked when an output
   * is too large (`outputField` names it). The outcomes feed the agent's health, and mark it seen, in one write.
   */
  async ackMany(
    tenant: string,
    agentId: string,
    acks: readonly AckRequest[],
    outputField = (index: number) => `acks[${index}].output`,
  ): Promise<AckManyResult> {
    const agent = await this.access.externalAgent(tenant, agentId);
    acks.forEach((a, i) => this.access.checkSize(a.output, outputField(i)));
    const now = this.clock.now();
    const acked = await this.repository.ackMany(
      agent.id,
      acks.map((a) => ({ id: a.messageId, leaseId: a.leaseId, reply: a.output })),
      now,
    );
    const done = new Set(acked.map((m) => m.id));
    const failed: AckFailure[] = [];
    for (const a of acks)
      if (!done.has(a.messageId)) failed.push({ ...a, error: await this.ackRefusal(agent, a.messageId, a.leaseId) });
    for (const message of acked) {
      this.metrics.settled.inc({ outcome: 'acked' });
      this.traceSettle(agent, message, { ok: true, output: null }, 'acked');
      remember(this.settledTimes, { at: Date.now(), tenant: message.tenant, ok: true });
    }
    await this.health.recordMany(
      agent,
      acked.map((m) => ({ ok: true, latencyMs: m.leasedAt ? Math.max(0, now.getTime() - m.leasedAt.getTime()) : 0 })),
      now,
    );
    for (const message of acked) this.signals.messageFinished(message.id);
    return { acked, failed };
  }

  /** Why an ack changed nothing: 404 for a message that is not the agent's, else 409 (lease not held). */
  private async ackRefusal(agent: AgentRecord, messageId: string, leaseId: string): Promise<AppError> {
    const current = await this.repository.findById(messageId);
    if (!current || current.agentId !== agent.id) return AppError.notFound('message', messageId);
    return this.leaseLost(current.id, leaseId, current);
  }

  /** 409: the delivery is not leased under `leaseId` any more. */
  private leaseLost(messageId: string, leaseId: string, current: AgentMessage | null): AppError {
    return new AppError(
      'CONFLICT',
      `Message ${messageId} is not leased under lease ${leaseId} any more ` +
        `(it is ${current?.status ?? 'gone'}); its lease expired or it was settled`,
      {
        status: current?.status,
        deliveries: current?.deliveries,
      },
    );
  }

  async nack(
    tenant: string,
    agentId: string,
    messageId: string,
    leaseId: string,
    options: NackOptions,
  ): Promise<AgentMessage> {
    const agent = await this.access.externalAgent(tenant, agentId);
    return this.settleOwn(agent, messageId, leaseId, {
      ok: false,
      error: options.error ?? { code: 'NACKED', message: 'The agent could not process the message' },
      requeue: options.requeue ?? true,
      delayMs: options.delayMs,
    });
  }

  /** An external agent's nack of its own delivery: settled, the agent marked seen, the message re-read. */
  private async settleOwn(
    agent: AgentRecord,
    messageId: string,
    leaseId: string,
    outcome: SettleOutcome,
  ): Promise<AgentMessage> {
    const message = await this.access.ownMessage(agent, messageId);
    await this.settle(agent, message, leaseId, outcome);
    await this.registry.touch(agent);
    return (await this.repository.findById(messageId)) as AgentMessage;
  }

  /**
   * Ends one delivery: ack (reply stored), or nack (requeued after a delay, or dead-lettered when
   * `requeue` is false or the deliveries are used up). Feeds the outcome to the agent's health
   * unless `blame` is false (the sender's fault, e.g. invalid input).
   */
  async settle(
    agent: AgentRecord,
    message: AgentMessage,
    leaseId: string,
    outcome: SettleOutcome,
  ): Promise<'acked' | 'requeued' | 'dead'> {
    const now = this.clock.now();
    let result: 'acked' | 'requeued' | 'dead';
    let done: boolean;
    if (outcome.ok) {
      done = await this.repository.ack(message.id, leaseId, outcome.output, now);
      result = 'acked';
    } else {
      const dead: DeadReason | null = !outcome.requeue
        ? 'rejected'
        : message.deliveries >= message.maxDeliveries
          ? 'max_deliveries'
          : null;
      done = await this.repository.release(
        message.id,
        leaseId,
        { error: outcome.error, dead, delayMs: outcome.delayMs ?? this.settings.nackDelayMs },
        now,
      );
      result = dead ? 'dead' : 'requeued';
    }
    if (!done) throw this.leaseLost(message.id, leaseId, await this.repository.findById(message.id));
    this.metrics.settled.inc({ outcome: result });
    this.traceSettle(agent, message, outcome, result);
    remember(this.settledTimes, { at: Date.now(), tenant: message.tenant, ok: result === 'acked' });
    const latencyMs = message.leasedAt ? Math.max(0, now.getTime() - message.leasedAt.getTime()) : 0;
    if (outcome.ok || outcome.blame !== false) await this.health.record(agent, { ok: outcome.ok, latencyMs });
    if (result === 'requeued') this.signals.agentChanged(agent.id);
    else this.signals.messageFinished(message.id);
    return result;
  }

  /** The delivery's ack or nack, then its redelivery or dead letter, in the message's trace. */
  private traceSettle(
    agent: AgentRecord,
    message: AgentMessage,
    outcome: SettleOutcome,
    result: 'acked' | 'requeued' | 'dead',
  ): void {
    const base = { 'agent.id': agent.id, 'agent.name': agent.name };
    if (outcome.ok) {
      recordMessageEvent('ack', message, base);
      return;
    }
    const error = { ...base, 'error.code': outcome.error.code };
    recordMessageEvent('nack', message, { ...error, 'message.requeue': outcome.requeue }, outcome.error.message);
    if (result === 'requeued')
      recordMessageEvent('redelivery', message, { ...error, 'message.delay_ms': outcome.delayMs ?? 0 });
    else
      recordMessageEvent(
        'dead_letter',
        message,
        { ...error, 'message.dead_reason': outcome.requeue ? 'max_deliveries' : 'rejected' },
        outcome.error.message,
      );
  }

  /** Withdraws a message nobody has claimed yet (a coordination run that timed out). */
  async cancel(messageId: string): Promise<boolean> {
    const done = await this.repository.killQueued(
      messageId,
      'cancelled',
      { code: 'CANCELLED', message: 'Withdrawn by its sender' },
      this.clock.now(),
    );
    if (done) {
      this.signals.messageFinished(messageId);
      const message = await this.repository.findById(messageId);
      if (message) recordMessageEvent('dead_letter', message, { 'message.dead_reason': 'cancelled' }, 'Withdrawn');
    }
    return done;
  }

  /** Deliveries settled here in the last minute, of one tenant or (undefined) of all. */
  activity(tenant?: string): { ackedLastMinute: number; failedLastMinute: number } {
    const since = Date.now() - 60_000;
    const recent = this.settledTimes.filter((s) => s.at >= since && (tenant === undefined || s.tenant === tenant));
    return { ackedLastMinute: recent.filter((s) => s.ok).length, failedLastMinute: recent.filter((s) => !s.ok).length };
  }
}

function remember(times: Settled[], settled: Settled): void {
  times.push(settled);
  while (times.length && (times[0].at < settled.at - 60_000 || times.length > MAX_REMEMBERED)) times.shift();
}
