import { Injectable } from '@nestjs/common';
import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { AgentsSettings, AppError, Clock } from '@app/infrastructure';
import type { Priority } from '@app/handit';
import { AgentCoordinatorMetrics } from '../agent-coordinator.metrics';
import { AgentRegistry, AgentView } from '../agents/agent-registry.service';
import type { AgentRecord } from '../agents/agent.types';
import { MessageRepository } from '../persistence/message.repository';
import { MailboxAccess } from './mailbox-access.service';
import { MailboxSignals } from './mailbox-signals';
import type { SendRequest, SendResult } from './message.types';
import { agentsTracer, currentTraceParent } from './message-spans';
import { pickHealthiest } from './router';

type RoutingMode = 'direct' | 'capability' | 'broadcast';
type Depth = { queued: number; leased: number };

interface Targets {
  targets: AgentRecord[];
  mode: RoutingMode;
  candidates?: number;
}

/**
 * What the sends of one call have read and decided so far, so a batch reads the tenant's agents
 * and each capability's candidates once and routes each message seeing the ones before it: mailbox
 * depths include the messages this call adds.
 */
interface SendContext {
  live?: Promise<AgentRecord[]>;
  candidates: Map<string, AgentView[]>;
  depths: Map<string, Depth>;
}

/** One send, routed and checked, before anything is stored. */
interface Planned {
  request: SendRequest;
  targets: AgentRecord[];
  mode: RoutingMode;
  candidates?: number;
  ttlMs: number;
  priority: Priority;
  broadcastId: string | null;
}

