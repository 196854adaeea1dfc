import { Injectable, Optional } from '@nestjs/common';
import { BaseLogger, EventCore, newId } from '@app/infrastructure';
import { RunEventRepository } from '../persistence/run-event.repository';
import type { RunEvent } from './run.types';

/** Event types in a run's stream (GET /runs/:id/events). */
export type RunEventType = 'run' | 'node.started' | 'node.finished' | 'node.failed' | 'interrupt' | 'custom' | 'done';

/**
 * A run's event log. Each event is written to the database (so a client that connects late, or
 * after a restart, still gets the whole stream in order) and then announced in-process.
 *
 * Order: ids are monotonic ULIDs taken when emit() is called, and the inserts of one run are
 * chained, so the database never holds a later id without every earlier one. A reader that pages
 * by id after each announcement therefore never skips an event.
 */
@Injectable()
export class RunEvents {
  /** Tail of each run's insert chain; an entry is removed when its chain drains. */
  private readonly chains = new Map<string, Promise<void>>();
  /** Listeners per run; a run's set is removed with its last listener. */
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly logger: BaseLogger;

  constructor(
    private readonly repository: RunEventRepository,
    logger: BaseLogger,
    @Optional() private readonly events?: EventCore,
  ) {
    this.logger = logger.child({ component: 'langgraph' });
  }

  emit(runId: string, type: RunEventType, data: Record<string, unknown>): Promise<void> {
    const event: RunEvent = { id: newId(), runId, type, data, at: new Date() };
    const previous = this.chains.get(runId) ?? Promise.resolve();
    const next = previous
      .then(() => this.repository.insert(event))
      .catch((error: Error) =>
        this.logger.warn({ runId, type, err: error.message }, 'Could not store a workflow run event'),
      )
      .then(() => {
        for (const listener of this.listeners.get(runId) ?? []) listener();
        this.events?.emit('workflow.run.event', { runId, type, data, at: event.at.toISOString() });
      });
    this.chains.set(runId, next);
    void next.finally(() => {
      if (this.chains.get(runId) === next) this.chains.delete(runId);
    });
    return next;
  }

  /** Resolves when every event emitted so far for the run is stored. */
  flushed(runId: string): Promise<void> {
    return this.chains.get(runId) ?? Promise.resolve();
  }

  /** Calls `listener` after each new stored event of the run; returns the unsubscribe function. */
  subscribe(runId: string, listener: () => void): () => void {
    const set = this.listeners.get(runId) ?? new Set();
    set.add(listener);
    this.listeners.set(runId, set);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(runId);
    };
  }

  list(runId: string, afterId: string | null, limit = 500): Promise<RunEvent[]> {
    return this.repository.list(runId, afterId, limit);
  }
}
