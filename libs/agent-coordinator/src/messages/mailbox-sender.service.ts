import { Injectable } from '@nestjs/common';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AgentsSettings, AppError, Clock } from '@app/infrastructure';
import type { Priority } from '@app/handit';
import { AgentCoordinatorMetrics } from '../agent-coordinator.metrics';
import { AgentRegistry } from '../agents/agent-registry.service';
import type { AgentRecord } from '../agents/agent.types';
import { MessageRepository } from '../persistence/message.repository';
import { MailboxAccess } from './mailbox-access.service';
import { MailboxSignals } from './mailbox-signals';
import type { SendRequest, SendResult } from './message.types';
import { agentsTracer, currentTraceParent } from './message-spans';
import { pickHealthiest } from './router';

type RoutingMode = 'direct' | 'capability' | 'broadcast';

interface Targets {
  targets: AgentRecord[];
  mode: RoutingMode;
  candidates?: number;
  depths?: Map<string, { queued: number; leased: number }>;
}

/**
 * Sending: routes a message (to one agent, to the healthiest agent with a capability, or to every
 * live agent with it), checks sizes and mailbox depths, and stores every copy in one transaction.
 */
@Injectable()
export class MailboxSender {
  constructor(
    private readonly settings: AgentsSettings,
    private readonly metrics: AgentCoordinatorMetrics,
    private readonly repository: MessageRepository,
    private readonly registry: AgentRegistry,
    private readonly access: MailboxAccess,
    private readonly signals: MailboxSignals,
    private readonly clock: Clock,
  ) {}

  /** One `agents.message.send` span per send; every message made carries its context onwards. */
  send(request: SendRequest): Promise<SendResult> {
    return agentsTracer().startActiveSpan(
      'agents.message.send',
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'tenant.id': request.tenant,
          'messaging.system': 'agent-mailbox',
          'message.type': request.type,
          'message.priority': request.priority ?? 'normal',
          ...(request.correlationId ? { 'message.correlation_id': request.correlationId } : {}),
        },
      },
      async (span) => {
        try {
          const result = await this.deliver(request);
          span.setAttributes({
            'message.routing': result.routing.mode,
            'message.count': result.messages.length,
            'messaging.message.id': result.messages.map((m) => m.id).join(','),
          });
          return result;
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }

  private async deliver(request: SendRequest): Promise<SendResult> {
    const started = performance.now();
    this.access.checkSize(request.payload, 'payload', ' (AGENTS_MAX_PAYLOAD_BYTES)');
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
    const traceParent = currentTraceParent();
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
        traceParent,
      })),
      this.clock.now(),
    );
    for (const target of targets) this.signals.agentChanged(target.id);
    this.metrics.sent.inc({ mode, priority }, messages.length);
    this.metrics.sendLatency.observe({ mode }, (performance.now() - started) / 1000);
    return { messages, routing: { mode, ...(candidates !== undefined ? { candidates } : {}) } };
  }

  /** The target agents; capability routing also returns the mailbox depths it already read. */
  private resolveTargets(request: SendRequest): Promise<Targets> {
    const to = request.to;
    if (to === 'broadcast') return this.broadcastTargets(request);
    if (typeof to === 'string') return this.directTarget(request, to);
    return this.capabilityTarget(request, to.capability);
  }

  private async broadcastTargets(request: SendRequest): Promise<Targets> {
    const targets = (await this.registry.liveAgents(request.tenant)).filter(
      (a) => !a.paused && a.capabilities.includes(request.type),
    );
    if (!targets.length)
      throw AppError.validation([
        {
          field: 'to',
          message:
            'broadcast matched no agent: none that is live and not paused has capability ' +
            `'${request.type}' (the message type)`,
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

  private async directTarget(request: SendRequest, to: string): Promise<Targets> {
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

  private async capabilityTarget(request: SendRequest, capability: string): Promise<Targets> {
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
        `No healthy agent with capability '${capability}': ` +
          `all ${all.length} are paused, unhealthy or have an open circuit`,
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
}
