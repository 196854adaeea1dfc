import { Injectable } from '@nestjs/common';
import { AgentsSettings, AppError } from '@app/infrastructure';
import { AgentRegistry } from '../agents/agent-registry.service';
import type { AgentRecord } from '../agents/agent.types';
import { MessageRepository } from '../persistence/message.repository';
import type { AgentMessage } from './message.types';

/**
 * Who may touch which mailbox, and how big a payload may be: an external agent consumes only its
 * own mailbox (another agent's or tenant's message looks unknown), a built-in one none over HTTP.
 */
@Injectable()
export class MailboxAccess {
  constructor(
    private readonly settings: AgentsSettings,
    private readonly repository: MessageRepository,
    private readonly registry: AgentRegistry,
  ) {}

  /** The external agent that may consume this mailbox (404 unknown, 409 built-in). */
  async externalAgent(tenant: string, agentId: string): Promise<AgentRecord> {
    const agent = await this.registry.findLive(tenant, agentId);
    if (agent.kind !== 'external')
      throw new AppError(
        'CONFLICT',
        `Agent '${agent.name}' is built in: it consumes its own mailbox inside the service`,
        { agentId },
      );
    return agent;
  }

  /** A message of the agent's mailbox; 404 for any other. */
  async ownMessage(agent: AgentRecord, messageId: string): Promise<AgentMessage> {
    const message = await this.repository.findById(messageId);
    if (!message || message.agentId !== agent.id) throw AppError.notFound('message', messageId);
    return message;
  }

  /** 413 when `value` is over AGENTS_MAX_PAYLOAD_BYTES as JSON; `hint` names the setting in the message. */
  checkSize(value: unknown, field: string, hint = ''): void {
    const bytes = Buffer.byteLength(JSON.stringify(value ?? null));
    if (bytes > this.settings.maxPayloadBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `${field} is ${bytes} bytes; the limit is ${this.settings.maxPayloadBytes}${hint}`,
        { field, bytes, limit: this.settings.maxPayloadBytes },
      );
    }
  }

  /** 400 (field leaseMs) beyond AGENTS max lease. */
  checkLease(leaseMs: number): void {
    if (leaseMs > this.settings.maxLeaseMs)
      throw AppError.validation([
        { field: 'leaseMs', message: `must not be greater than ${this.settings.maxLeaseMs}` },
      ]);
  }
}
