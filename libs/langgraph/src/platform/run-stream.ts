import { Injectable } from '@nestjs/common';
import { BaseLogger, newId } from '@app/infrastructure';
import { StreamEventRepository } from '../persistence/stream-event.repository';
import type { StreamChunk } from './platform.types';

/** Stored after an activation's last chunk: a reader re-checks the run's status there. Never sent. */
export const END_OF_ACTIVATION = '__end__';

/**
 * The chunks a Platform run streams (one per stream mode event), written to the database in id
 * order and then announced in-process, the way RunEvents keeps the native event log: a client that
 * joins mid-run, or reconnects with Last-Event-ID, reads the stored chunks after its id and then
 * follows new ones, so it misses none and sees none twice.
 */
@Injectable()
export class RunStream {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly logger: BaseLogger;

  constructor(
    private readonly repository: StreamEventRepository,
    logger: BaseLogger,
  ) {
    this.logger = logger.child({ component: 'langgraph' });
  }

  publish(runId: string, event: string, data: unknown): Promise<void> {
    const chunk: StreamChunk = { id: newId(), runId, event, data };
    const next = (this.chains.get(runId) ?? Promise.resolve())
      .then(() => this.repository.insert(chunk))
      .catch((error: Error) =>
        this.logger.warn({ runId, event, err: error.message }, 'Could not store a run stream chunk'),
      )
      .then(() => {
        for (const listener of this.listeners.get(runId) ?? []) listener();
      });
    this.chains.set(runId, next);
    void next.finally(() => {
      if (this.chains.get(runId) === next) this.chains.delete(runId);
    });
    return next;
  }

  /** Resolves when every chunk published so far for the run is stored. */
  flushed(runId: string): Promise<void> {
    return this.chains.get(runId) ?? Promise.resolve();
  }

  subscribe(runId: string, listener: () => void): () => void {
    const set = this.listeners.get(runId) ?? new Set();
    set.add(listener);
    this.listeners.set(runId, set);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(runId);
    };
  }

  /** Wakes a run's readers without a chunk (a status change they should look at). */
  poke(runId: string): void {
    for (const listener of this.listeners.get(runId) ?? []) listener();
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
