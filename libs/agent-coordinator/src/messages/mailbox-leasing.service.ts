import { Injectable } from '@nestjs/common';
import { AgentsSettings, AppError, Clock, QueuePauseRepository } from '@app/infrastructure';
import { AgentRegistry } from '../agents/agent-registry.service';
import type { AgentRecord } from '../agents/agent.types';
import { AgentHealthService } from '../health/agent-health.service';
import { MessageRepository } from '../persistence/message.repository';
import { MailboxAccess } from './mailbox-access.service';
import { MailboxSignals, RECHECK_MS, waitForSignal } from './mailbox-signals';
import { recordMessageEvent } from './message-spans';
import type { AgentMessage } from './message.types';
import { MAILBOX_QUEUE } from './message.types';

/** A reconnecting stream is sent at most this many deliveries still under lease. */
const MAX_RESENT = 1000;

/**
 * Leasing: claims waiting messages for an agent under a fresh lease (long-polling for external
 * agents), honouring pauses and the agent's circuit breaker, and extends a lease still held.
 */
@Injectable()
export class MailboxLeasing {
  constructor(
    private readonly settings: AgentsSettings,
    private readonly repository: MessageRepository,
    private readonly registry: AgentRegistry,
    private readonly health: AgentHealthService,
    private readonly access: MailboxAccess,
    private readonly signals: MailboxSignals,
    private readonly pauses: QueuePauseRepository,
    private readonly clock: Clock,
  ) {}

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
    const agent = await this.access.externalAgent(tenant, agentId);
    this.access.checkLease(options.leaseMs);
    await this.registry.touch(agent);
    const deadline = Date.now() + Math.min(options.waitMs, this.settings.maxWaitMs);
    // The first round claims with the record just read; after a wait it is read again (paused, deregistered).
    let current: AgentRecord | null = agent;
    for (;;) {
      const claimed = await this.claimWith(current, options.max, options.leaseMs);
      if (claimed.length || Date.now() >= deadline || signal?.aborted) return claimed;
      await waitForSignal(
        (l) => this.signals.onAgent(agent.id, l),
        Math.min(RECHECK_MS * 4, deadline - Date.now()),
        signal,
      );
      current = await this.registry.byId(agent.id);
    }
  }

  /**
   * One claim round for any agent (the built-in dispatcher uses it too). Queue management's
   * stored pauses hold deliveries: all of them, or those of paused tenants (messages keep
   * arriving and wait; a built-in agent serving several tenants still gets the others').
   */
  async claimFor(agentId: string, max: number, leaseMs: number): Promise<AgentMessage[]> {
    return this.claimWith(await this.registry.byId(agentId), max, leaseMs);
  }

  /** One claim round for the agent as just read (null: it is gone). */
  private async claimWith(current: AgentRecord | null, max: number, leaseMs: number): Promise<AgentMessage[]> {
    if (!current || current.deregisteredAt || current.paused) return [];
    const agentId = current.id;
    const pauses = await this.pauses.state(MAILBOX_QUEUE);
    if (pauses.queue) return [];
    const admission = this.health.admits(current);
    if (!admission.ok) return [];
    const batch = admission.probe ? 1 : Math.min(max, this.settings.maxBatch);
    const now = this.clock.now();
    const { claimed, expired } = await this.repository.claim(agentId, batch, leaseMs, now, [...pauses.tenants]);
    for (const id of expired) this.signals.messageFinished(id);
    for (const message of claimed)
      recordMessageEvent('claim', message, {
        'agent.id': agentId,
        'message.redelivered': message.deliveries > 1,
        'message.lease_ms': leaseMs,
      });
    // Nothing to probe with: the next delivery may be the probe instead.
    if (admission.probe && !claimed.length) this.health.cancelProbe(current);
    return claimed;
  }

  /**
   * What a reconnecting stream may have lost: the agent's deliveries still under lease that were
   * claimed after `afterMessageId`, in the order a stream sent them, or all of them when that id
   * is not one of the agent's messages. When the named message is no longer leased, the others of
   * its claim batch come again too (at least once, never lost). Leases are kept: each is sent with
   * its lease id, which the agent acks as before.
   */
  async leasedAfter(tenant: string, agentId: string, afterMessageId: string): Promise<AgentMessage[]> {
    const agent = await this.access.externalAgent(tenant, agentId);
    const leased = await this.repository.leased(agent.id, this.clock.now(), MAX_RESENT);
    const after = await this.repository.findForTenant(tenant, afterMessageId);
    if (!after || after.agentId !== agent.id || !after.leasedAt) return leased;
    const position = leased.findIndex((m) => m.id === after.id);
    if (position >= 0) return leased.slice(position + 1);
    return leased.filter((m) => m.leasedAt!.getTime() >= after.leasedAt!.getTime());
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
    this.access.checkLease(leaseMs);
    const agent = await this.access.externalAgent(tenant, agentId);
    const message = await this.access.ownMessage(agent, messageId);
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
}
