import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import {
  AgentsSettings,
  AppError,
  BaseConfig,
  BasePerformance,
  Clock,
  Page,
  QueuePauseRepository,
} from '@app/infrastructure';
import type { Priority } from '@app/handit';
import { AgentRegistry } from '../agents/agent-registry.service';
import type { AgentRecord } from '../agents/agent.types';
import { AgentHealthService } from '../health/agent-health.service';
import { MailboxSignals, waitForSignal } from './mailbox-signals';
import { MessageRepository } from '../persistence/message.repository';
import type { AgentMessage, DeadReason, MessageError, MessageOutcome, SendRequest, SendResult } from './message.types';
import { MAILBOX_QUEUE } from './message.types';
import { pickHealthiest } from './router';

/** Waiters re-read the database this often too, so a change made by another replica is seen. */
const RECHECK_MS = 250;

/**
 * Durable priority mailboxes: sending (direct, by capability, broadcast), claiming with a lease,
 * ack / nack, dead letters and replay. The database row is the truth for every transition;
 * MailboxSignals only wakes waiters early.
 */
@Injectable()
export class MailboxService {
  private readonly settings: AgentsSettings;
  private readonly sent: Counter<'mode' | 'priority'>;
  private readonly settled: Counter<'outcome'>;
  private readonly sendLatency: Histogram<'mode'>;
  /** Settles of the last minute for queue stats (this replica's); pruned on every write, capped. */
  private readonly settledTimes: Settled[] = [];

  constructor(
    config: BaseConfig,
    performance: BasePerformance,
    private readonly repository: MessageRepository,
    private readonly registry: AgentRegistry,
    private readonly health: AgentHealthService,
    private readonly signals: MailboxSignals,
    private readonly pauses: QueuePauseRepository,
    private readonly clock: Clock,
  ) {
    this.settings = config.values.agents;
    this.sent = performance.counter({
      name: 'agents_messages_sent_total',
      help: 'Messages written to mailboxes, by routing mode and priority',
      labelNames: ['mode', 'priority'] as const,
    });
    this.settled = performance.counter({
      name: 'agents_messages_settled_total',
      help: 'Message deliveries settled: acked, requeued, dead',
      labelNames: ['outcome'] as const,
    });
    this.sendLatency = performance.histogram({
      name: 'agents_send_duration_seconds',
      help: 'Routing and storing one send (all its targets)',
      labelNames: ['mode'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    });
  }

  async send(request: SendRequest): Promise<SendResult> {
    const started = performance.now();
    const bytes = Buffer.byteLength(JSON.stringify(request.payload ?? null));
    if (bytes > this.settings.maxPayloadBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `payload is ${bytes} bytes; the limit is ${this.settings.maxPayloadBytes} (AGENTS_MAX_PAYLOAD_BYTES)`,
        { field: 'payload', bytes, limit: this.settings.maxPayloadBytes },
      );
    }
    const ttlMs = request.ttlMs ?? this.settings.defaultTtlMs;
    if (ttlMs > this.settings.maxTtlMs)
      throw AppError.validation([{ field: 'ttlMs', message: `must not be greater than ${this.settings.maxTtlMs}` }]);
    if (request.from !== undefined) await this.registry.findLive(request.tenant, request.from);

    const { targets, mode, candidates, depths: known } = await this.resolveTargets(request);
    const depths = known ?? (await this.repository.depths(targets.map((t) => t.id)));
    for (const target of targets) {
      const depth = depths.get(target.id);
      if (depth && depth.queued >= this.settings.maxMailboxDepth) {
        throw new AppError(
          'QUEUE_FULL',
          `The mailbox of agent '${target.name}' holds ${depth.queued} waiting messages, its maximum`,
          { agentId: target.id },
          { 'Retry-After': '5' },
        );
      }
    }
    const priority: Priority = request.priority ?? 'normal';
    const broadcastId =
      mode === 'broadcast' ? `b${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}` : null;
    const messages = await this.repository.insertMany(
      targets.map((target) => ({
        tenant: request.tenant,
        agentId: target.id,
        from: request.from ?? null,
        broadcastId,
        correlationId: request.correlationId ?? null,
        type: request.type,
        priority,
        payload: request.payload,
        maxDeliveries: request.maxDeliveries ?? this.settings.maxDeliveries,
        ttlMs,
      })),
      this.clock.now(),
    );
    for (const target of targets) this.signals.agentChanged(target.id);
    this.sent.inc({ mode, priority }, messages.length);
    this.sendLatency.observe({ mode }, (performance.now() - started) / 1000);
    return { messages, routing: { mode, ...(candidates !== undefined ? { candidates } : {}) } };
  }

