import { Injectable } from '@nestjs/common';
import { BaseLogger, newId } from '@app/infrastructure';
import { StreamEventRepository } from '../persistence/stream-event.repository';
import { RunLog } from '../runs/run-log';
import type { StreamChunk } from './platform.types';

/** Stored after an activation's last chunk: a reader re-checks the run's status there. Never sent. */
export const END_OF_ACTIVATION = '__end__';

/**
 * The chunks a Platform run streams (one per stream mode event), kept in a RunLog like the native
 * event log: a client that joins mid-run, or reconnects with Last-Event-ID, reads the stored chunks
 * after its id and then follows new ones, so it misses none and sees none twice.
 */
@Injectable()
export class RunStream {
  private readonly log: RunLog<StreamChunk>;

  constructor(
    private readonly repository: StreamEventRepository,
    logger: BaseLogger,
  ) {
    const log = logger.child({ component: 'langgraph' });
    this.log = new RunLog(
      (chunk) => this.repository.insert(chunk),
      (chunk, error) =>
        log.warn({ runId: chunk.runId, event: chunk.event, err: error.message }, 'Could not store a run stream chunk'),
    );
  }

  publish(runId: string, event: string, data: unknown): Promise<void> {
    return this.log.append({ id: newId(), runId, event, data });
  }

  /** Resolves when every chunk published so far for the run is stored. */
  flushed(runId: string): Promise<void> {
    return this.log.flushed(runId);
  }

  subscribe(runId: string, listener: () => void): () => void {
    return this.log.subscribe(runId, listener);
  }

  /** Wakes a run's readers without a chunk (a status change they should look at). */
  poke(runId: string): void {
    this.log.notify(runId);
  }

  list(runId: string, afterId: string | null, limit = 200): Promise<StreamChunk[]> {
    return this.repository.list(runId, afterId, limit);
  }

  /** The newest `count` chunks of one event (`values` for a stateless run's answer), once all are stored. */
  async last(runId: string, event: string, count = 1): Promise<StreamChunk[]> {
    await this.flushed(runId);
    return this.repository.last(runId, event, count);
  }
}
