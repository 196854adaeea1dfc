import { Injectable, Optional } from '@nestjs/common';
import { AgentGateway } from '@app/infrastructure';
import { NodeFailure } from '../node-failure';
import type { NodeContext } from '../node-runtime';

/**
 * Agent nodes reach agents through the AgentGateway contract (provided by the agent coordinator)
 * so this library never imports libs/agent-coordinator. Without a gateway, definitions with agent
 * nodes are refused at validation; this check is the backstop for runs stored before a restart
 * without the coordinator.
 */
@Injectable()
export class AgentExecutor {
  constructor(@Optional() private readonly gateway?: AgentGateway) {}

  get available(): boolean {
    return this.gateway !== undefined;
  }

  async request(
    ctx: NodeContext,
    request: { to: string | { capability: string }; messageType: string; payload: unknown; timeoutMs?: number },
  ) {
    if (!this.gateway)
      throw new NodeFailure(
        'PROVIDER_UNAVAILABLE',
        'Agent nodes need the agent coordinator, which is not available',
        false,
      );
    const reply = await this.gateway.request(
      {
        tenant: ctx.run.tenant,
        to: request.to,
        type: request.messageType,
        payload: request.payload,
        timeoutMs: request.timeoutMs,
        correlationId: `${ctx.run.runId}:${ctx.key}`,
      },
      ctx.signal,
    );
    return { agentId: reply.agentId, messageId: reply.messageId, output: reply.output };
  }
}
