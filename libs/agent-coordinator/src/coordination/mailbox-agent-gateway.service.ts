import { Injectable } from '@nestjs/common';
import { AgentGateway, AgentReply, AgentRequest, AgentsSettings, AppError } from '@app/infrastructure';
import { MailboxService } from '../messages/mailbox.service';

/**
 * The AgentGateway contract (libs/infrastructure) over the mailboxes: workflows send a message
 * and get the agent's reply without importing this library. A failed delivery rejects with
 * PROVIDER_UNAVAILABLE carrying the agent's error (one delivery per request: the caller retries);
 * no reply in time rejects with TIMEOUT and withdraws the message if nobody has claimed it.
 */
@Injectable()
export class MailboxAgentGateway extends AgentGateway {
  constructor(
    private readonly settings: AgentsSettings,
    private readonly mailbox: MailboxService,
  ) {
    super();
  }

  async request(request: AgentRequest, signal?: AbortSignal): Promise<AgentReply> {
    const timeoutMs = Math.min(
      request.timeoutMs ?? this.settings.coordination.defaultTimeoutMs,
      this.settings.coordination.maxTimeoutMs,
    );
    const { messages } = await this.mailbox.send({
      tenant: request.tenant,
      to: request.to,
      type: request.type,
      payload: request.payload,
      priority: request.priority,
      correlationId: request.correlationId,
      ttlMs: Math.max(1000, timeoutMs),
      // Request/response: the caller (a workflow node) owns retries, so one delivery per request.
      maxDeliveries: 1,
    });
    const message = messages[0];
    const outcome = await this.mailbox.awaitOutcome(message.id, timeoutMs, signal);
    if (outcome.status === 'acked')
      return { agentId: message.agentId, messageId: message.id, output: outcome.message.reply };
    if (outcome.status === 'dead') {
      const error = outcome.message.error;
      throw new AppError(
        'PROVIDER_UNAVAILABLE',
        `Agent ${message.agentId} did not handle message ${message.id}: ` +
          `${error?.message ?? outcome.message.deadReason}`,
        {
          agentId: message.agentId,
          messageId: message.id,
          deadReason: outcome.message.deadReason,
          error,
        },
      );
    }
    await this.mailbox.cancel(message.id);
    if (signal?.aborted) throw signal.reason ?? new AppError('TIMEOUT', 'The agent request was aborted');
    throw new AppError(
      'TIMEOUT',
      `Agent ${message.agentId} did not reply to message ${message.id} within ${timeoutMs} ms`,
      { agentId: message.agentId, messageId: message.id },
    );
  }
}
