import { Injectable, OnModuleInit } from '@nestjs/common';
import { AgentsSettings, AppError, BaseLogger, Clock, newId, Page } from '@app/infrastructure';
import { ModelRegistry } from '@app/handit';
import { AgentHealthService, HealthView } from '../health/agent-health.service';
import { MessageSweepRepository } from '../persistence/message-sweep.repository';
import { MessageRepository } from '../persistence/message.repository';
import { MailboxSignals } from '../messages/mailbox-signals';
import { AgentRepository } from '../persistence/agent.repository';
import {
  AgentListQuery,
  AgentRecord,
  AgentStatus,
  BUILTIN_TENANT,
  RegisterAgentRequest,
  UpdateAgentRequest,
} from './agent.types';
import { recordMessageEvent } from '../messages/message-spans';

/** Polls and acks write the heartbeat at most this often (less when the heartbeat timeout is short). */
const TOUCH_EVERY_MS = 1000;

/** An agent as the API shows it: the record plus what is derived from mailbox and health. */
export interface AgentView {
  agent: AgentRecord;
  status: AgentStatus;
  statusReason: string | null;
  load: { queued: number; inFlight: number };
  health: HealthView;
}

/** The agent registry: built-in agents (one per specialist model) and tenants' external agents. */
@Injectable()
export class AgentRegistry implements OnModuleInit {
  private readonly logger: BaseLogger;

  constructor(
    private readonly settings: AgentsSettings,
    logger: BaseLogger,
    private readonly repository: AgentRepository,
    private readonly messages: MessageRepository,
    private readonly sweeps: MessageSweepRepository,
    private readonly health: AgentHealthService,
    private readonly models: ModelRegistry,
    private readonly signals: MailboxSignals,
    private readonly clock: Clock,
  ) {
    this.logger = logger.child({ component: 'agents' });
  }

  /** One built-in agent per specialist model, kept in step with the model registry. */
  async onModuleInit(): Promise<void> {
    const existing = new Map((await this.repository.listBuiltin()).map((a) => [a.name, a]));
    let created = 0;
    for (const model of this.models.list()) {
      const capabilities = [...model.taskTypes];
      const current = existing.get(model.id);
      if (!current) {
        await this.repository.insert({
          id: newId(),
          tenant: BUILTIN_TENANT,
          name: model.id,
          kind: 'builtin',
          capabilities,
          model: model.id,
          maxConcurrency: 4,
          metadata: { description: model.description, assetClasses: model.assetClasses, provider: model.provider },
          heartbeatAt: null,
          now: this.clock.now(),
        });
        created++;
      } else if (
        current.deregisteredAt === null &&
        JSON.stringify(current.capabilities) !== JSON.stringify(capabilities)
      ) {
        await this.repository.update(current.id, { capabilities }, this.clock.now());
      }
    }
    if (created) this.logger.log({ created }, 'Registered built-in agents');
  }

  async register(request: RegisterAgentRequest): Promise<AgentView> {
    if (await this.repository.findLiveByName(request.tenant, request.name)) {
      throw new AppError('CONFLICT', `An agent named '${request.name}' is already registered`, { field: 'name' });
    }
    if ((await this.repository.countLive(request.tenant)) >= this.settings.maxAgents) {
      throw new AppError(
        'CONFLICT',
        `This tenant has ${this.settings.maxAgents} agents registered, the maximum (AGENTS_MAX); deregister one first`,
        { maxAgents: this.settings.maxAgents },
      );
    }
    const now = this.clock.now();
    const agent = await this.repository.insert({
      id: newId(),
      tenant: request.tenant,
      name: request.name,
      kind: 'external',
      capabilities: dedupe(request.capabilities),
      model: request.model ?? null,
      maxConcurrency: request.maxConcurrency ?? 1,
      metadata: request.metadata ?? {},
      // Registration counts as the first sign of life.
      heartbeatAt: now,
      now,
    });
    return this.describe(agent);
  }