  async get(tenant: string, id: string): Promise<AgentMessage> {
    const message = await this.repository.findForTenant(tenant, id);
    if (!message) throw AppError.notFound('message', id);
    return message;
  }

  /**
   * Claims waiting messages for an external agent, long-polling up to `waitMs` when there are
   * none. A paused agent, or one whose breaker is open, gets nothing; a half-open one gets a
   * single message (the probe).
   */
  async poll(
    tenant: string,
    agentId: string,
    options: { max: number; leaseMs: number; waitMs: number },
    signal?: AbortSignal,
  ): Promise<AgentMessage[]> {
    const agent = await this.externalAgent(tenant, agentId);
    if (options.leaseMs > this.settings.maxLeaseMs)
      throw AppError.validation([
        { field: 'leaseMs', message: `must not be greater than ${this.settings.maxLeaseMs}` },
      ]);
    await this.registry.touch(agent);
    const deadline = Date.now() + Math.min(options.waitMs, this.settings.maxWaitMs);
    for (;;) {
      const claimed = await this.claimFor(agent.id, options.max, options.leaseMs);
      if (claimed.length || Date.now() >= deadline || signal?.aborted) return claimed;
      await waitForSignal(
        (l) => this.signals.onAgent(agent.id, l),
        Math.min(RECHECK_MS * 4, deadline - Date.now()),
        signal,
      );
    }
  }

  /**
   * One claim round for any agent (the built-in dispatcher uses it too). Queue management's
   * stored pauses hold deliveries: all of them, or those of paused tenants (messages keep
   * arriving and wait; a built-in agent serving several tenants still gets the others').
   */
  async claimFor(agentId: string, max: number, leaseMs: number): Promise<AgentMessage[]> {
    const current = await this.registry.byId(agentId);
    if (!current || current.deregisteredAt || current.paused) return [];
    const pauses = await this.pauses.state(MAILBOX_QUEUE);
    if (pauses.queue) return [];
    const admission = this.health.admits(current);
    if (!admission.ok) return [];
    const batch = admission.probe ? 1 : Math.min(max, this.settings.maxBatch);
    const now = this.clock.now();
    const { claimed, expired } = await this.repository.claim(agentId, batch, leaseMs, now, [...pauses.tenants]);
    for (const id of expired) this.finished(id, 'dead');
    // Nothing to probe with: the next delivery may be the probe instead.
    if (admission.probe && !claimed.length) this.health.cancelProbe(current);
    return claimed;
  }

  async ack(
    tenant: string,
    agentId: string,
    messageId: string,
    leaseId: string,
    output: unknown,
  ): Promise<AgentMessage> {
    const agent = await this.externalAgent(tenant, agentId);
    this.checkSize(output, 'output');
    const message = await this.ownMessage(agent, messageId);
    await this.settle(agent, message, leaseId, { ok: true, output });
    await this.registry.touch(agent);
    return (await this.repository.findById(messageId)) as AgentMessage;
  }

  async nack(
    tenant: string,
    agentId: string,
    messageId: string,
    leaseId: string,
    options: { error?: MessageError; requeue?: boolean; delayMs?: number },
  ): Promise<AgentMessage> {
    const agent = await this.externalAgent(tenant, agentId);
    const message = await this.ownMessage(agent, messageId);
    await this.settle(agent, message, leaseId, {
      ok: false,
      error: options.error ?? { code: 'NACKED', message: 'The agent could not process the message' },
      requeue: options.requeue ?? true,
      delayMs: options.delayMs,
    });
    await this.registry.touch(agent);
    return (await this.repository.findById(messageId)) as AgentMessage;
  }

