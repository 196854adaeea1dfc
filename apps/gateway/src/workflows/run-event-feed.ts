import { isFinalRun, WorkflowService } from '@app/langgraph';
import type { PreparedFeed } from '../http/event-sink';
import { serialPump } from '../http/serial-pump';

const PAGE = 200;

/**
 * A run's stored events from the start (or after `afterId`), then new ones in order, closing
 * after `done`. One reader at a time pages through the stored log after the last id sent, so
 * events go out exactly once and in order however announcements and reads interleave.
 */
export async function runEventFeed(
  workflows: WorkflowService,
  tenant: string,
  id: string,
  afterId: string | null,
): Promise<PreparedFeed> {
  const run = await workflows.get(tenant, id);
  return async (sink) => {
    let cursor = afterId;
    let closed = false;
    const pump = serialPump(async () => {
      for (;;) {
        const batch = await workflows.listEvents(run.id, cursor, PAGE);
        for (const event of batch) {
          sink.send(event.type, { ...event.data, runId: run.id }, event.id);
          cursor = event.id;
          if (event.type === 'done') {
            closed = true;
            sink.close();
            return true;
          }
        }
        if (batch.length < PAGE) return closed;
      }
    });
    const unsubscribe = workflows.subscribe(run.id, () => void pump().catch(() => sink.close()));
    sink.onClose(() => {
      closed = true;
      unsubscribe();
    });
    await pump();
    // A run that finished before events were stored (or whose log was pruned) still ends the stream.
    if (!closed && isFinalRun((await workflows.get(tenant, id)).status)) {
      await pump();
      if (!closed) {
        sink.send('done', { runId: run.id, status: run.status });
        sink.close();
      }
    }
  };
}