  /** The agent if the tenant sees it (its own or built-in), else 404. */
  async find(tenant: string, id: string): Promise<AgentRecord> {
    const agent = await this.repository.findVisible(tenant, id);
    if (!agent) throw AppError.notFound('agent', id);
    return agent;
  }

  /** As find, but deregistered agents are 404 too: they can no longer take part in anything. */
  async findLive(tenant: string, id: string): Promise<AgentRecord> {
    const agent = await this.find(tenant, id);
    if (agent.deregisteredAt)
      throw new AppError('NOT_FOUND', `agent '${id}' is deregistered`, {
        resource: 'agent',
        id,
        status: 'deregistered',
      });
    return agent;
  }

  async get(tenant: string, id: string): Promise<AgentView> {
    return this.describe(await this.find(tenant, id));
  }

  async list(query: AgentListQuery): Promise<Page<AgentView>> {
    if (query.status === 'deregistered') {
      const page = await this.repository.page({
        tenant: query.tenant,
        kind: query.kind,
        name: query.name,
        includeDeregistered: true,
        limit: query.limit,
        cursor: query.cursor,
      });
      const views = await this.describeMany(page.items.filter((a) => a.deregisteredAt !== null));
      return { items: views, nextCursor: page.nextCursor };
    }
    // Live agents are bounded (AGENTS_MAX + built-ins), so filters on derived fields run in memory.
    let agents = await this.repository.listLive(query.tenant);
    if (query.kind) agents = agents.filter((a) => a.kind === query.kind);
    if (query.name) agents = agents.filter((a) => a.name === query.name);
    if (query.capability) agents = agents.filter((a) => a.capabilities.includes(query.capability as string));
    if (query.cursor) {
      const after = query.cursor;
      if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(after))
        throw AppError.validation([{ field: 'cursor', message: 'is not a cursor from this list' }]);
      agents = agents.filter((a) => a.id > after);
    }
    let views = await this.describeMany(agents);
    if (query.status) views = views.filter((v) => v.status === query.status);
    const limit = Math.min(Math.max(query.limit ?? 20, 1), 100);
    const items = views.slice(0, limit);
    return { items, nextCursor: views.length > limit ? items[items.length - 1].agent.id : null };
  }

  async update(tenant: string, id: string, changes: UpdateAgentRequest): Promise<AgentView> {
    const agent = await this.mutable(tenant, id);
    if (changes.name !== undefined && changes.name !== agent.name) {
      const clash = await this.repository.findLiveByName(tenant, changes.name);
      if (clash && clash.id !== id)
        throw new AppError('CONFLICT', `An agent named '${changes.name}' is already registered`, { field: 'name' });
    }
    await this.repository.update(
      id,
      { ...changes, capabilities: changes.capabilities ? dedupe(changes.capabilities) : undefined },
      this.clock.now(),
    );
    return this.get(tenant, id);
  }

  async deregister(tenant: string, id: string): Promise<AgentView> {
    await this.mutable(tenant, id);
    const now = this.clock.now();
    await this.repository.deregister(id, now);
    const dropped = await this.sweeps.killAllQueued({ agentId: id }, 'agent_deregistered', now);
    for (const m of dropped) {
      this.signals.messageFinished(m.id);
      recordMessageEvent('dead_letter', m, { 'message.dead_reason': 'agent_deregistered' }, 'Agent deregistered');
    }
    this.signals.agentChanged(id);
    this.health.forget(id);
    return this.get(tenant, id);
  }

  /**
   * Paused agents keep their mailbox but get no deliveries and leave routing. A built-in agent
   * serves every tenant, so only a caller who may act across tenants (the system admin) may.
   */
  async setPaused(tenant: string, id: string, paused: boolean, acrossTenants: boolean): Promise<AgentView> {
    const agent = await this.findLive(tenant, id);
    if (agent.kind === 'builtin' && !acrossTenants) {
      const message = 'Built-in agents serve every tenant; only the system admin may pause or resume them';
      throw new AppError('FORBIDDEN', message, { requiredRole: 'system' });
    }
    await this.repository.setPaused(id, paused, this.clock.now());
    if (!paused) this.signals.agentChanged(id);
    return this.get(tenant, id);
  }

  async heartbeat(tenant: string, id: string): Promise<AgentView> {
    const agent = await this.findLive(tenant, id);
    if (agent.kind === 'builtin')
      throw new AppError('CONFLICT', 'Built-in agents run inside the service and send no heartbeats');
    await this.repository.heartbeat(id, this.clock.now());
    return this.get(tenant, id);
  }

  /**
   * Polling and acking are signs of life too. A heartbeat read as younger than a tenth of the
   * timeout (at most a second) is not written again: the agent's freshness is still 1 either way.
   */
  async touch(agent: AgentRecord): Promise<void> {
    if (agent.kind !== 'external') return;
    const now = this.clock.now();
    const age = agent.lastHeartbeatAt ? now.getTime() - agent.lastHeartbeatAt.getTime() : Infinity;
    if (age >= 0 && age < Math.min(TOUCH_EVERY_MS, this.settings.heartbeatTimeoutMs / 10)) return;
    await this.repository.heartbeat(agent.id, now);
  }

  /** Any agent by id, whatever its tenant: for the service's own loops, never for API lookups. */
  byId(id: string): Promise<AgentRecord | null> {
    return this.repository.findById(id);
  }

  liveAgents(tenant: string): Promise<AgentRecord[]> {
    return this.repository.listLive(tenant);
  }

  liveExternal(): Promise<AgentRecord[]> {
    return this.repository.listLiveExternal();
  }

  builtinAgents(): Promise<AgentRecord[]> {
    return this.repository.listBuiltin();
  }

  async describe(agent: AgentRecord): Promise<AgentView> {
    return (await this.describeMany([agent]))[0];
  }

  async describeMany(agents: AgentRecord[]): Promise<AgentView[]> {
    const depths = await this.messages.depths(agents.map((a) => a.id));
    return agents.map((agent) => {
      const depth = depths.get(agent.id) ?? { queued: 0, leased: 0 };
      const health = this.health.view(agent);
      const { status, reason } = this.statusOf(agent, health, depth.leased);
      return { agent, status, statusReason: reason, load: { queued: depth.queued, inFlight: depth.leased }, health };
    });
  }

  private statusOf(
    agent: AgentRecord,
    health: HealthView,
    inFlight: number,
  ): { status: AgentStatus; reason: string | null } {
    if (agent.deregisteredAt) return { status: 'deregistered', reason: null };
    if (agent.paused) return { status: 'paused', reason: null };
    if (agent.kind === 'builtin' && agent.model) {
      const model = this.models.find(agent.model)?.describe();
      if (model && model.status !== 'available')
        return {
          status: 'unhealthy',
          reason: `model ${model.id} is unavailable: ${model.statusReason ?? 'not configured'}`,
        };
    }
    if (health.heartbeatStale)
      return { status: 'unhealthy', reason: `no heartbeat for ${this.settings.heartbeatTimeoutMs} ms` };
    if (health.breaker.state !== 'closed') return { status: 'unhealthy', reason: `circuit ${health.breaker.state}` };
    if (health.score < health.threshold)
      return { status: 'unhealthy', reason: `health score ${health.score} below ${health.threshold}` };
    return { status: inFlight > 0 ? 'busy' : 'idle', reason: null };
  }

  private async mutable(tenant: string, id: string): Promise<AgentRecord> {
    const agent = await this.findLive(tenant, id);
    if (agent.kind === 'builtin')
      throw new AppError(
        'CONFLICT',
        'Built-in agents are managed by the service (one per specialist model) and cannot be changed or deregistered',
      );
    return agent;
  }
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}
