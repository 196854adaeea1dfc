import { AgentRegistry, MailboxService } from '@app/agent-coordinator';
import type { PreparedFeed } from '../http/event-sink';
import { serialPump } from '../http/serial-pump';
import { presentMessage } from './message.presenter';

/** Feeds re-check the mailbox this often besides wake-ups, for changes made by other replicas. */
const RECHECK_MS = 1000;

/**
 * An external agent's mailbox as a stream of claims: each `message` event is a claimed message
 * with its leaseId (the event id is the message id), at most the agent's maxConcurrency in flight,
 * more as they are acked. A reconnecting stream that names the last message it got
 * (`lastEventId`) is first sent the deliveries still leased that were claimed after it, so a
 * message lost with the old connection comes back at once instead of after its lease.
 */
export async function mailboxFeed(
  mailbox: MailboxService,
  registry: AgentRegistry,
  tenant: string,
  id: string,
  leaseMs: number,
  lastEventId: string | null = null,
): Promise<PreparedFeed> {
  const agent = await mailbox.consumer(tenant, id);
  const resent = lastEventId ? await mailbox.leasedAfter(tenant, id, lastEventId) : [];
  return async (sink) => {
    let closed = false;
    const fill = serialPump(async () => {
      if (closed) return true;
      try {
        const view = await registry.get(tenant, id);
        const free = agent.maxConcurrency - view.load.inFlight;
        if (free > 0 && !closed)
          for (const m of await mailbox.poll(tenant, id, { max: free, leaseMs, waitMs: 0 }))
            sink.send('message', presentMessage(m, 'claim'), m.id);
        return closed;
      } catch (err) {
        sink.send('error', { message: (err as Error).message });
        sink.close();
        return true;
      }
    });
    const unsubscribe = mailbox.onMail(id, () => void fill());
    const timer = setInterval(() => void fill(), RECHECK_MS);
    sink.onClose(() => {
      closed = true;
      unsubscribe();
      clearInterval(timer);
    });
    for (const m of resent) sink.send('message', presentMessage(m, 'claim'), m.id);
    await fill();
  };
}
