import { isFinal, TaskService, type TaskStatus } from '@app/handit';
import type { PreparedFeed } from '../http/event-sink';

/**
 * A status event's id: the attempt and the status, e.g. `2-running`. Statuses are states, not a
 * stored log, so a reconnecting client that names the one it saw last is sent the current status
 * only if it differs, and never the same status twice in a row.
 */
export function taskStatusEventId(event: { attempts: number; status: TaskStatus }): string {
  return `${event.attempts}-${event.status}`;
}

/**
 * A task's status: the current one first (unless it is the one named by `lastEventId`), then one
 * `status` event per change, closing after the final status, and a `progress` event (no id: it
 * does not move the client's Last-Event-ID) whenever its model reports progress. Subscribed before
 * the re-read, so a change between the two is not missed.
 */
export async function taskStatusFeed(
  tasks: TaskService,
  tenant: string,
  id: string,
  lastEventId: string | null = null,
): Promise<PreparedFeed> {
  const task = await tasks.get(tenant, id, { withInput: false });
  return async (sink) => {
    let lastSent = lastEventId;
    const sendStatus = (event: { id: string; status: TaskStatus; attempts: number; at: string; error?: unknown }) => {
      const eventId = taskStatusEventId(event);
      if (eventId !== lastSent) {
        lastSent = eventId;
        sink.send('status', event, eventId);
      }
      if (isFinal(event.status)) sink.close();
    };
    const unsubscribe = tasks.subscribe(task.id, sendStatus);
    const unsubscribeProgress = tasks.subscribeProgress(task.id, (event) =>
      sink.send('progress', { id: event.id, fraction: event.fraction, message: event.message, at: event.at }),
    );
    sink.onClose(() => {
      unsubscribe();
      unsubscribeProgress();
    });
    const current = await tasks.get(tenant, task.id, { withInput: false });
    sendStatus({
      id: current.id,
      status: current.status,
      attempts: current.attempts,
      at: new Date().toISOString(),
      error: current.error,
    });
  };
}
