import { Injectable } from '@nestjs/common';
import { BaseConfig, ComponentStatus, ContributesStatus, StatusContributor } from '@app/infrastructure';
import { AgentRegistry } from './agents/agent-registry.service';
import { BUILTIN_TENANT } from './agents/agent.types';
import { MessageRepository } from './persistence/message.repository';

/** /status: how many built-in agents are in routing, and the mailbox backlog. */
@Injectable()
@ContributesStatus('agents')
export class AgentCoordinatorStatus implements StatusContributor {
  constructor(
    private readonly config: BaseConfig,
    private readonly registry: AgentRegistry,
    private readonly messages: MessageRepository,
  ) {}

  async componentStatus(): Promise<ComponentStatus> {
    if (!this.config.values.agents.enabled) return { state: 'disabled' };
    const builtin = await this.registry.describeMany(
      (await this.registry.liveAgents(BUILTIN_TENANT)).filter((a) => a.kind === 'builtin'),
    );
    const { byPriority, leased } = await this.messages.depthByPriority();
    const unhealthy = builtin.filter((v) => v.status === 'unhealthy').map((v) => v.agent.name);
    return {
      state: unhealthy.length > builtin.length / 2 ? 'degraded' : 'up',
      details: {
        builtinAgents: builtin.length,
        unhealthyBuiltin: unhealthy,
        queued: Object.values(byPriority).reduce((a, b) => a + b, 0),
        inFlight: leased,
      },
    };
  }
}
