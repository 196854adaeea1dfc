import { Injectable } from '@nestjs/common';
import { AppError, Clock, Page } from '@app/infrastructure';
import { AgentRegistry } from '../agents/agent-registry.service';
import { MessageRepository } from '../persistence/message.repository';
import { MailboxSignals, RECHECK_MS, waitForSignal } from './mailbox-signals';
import type { AgentMessage, DeadLetterQuery, MessageOutcome } from './message.types';

/**
 * Reading a tenant's messages: one message, waiting for its outcome, the dead letters, and
 * replaying a dead letter into its mailbox.
 */
@Injectable()
export class MailboxReader {
  constructor(
    private readonly repository: MessageRepository,
    private readonly registry: AgentRegistry,
    private readonly signals: MailboxSignals,
    private readonly clock: Clock,
  ) {}

  async get(tenant: string, id: string): Promise<AgentMessage> {
    const message = await this.repository.findForTenant(tenant, id);
    if (!message) throw AppError.notFound('message', id);
    return message;
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

  listDeadLetters(query: DeadLetterQuery): Promise<Page<AgentMessage>> {
    return this.repository.listDead(query);
  }

  /** A dead letter back in its mailbox (409 unless dead, or when its agent is deregistered). */
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
}