  /**
   * Extends the lease of a delivery the agent holds to `leaseMs` from now, as SQS
   * ChangeMessageVisibility or BullMQ extendLock do, so long work is not redelivered while still
   * in progress. 400 (field leaseMs) beyond AGENTS max lease; 404 for a message that is not this
   * agent's (another agent's or tenant's looks unknown); 409 when the lease is no longer held:
   * it ran out (swept or not), or the message was redelivered or settled.
   */
  async extend(
    tenant: string,
    agentId: string,
    messageId: string,
    leaseId: string,
    leaseMs: number,
  ): Promise<AgentMessage> {
    if (leaseMs > this.settings.maxLeaseMs)
      throw AppError.validation([
        { field: 'leaseMs', message: `must not be greater than ${this.settings.maxLeaseMs}` },
      ]);
    const agent = await this.externalAgent(tenant, agentId);
    const message = await this.ownMessage(agent, messageId);
    const now = this.clock.now();
    const expiresAt = await this.repository.extendLease(message.id, leaseId, leaseMs, now);
    if (!expiresAt) {
      const current = (await this.repository.findById(message.id)) ?? message;
      const reason =
        current.status !== 'leased'
          ? `it is ${current.status}`
          : current.leaseId !== leaseId
            ? `it was redelivered (delivery ${current.deliveries}) under another lease`
            : `its lease expired at ${current.leaseExpiresAt?.toISOString() ?? 'an earlier time'}`;
      throw new AppError('CONFLICT', `The lease ${leaseId} of message ${message.id} is no longer held: ${reason}`, {
        status: current.status,
        deliveries: current.deliveries,
      });
    }
    await this.registry.touch(agent);
    return (await this.repository.findById(message.id)) as AgentMessage;
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
    outcome:
      | { ok: true; output: unknown }
      | { ok: false; error: MessageError; requeue: boolean; delayMs?: number; blame?: boolean },
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
    if (!done) {
      const current = await this.repository.findById(message.id);
      throw new AppError(
        'CONFLICT',
        `Message ${message.id} is not leased under lease ${leaseId} any more (it is ${current?.status ?? 'gone'}); its lease expired or it was settled`,
        {
          status: current?.status,
          deliveries: current?.deliveries,
        },
      );
    }
    this.settled.inc({ outcome: result });
    remember(this.settledTimes, { at: Date.now(), tenant: message.tenant, ok: result === 'acked' });
    const latencyMs = message.leasedAt ? Math.max(0, now.getTime() - message.leasedAt.getTime()) : 0;
    if (outcome.ok || outcome.blame !== false) await this.health.record(agent, { ok: outcome.ok, latencyMs });
    if (result === 'requeued') this.signals.agentChanged(agent.id);
    else this.finished(message.id, result);
    return result;
  }

  /**
   * Resolves when the message is acked or dead, or with `pending` after `ms`. Used by `?wait=`,
   * coordination runs and the AgentGateway.
   */
  async awaitOutcome(messageId: string, ms: number, signal?: AbortSignal): Promise<MessageOutcome> {
    const deadline = Date.now() + Math.max(0, ms);
    for (;;) {
      const message = await this.repository.findById(messageId);
      if (!message) throw AppError.notFound('message', messageId);
      if (message.status === 'acked' || message.status === 'dead') return { status: message.status, message };
      if (Date.now() >= deadline || signal?.aborted) return { status: 'pending', message };
      await waitForSignal(
        (l) => this.signals.onMessage(messageId, l),
        Math.min(RECHECK_MS, deadline - Date.now()),
        signal,
      );
    }
  }

