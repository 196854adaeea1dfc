import { Injectable } from '@nestjs/common';
import type { Page } from '@app/infrastructure';
import type { AgentRecord } from '../agents/agent.types';
import { MailboxAccess } from './mailbox-access.service';
import { MailboxLeasing } from './mailbox-leasing.service';
import { MailboxReader } from './mailbox-reader.service';
import { MailboxSender } from './mailbox-sender.service';
import { AckManyResult, AckRequest, MailboxSettlement, SettleOutcome } from './mailbox-settlement.service';
import { MailboxSignals } from './mailbox-signals';
import type {
  AgentMessage,
  DeadLetterQuery,
  MessageOutcome,
  NackOptions,
  SendRequest,
  SendResult,
} from './message.types';

/**
 * Durable priority mailboxes, the library's one entry point for them: sending (direct, by
 * capability, broadcast), claiming with a lease, ack / nack, dead letters and replay. Each role is
 * a class of its own (MailboxSender, MailboxLeasing, MailboxSettlement, MailboxReader); this one
 * names the use cases. The database row is the truth for every transition; MailboxSignals only
 * wakes waiters early.
 */
@Injectable()
export class MailboxService {
  constructor(
    private readonly sender: MailboxSender,
    private readonly leasing: MailboxLeasing,
    private readonly settlement: MailboxSettlement,
    private readonly reader: MailboxReader,
    private readonly access: MailboxAccess,
    private readonly signals: MailboxSignals,
  ) {}

  send(request: SendRequest): Promise<SendResult> {
    return this.sender.send(request);
  }

  /** Several sends of one tenant, routed in turn and stored together or not at all (MailboxSender.sendMany). */
  sendMany(tenant: string, requests: readonly SendRequest[]): Promise<SendResult[]> {
    return this.sender.sendMany(tenant, requests);
  }

  get(tenant: string, id: string): Promise<AgentMessage> {
    return this.reader.get(tenant, id);
  }

  /** Claims waiting messages for an external agent, long-polling up to `waitMs` (MailboxLeasing.poll). */
  poll(
    tenant: string,
    agentId: string,
    options: { max: number; leaseMs: number; waitMs: number },
    signal?: AbortSignal,
  ): Promise<AgentMessage[]> {
    return this.leasing.poll(tenant, agentId, options, signal);
  }

  /** One claim round for any agent (the built-in dispatcher uses it too). */
  claimFor(agentId: string, max: number, leaseMs: number): Promise<AgentMessage[]> {
    return this.leasing.claimFor(agentId, max, leaseMs);
  }

  /** Deliveries still under lease claimed after a message a stream sent (MailboxLeasing.leasedAfter). */
  leasedAfter(tenant: string, agentId: string, afterMessageId: string): Promise<AgentMessage[]> {
    return this.leasing.leasedAfter(tenant, agentId, afterMessageId);
  }

  ack(tenant: string, agentId: string, messageId: string, leaseId: string, output: unknown): Promise<AgentMessage> {
    return this.settlement.ack(tenant, agentId, messageId, leaseId, output);
  }

  /** Acks many deliveries in one transaction; each that cannot be acked fails alone (MailboxSettlement.ackMany). */
  ackMany(tenant: string, agentId: string, acks: readonly AckRequest[]): Promise<AckManyResult> {
    return this.settlement.ackMany(tenant, agentId, acks);
  }

  nack(
    tenant: string,
    agentId: string,
    messageId: string,
    leaseId: string,
    options: NackOptions,
  ): Promise<AgentMessage> {
    return this.settlement.nack(tenant, agentId, messageId, leaseId, options);
  }

  /** Extends a lease the agent still holds to `leaseMs` from now (MailboxLeasing.extend). */
  extend(tenant: string, agentId: string, messageId: string, leaseId: string, leaseMs: number): Promise<AgentMessage> {
    return this.leasing.extend(tenant, agentId, messageId, leaseId, leaseMs);
  }

  /** Ends one delivery (MailboxSettlement.settle). */
  settle(
    agent: AgentRecord,
    message: AgentMessage,
    leaseId: string,
    outcome: SettleOutcome,
  ): Promise<'acked' | 'requeued' | 'dead'> {
    return this.settlement.settle(agent, message, leaseId, outcome);
  }

  /** Resolves when the message is acked or dead, or with `pending` after `ms`. */
  awaitOutcome(messageId: string, ms: number, signal?: AbortSignal): Promise<MessageOutcome> {
    return this.reader.awaitOutcome(messageId, ms, signal);
  }

  listDeadLetters(query: DeadLetterQuery): Promise<Page<AgentMessage>> {
    return this.reader.listDeadLetters(query);
  }

  replay(tenant: string, messageId: string): Promise<AgentMessage> {
    return this.reader.replay(tenant, messageId);
  }

  /** Withdraws a message nobody has claimed yet (a coordination run that timed out). */
  cancel(messageId: string): Promise<boolean> {
    return this.settlement.cancel(messageId);
  }

  /** Wakes `listener` when the agent's mailbox may have something new (SSE streams). */
  onMail(agentId: string, listener: () => void): () => void {
    return this.signals.onAgent(agentId, listener);
  }

  /** Deliveries settled here in the last minute, of one tenant or (undefined) of all. */
  activity(tenant?: string): { ackedLastMinute: number; failedLastMinute: number } {
    return this.settlement.activity(tenant);
  }

  finished(messageId: string, _result: 'acked' | 'dead'): void {
    this.signals.messageFinished(messageId);
  }

  /** The external agent that may consume this mailbox (404 unknown, 409 built-in). */
  consumer(tenant: string, agentId: string): Promise<AgentRecord> {
    return this.access.externalAgent(tenant, agentId);
  }
}