/**
 * Sending: routes a message (to one agent, to the healthiest agent with a capability, or to every
 * live agent with it), checks sizes and mailbox depths, and stores every copy in one transaction.
 * A batch routes each of its sends in turn and stores them all together, or none.
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
  async send(request: SendRequest): Promise<SendResult> {
    const attributes = {
      'tenant.id': request.tenant,
      'message.type': request.type,
      'message.priority': request.priority ?? 'normal',
      ...(request.correlationId ? { 'message.correlation_id': request.correlationId } : {}),
    };
    const [result] = await this.inSendSpan(attributes, [request]);
    return result;
  }

  /**
   * Several sends of one tenant in one `agents.message.send` span: each routed as `send` would,
   * seeing the messages of the sends before it, then all stored in one transaction. Any send that
   * cannot be made fails the batch and nothing is stored; a validation error names the field as
   * `messages[<index>].<field>`.
   */
  sendMany(tenant: string, requests: readonly SendRequest[]): Promise<SendResult[]> {
    const attributes = { 'tenant.id': tenant, 'message.batch_size': requests.length };
    return this.inSendSpan(
      attributes,
      requests.map((r) => ({ ...r, tenant })),
      'messages',
    );
  }

  /** Delivers inside an `agents.message.send` producer span that names what was made. */
  private inSendSpan(
    attributes: Attributes,
    requests: readonly SendRequest[],
    fieldPrefix?: string,
  ): Promise<SendResult[]> {
    return agentsTracer().startActiveSpan(
      'agents.message.send',
      { kind: SpanKind.PRODUCER, attributes: { ...attributes, 'messaging.system': 'agent-mailbox' } },
      async (span) => {
        try {
          const results = await this.deliver(requests, fieldPrefix);
          const messages = results.flatMap((r) => r.messages);
          span.setAttributes({
            ...(results.length === 1 ? { 'message.routing': results[0].routing.mode } : {}),
            'message.count': messages.length,
            'messaging.message.id': messages.map((m) => m.id).join(','),
          });
          return results;
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }

  private async deliver(requests: readonly SendRequest[], fieldPrefix?: string): Promise<SendResult[]> {
    const started = performance.now();
    const context: SendContext = { candidates: new Map(), depths: new Map() };
    const planned: Planned[] = [];
    for (const [i, request] of requests.entries())
      planned.push(await this.plan(request, context, fieldPrefix === undefined ? '' : `${fieldPrefix}[${i}].`));
    const traceParent = currentTraceParent();
    const stored = await this.repository.insertMany(
      planned.flatMap((p) =>
        p.targets.map((target) => ({
          tenant: p.request.tenant,
          agentId: target.id,
          from: p.request.from ?? null,
          broadcastId: p.broadcastId,
          correlationId: p.request.correlationId ?? null,
          type: p.request.type,
          priority: p.priority,
          payload: p.request.payload,
          maxDeliveries: p.request.maxDeliveries ?? this.settings.maxDeliveries,
          ttlMs: p.ttlMs,
          traceParent,
        })),
      ),
      this.clock.now(),
    );
    for (const id of new Set(stored.map((m) => m.agentId))) this.signals.agentChanged(id);
    let offset = 0;
    return planned.map((p) => {
      const messages = stored.slice(offset, (offset += p.targets.length));
      this.metrics.sent.inc({ mode: p.mode, priority: p.priority }, messages.length);
      this.metrics.sendLatency.observe({ mode: p.mode }, (performance.now() - started) / 1000);
      return {
        messages,
        routing: { mode: p.mode, ...(p.candidates !== undefined ? { candidates: p.candidates } : {}) },
      };
    });
  }

  /** One send's checks and targets; the mailbox depths in `context` count its messages from here on. */
  private async plan(request: SendRequest, context: SendContext, field: string): Promise<Planned> {
    this.access.checkSize(request.payload, `${field}payload`, ' (AGENTS_MAX_PAYLOAD_BYTES)');
    const ttlMs = request.ttlMs ?? this.settings.defaultTtlMs;
    if (ttlMs > this.settings.maxTtlMs)
      throw AppError.validation([
        { field: `${field}ttlMs`, message: `must not be greater than ${this.settings.maxTtlMs}` },
      ]);
    if (request.from !== undefined) await this.registry.findLive(request.tenant, request.from);

    const { targets, mode, candidates } = await this.resolveTargets(request, context, field);
    const missing = targets.filter((t) => !context.depths.has(t.id)).map((t) => t.id);
    if (missing.length) for (const [id, depth] of await this.repository.depths(missing)) context.depths.set(id, depth);
    for (const target of targets) {
      const depth = context.depths.get(target.id);
      if (depth && depth.queued >= this.settings.maxMailboxDepth) {
        throw new AppError(
          'QUEUE_FULL',
          `The mailbox of agent '${target.name}' holds ${depth.queued} waiting messages, its maximum`,
          { agentId: target.id },
          { 'Retry-After': '5' },
        );
      }
    }
    for (const target of targets) {
      const depth = context.depths.get(target.id) ?? { queued: 0, leased: 0 };
      depth.queued++;
      context.depths.set(target.id, depth);
    }
    const broadcastId =
      mode === 'broadcast' ? `b${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}` : null;
    return { request, targets, mode, candidates, ttlMs, priority: request.priority ?? 'normal', broadcastId };
  }

  /** The target agents; capability routing also puts the mailbox depths it read into `context`. */
  private resolveTargets(request: SendRequest, context: SendContext, field: string): Promise<Targets> {
    const to = request.to;
    if (to === 'broadcast') return this.broadcastTargets(request, context, field);
    if (typeof to === 'string') return this.directTarget(request, to, field);
    return this.capabilityTarget(request, to.capability, context, field);
  }

  /** The tenant's live agents, read once per call. */
  private liveAgents(request: SendRequest, context: SendContext): Promise<AgentRecord[]> {
    context.live ??= this.registry.liveAgents(request.tenant);
    return context.live;
  }

  private async broadcastTargets(request: SendRequest, context: SendContext, field: string): Promise<Targets> {
    const targets = (await this.liveAgents(request, context)).filter(
      (a) => !a.paused && a.capabilities.includes(request.type),
    );
    if (!targets.length)
      throw AppError.validation([
        {
          field: `${field}to`,
          message:
            'broadcast matched no agent: none that is live and not paused has capability ' +
            `'${request.type}' (the message type)`,
        },
      ]);
    if (targets.length > this.settings.maxBroadcastTargets) {
      throw AppError.validation([
        {
          field: `${field}to`,
          message: `broadcast would reach ${targets.length} agents; the limit is ${this.settings.maxBroadcastTargets}`,
        },
      ]);
    }
    return { targets, mode: 'broadcast', candidates: targets.length };
  }

  private async directTarget(request: SendRequest, to: string, field: string): Promise<Targets> {
    const agent = await this.registry.findLive(request.tenant, to);
    if (agent.kind === 'builtin' && !agent.capabilities.includes(request.type)) {
      throw AppError.validation([
        {
          field: `${field}type`,
          message: `built-in agent '${agent.name}' handles ${agent.capabilities.join(', ')}, not '${request.type}'`,
        },
      ]);
    }
    return { targets: [agent], mode: 'direct' };
  }

  private async capabilityTarget(
    request: SendRequest,
    capability: string,
    context: SendContext,
    field: string,
  ): Promise<Targets> {
    let views = context.candidates.get(capability);
    if (!views) {
      const all = (await this.liveAgents(request, context)).filter((a) => a.capabilities.includes(capability));
      if (!all.length)
        throw AppError.validation([
          { field: `${field}to.capability`, message: `no registered agent has capability '${capability}'` },
        ]);
      views = await this.registry.describeMany(all);
      context.candidates.set(capability, views);
      for (const v of views) context.depths.set(v.agent.id, { queued: v.load.queued, leased: v.load.inFlight });
    }
    const choice = pickHealthiest(
      views.map((v) => {
        const depth = context.depths.get(v.agent.id) as Depth;
        return {
          id: v.agent.id,
          agent: v.agent,
          score: v.health.score,
          routable: v.status === 'idle' || v.status === 'busy',
          load: (depth.queued + depth.leased) / Math.max(1, v.agent.maxConcurrency),
        };
      }),
    );
    if (!choice) {
      throw new AppError(
        'PROVIDER_UNAVAILABLE',
        `No healthy agent with capability '${capability}': ` +
          `all ${views.length} are paused, unhealthy or have an open circuit`,
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
    return { targets: [choice.agent], mode: 'capability', candidates: views.length };
  }
}
