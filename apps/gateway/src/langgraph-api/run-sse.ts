import type { Request, Response } from 'express';
import { END_OF_ACTIVATION, type PlatformRunService, type Run, type RunStream } from '@app/langgraph';
import { serialPump } from '../http/serial-pump';
import { openSseStream } from '../http/sse';

const SETTLED = new Set(['interrupted', 'succeeded', 'failed', 'cancelled']);

export interface PipeOptions {
  /** A stored chunk's id (lastEventIdOf), or null to start from the first chunk. */
  lastEventId?: string | null;
  /** Only these stream modes (others skipped); metadata and error always pass. */
  modes?: string[];
  cancelOnDisconnect: boolean;
}

/**
 * Sends a run's stored stream chunks after Last-Event-ID (from the start without one), then new
 * ones as they are stored, and ends once the run has settled and every chunk is out. One reader
 * pages the stored log at a time, so chunks go out once and in order however wake-ups interleave.
 */
export async function pipeRunStream(
  runs: PlatformRunService,
  stream: RunStream,
  run: Run,
  req: Request,
  res: Response,
  options: PipeOptions,
): Promise<void> {
  const sse = openSseStream(req, res);
  let cursor = options.lastEventId ?? null;
  let closed = false;
  const wanted = (event: string) => {
    if (!options.modes?.length || event === 'metadata' || event === 'error') return true;
    const mode = event.split('|')[0];
    return options.modes.includes(mode === 'messages' ? 'messages-tuple' : mode) || options.modes.includes(mode);
  };
  const drain = async () => {
    for (;;) {
      const batch = await stream.list(run.id, cursor, 200);
      for (const chunk of batch) {
        cursor = chunk.id;
        if (chunk.event !== END_OF_ACTIVATION && wanted(chunk.event)) sse.send(chunk.event, chunk.data, chunk.id);
      }
      if (batch.length < 200) return;
    }
  };
  const pump = serialPump(async () => {
    await drain();
    const current = await runs.get(run.tenant, null, run.id).catch(() => null);
    if (!current || SETTLED.has(current.status)) {
      // Every chunk of a settled run was published before it settled: flush, send the rest, end.
      await stream.flushed(run.id);
      await drain();
      closed = true;
      sse.close();
      return true;
    }
    return closed;
  });
  const wake = () => void pump().catch(() => sse.close());
  const unsubscribe = stream.subscribe(run.id, wake);
  // A run can settle without a chunk (cancelled while queued): its status events wake the reader too.
  const unsubscribeStatus = runs.onStatus(run.id, wake);
  sse.onClose(() => {
    unsubscribe();
    unsubscribeStatus();
    if (!closed && options.cancelOnDisconnect && run.threadId)
      void runs.cancel(run.tenant, null, run.id, 'interrupt').catch(() => undefined);
    closed = true;
  });
  await pump().catch(() => sse.close());
}

export const truthy = (value?: string) => value === '1' || value === 'true';

/** Aborts when the client goes away before the answer is sent. */
export function disconnectSignal(req: Request, res: Response): AbortSignal {
  const controller = new AbortController();
  req.on('close', () => {
    if (!res.writableEnded) controller.abort();
  });
  return controller.signal;
}
