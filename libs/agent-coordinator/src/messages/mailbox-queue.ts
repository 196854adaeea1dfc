import { Injectable } from '@nestjs/common';
import { Clock, ManagedQueue, ManagedQueueStats, ProvidesManagedQueue } from '@app/infrastructure';
import { MailboxService } from './mailbox.service';
import { MailboxSignals } from './mailbox-signals';
import { MessageRepository } from './message.repository';

/**
 * Every agent mailbox as one managed queue (`agents.mailboxes`) for the scheduler's queue
 * management: pause stops all deliveries (messages still arrive and wait), drain dead-letters
 * every waiting message (reason `drained`, replayable).
 */
@Injectable()
@ProvidesManagedQueue('agents.mailboxes')
export class MailboxQueue implements ManagedQueue {
  constructor(
    private readonly mailbox: MailboxService,
    private readonly messages: MessageRepository,
    private readonly signals: MailboxSignals,
    private readonly clock: Clock,
  ) {}

  async stats(): Promise<ManagedQueueStats> {
    const { byPriority, leased } = await this.messages.depthByPriority();
    const activity = this.mailbox.activity();
    return {
      name: 'agents.mailboxes',
      paused: this.mailbox.paused,
      depthByPriority: byPriority,
      queued: Object.values(byPriority).reduce((a, b) => a + b, 0),
      running: leased,
      concurrency: leased,
      completedLastMinute: activity.ackedLastMinute,
      failedLastMinute: activity.failedLastMinute,
    };
  }

  async pause(): Promise<void> {
    this.mailbox.paused = true;
  }

  async resume(): Promise<void> {
    this.mailbox.paused = false;
    const { byPriority } = await this.messages.depthByPriority();
    if (Object.values(byPriority).some((n) => n > 0)) this.signals.agentChanged('*');
  }

  async drain(): Promise<{ removed: number }> {
    const removed = await this.messages.killAllQueued({}, 'drained', this.clock.now());
    for (const m of removed) this.signals.messageFinished(m.id);
    return { removed: removed.length };
  }
}
