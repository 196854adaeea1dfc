import { isFinal, TaskService } from '@app/handit';
import type { PreparedFeed } from '../http/event-sink';

/**
 * A task's status: the current one first, then one `status` event per change, closing after the
 * final status, and a `progress` event whenever its model reports progress. Subscribed before the
 * re-read, so a change between the two is not missed.
 */
export async function taskStatusFeed(tasks: TaskService, tenant: string, id: string): Promise<PreparedFeed> {
  const task = await tasks.get(tenant, id, { withInput: false });
  return async (sink) => {
    const unsubscribe = tasks.subscribe(task.id, (event) => {
      sink.send('status', event);
      if (isFinal(event.status)) sink.close();
    });
    const unsubscribeProgress = tasks.subscribeProgress(task.id, (event) =>
      sink.send('progress', { id: event.id, fraction: event.fraction, message: event.message, at: event.at }),
    );
    sink.onClose(() => {
      unsubscribe();
      unsubscribeProgress();
    });
    const current = await tasks.get(tenant, task.id, { withInput: false });
    sink.send('status', {
      id: current.id,
      status: current.status,
      attempts: current.attempts,
      at: new Date().toISOString(),
      error: current.error,
    });
    if (isFinal(current.status)) sink.close();
  };
}
