import { Injectable } from '@nestjs/common';
import {
  Clock,
  ProvidesManagedQueue,
  QueueFigures,
  QueuePauseRepository,
  QueueScope,
  StoredPauseQueue,
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
export class MailboxQueue extends StoredPauseQueue {
  constructor(
    private readonly mailbox: MailboxService,
    private readonly messages: MessageRepository,
    private readonly sweeps: MessageSweepRepository,
    pauses: QueuePauseRepository,
    private readonly signals: MailboxSignals,
    private readonly clock: Clock,
  ) {
    super(MAILBOX_QUEUE, pauses, () => clock.now());
  }

  protected async figures(tenant: string | undefined): Promise<QueueFigures> {
    const { byPriority, leased } = await this.messages.depthByPriority(tenant);
    const activity = this.mailbox.activity(tenant);
    return {
      depthByPriority: byPriority,
      running: leased,
      concurrency: leased,
      completedLastMinute: activity.ackedLastMinute,
      failedLastMinute: activity.failedLastMinute,
    };
  }

  /** Deliveries check the stored pauses themselves; a resume wakes waiting consumers if anything waits. */
  protected async applyPause(scope: QueueScope, paused: boolean): Promise<void> {
    if (paused) return;
    const { byPriority } = await this.messages.depthByPriority(tenantOfScope(scope));
    if (Object.values(byPriority).some((n) => n > 0)) this.signals.agentChanged('*');
  }

  protected async drainWaiting(tenant: string | undefined): Promise<number> {
    const removed = await this.sweeps.killAllQueued({ tenant }, 'drained', this.clock.now());
    for (const m of removed) {
      this.signals.messageFinished(m.id);
      recordMessageEvent('dead_letter', m, { 'message.dead_reason': 'drained' }, 'Mailbox drained');
    }
    return removed.length;
  }
}