  listDeadLetters(query: {
    tenant: string;
    agentId?: string;
    reason?: DeadReason;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<AgentMessage>> {
    return this.repository.listDead(query);
  }

  async replay(tenant: string, messageId: string): Promise<AgentMessage> {
    const message = await this.get(tenant, messageId);
    if (message.status !== 'dead')
      throw new AppError('CONFLICT', `Message ${messageId} is ${message.status}; only dead letters can be replayed`, {
        status: message.status,
      });
    const agent = await this.registry.find(tenant, message.agentId);
    if (agent.deregisteredAt)
      throw new AppError(
        'CONFLICT',
        `Agent ${agent.id} is deregistered; its dead letters can be read but not replayed`,
        { agentId: agent.id },
      );
    if (!(await this.repository.replay(messageId, this.clock.now())))
      throw new AppError('CONFLICT', `Message ${messageId} was replayed meanwhile`);
    this.signals.agentChanged(agent.id);
    return (await this.repository.findById(messageId)) as AgentMessage;
  }

  /** Withdraws a message nobody has claimed yet (a coordination run that timed out). */
  async cancel(messageId: string): Promise<boolean> {
    const done = await this.repository.killQueued(
      messageId,
      'cancelled',
      { code: 'CANCELLED', message: 'Withdrawn by its sender' },
      this.clock.now(),
    );
    if (done) this.finished(messageId, 'dead');
    return done;
  }

  /** Wakes `listener` when the agent's mailbox may have something new (SSE streams). */
  onMail(agentId: string, listener: () => void): () => void {
    return this.signals.onAgent(agentId, listener);
  }

  /** Deliveries settled here in the last minute, of one tenant or (undefined) of all. */
  activity(tenant?: string): { ackedLastMinute: number; failedLastMinute: number } {
    const since = Date.now() - 60_000;
    const recent = this.settledTimes.filter((s) => s.at >= since && (tenant === undefined || s.tenant === tenant));
    return { ackedLastMinute: recent.filter((s) => s.ok).length, failedLastMinute: recent.filter((s) => !s.ok).length };
  }

  finished(messageId: string, _result: 'acked' | 'dead'): void {
    this.signals.messageFinished(messageId);
  }

  /** The target agents; capability routing also returns the mailbox depths it already read. */
  private async resolveTargets(request: SendRequest): Promise<{
    targets: AgentRecord[];
    mode: 'direct' | 'capability' | 'broadcast';
    candidates?: number;
    depths?: Map<string, { queued: number; leased: number }>;
  }> {
    const to = request.to;
    if (to === 'broadcast') {
      const targets = (await this.registry.liveAgents(request.tenant)).filter(
        (a) => !a.paused && a.capabilities.includes(request.type),
      );
      if (!targets.length)
        throw AppError.validation([
          {
            field: 'to',
            message: `broadcast matched no agent: none that is live and not paused has capability '${request.type}' (the message type)`,
          },
        ]);
      if (targets.length > this.settings.maxBroadcastTargets) {
        throw AppError.validation([
          {
            field: 'to',
            message: `broadcast would reach ${targets.length} agents; the limit is ${this.settings.maxBroadcastTargets}`,
          },
        ]);
      }
      return { targets, mode: 'broadcast', candidates: targets.length };
    }
    if (typeof to === 'string') {
      const agent = await this.registry.findLive(request.tenant, to);
      if (agent.kind === 'builtin' && !agent.capabilities.includes(request.type)) {
        throw AppError.validation([
          {
            field: 'type',
            message: `built-in agent '${agent.name}' handles ${agent.capabilities.join(', ')}, not '${request.type}'`,
          },
        ]);
      }
      return { targets: [agent], mode: 'direct' };
    }
    const capability = to.capability;
    const all = (await this.registry.liveAgents(request.tenant)).filter((a) => a.capabilities.includes(capability));
    if (!all.length)
      throw AppError.validation([
        { field: 'to.capability', message: `no registered agent has capability '${capability}'` },
      ]);
    const views = await this.registry.describeMany(all);
    const choice = pickHealthiest(
      views.map((v) => ({
        id: v.agent.id,
        agent: v.agent,
        score: v.health.score,
        routable: v.status === 'idle' || v.status === 'busy',
        load: (v.load.queued + v.load.inFlight) / Math.max(1, v.agent.maxConcurrency),
      })),
    );
    if (!choice) {
      throw new AppError(
        'PROVIDER_UNAVAILABLE',
        `No healthy agent with capability '${capability}': all ${all.length} are paused, unhealthy or have an open circuit`,
        {
          capability,
          agents: views.map((v) => ({
            id: v.agent.id,
            name: v.agent.name,
            status: v.status,
            score: v.health.score,
            breaker: v.health.breaker.state,
          })),
        },
        { 'Retry-After': String(Math.ceil(this.settings.breaker.halfOpenAfterMs / 1000)) },
      );
    }
    return {
      targets: [choice.agent],
      mode: 'capability',
      candidates: all.length,
      depths: new Map(views.map((v) => [v.agent.id, { queued: v.load.queued, leased: v.load.inFlight }])),
    };
  }

  /** The external agent that may consume this mailbox (404 unknown, 409 built-in). */
  consumer(tenant: string, agentId: string): Promise<AgentRecord> {
    return this.externalAgent(tenant, agentId);
  }

  private async externalAgent(tenant: string, agentId: string): Promise<AgentRecord> {
    const agent = await this.registry.findLive(tenant, agentId);
    if (agent.kind !== 'external')
      throw new AppError(
        'CONFLICT',
        `Agent '${agent.name}' is built in: it consumes its own mailbox inside the service`,
        { agentId },
      );
    return agent;
  }

  private async ownMessage(agent: AgentRecord, messageId: string): Promise<AgentMessage> {
    const message = await this.repository.findById(messageId);
    if (!message || message.agentId !== agent.id) throw AppError.notFound('message', messageId);
    return message;
  }

  private checkSize(value: unknown, field: string): void {
    const bytes = Buffer.byteLength(JSON.stringify(value ?? null));
    if (bytes > this.settings.maxPayloadBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `${field} is ${bytes} bytes; the limit is ${this.settings.maxPayloadBytes}`,
        { field, bytes, limit: this.settings.maxPayloadBytes },
      );
    }
  }
}

const MAX_REMEMBERED = 10_000;

interface Settled {
  at: number;
  tenant: string;
  ok: boolean;
}

function remember(times: Settled[], settled: Settled): void {
  times.push(settled);
  while (times.length && (times[0].at < settled.at - 60_000 || times.length > MAX_REMEMBERED)) times.shift();
}
