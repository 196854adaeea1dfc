import { Injectable } from '@nestjs/common';
import {
  Clock,
  ManagedQueue,
  ManagedQueueStats,
  pauseFigures,
  ProvidesManagedQueue,
  QueuePauseRepository,
  QueueScope,
  tenantOfScope,
} from '@app/infrastructure';
import { MailboxService } from './mailbox.service';
import { MailboxSignals } from './mailbox-signals';
import { MessageSweepRepository } from '../persistence/message-sweep.repository';
import { MessageRepository } from '../persistence/message.repository';
import { MAILBOX_QUEUE } from './message.types';
import { recordMessageEvent } from './message-spans';

/**
 * Every agent mailbox as one managed queue (`agents.mailboxes`) for the scheduler's queue
 * management: pause stops deliveries of every message in scope (they still arrive and wait),
 * drain dead-letters every waiting message in scope (reason `drained`, replayable). A tenant's
 * scope is the messages sent in that tenant, built-in agents' mailboxes included.
 */
@Injectable()
@ProvidesManagedQueue(MAILBOX_QUEUE)
export class MailboxQueue implements ManagedQueue {
  constructor(
    private readonly mailbox: MailboxService,
    private readonly messages: MessageRepository,
    private readonly sweeps: MessageSweepRepository,
    private readonly pauses: QueuePauseRepository,
    private readonly signals: MailboxSignals,
    private readonly clock: Clock,
  ) {}

  async stats(scope: QueueScope): Promise<ManagedQueueStats> {
    const tenant = tenantOfScope(scope);
    const { byPriority, leased } = await this.messages.depthByPriority(tenant);
    const activity = this.mailbox.activity(tenant);
    return {
      name: MAILBOX_QUEUE,
      ...pauseFigures(await this.pauses.state(MAILBOX_QUEUE), scope),
      depthByPriority: byPriority,
      queued: Object.values(byPriority).reduce((a, b) => a + b, 0),
      running: leased,
      concurrency: leased,
      completedLastMinute: activity.ackedLastMinute,
      failedLastMinute: activity.failedLastMinute,
    };
  }

  async pause(scope: QueueScope): Promise<void> {
    await this.pauses.pause(MAILBOX_QUEUE, scope, this.clock.now());
  }

  async resume(scope: QueueScope): Promise<void> {
    await this.pauses.resume(MAILBOX_QUEUE, scope);
    const { byPriority } = await this.messages.depthByPriority(tenantOfScope(scope));
    if (Object.values(byPriority).some((n) => n > 0)) this.signals.agentChanged('*');
  }

  async drain(scope: QueueScope): Promise<{ removed: number }> {
    const removed = await this.sweeps.killAllQueued({ tenant: tenantOfScope(scope) }, 'drained', this.clock.now());
    for (const m of removed) {
      this.signals.messageFinished(m.id);
      recordMessageEvent('dead_letter', m, { 'message.dead_reason': 'drained' }, 'Mailbox drained');
    }
    return { removed: removed.length };
  }
}
