import { Injectable, Optional } from '@nestjs/common';
import { BaseLogger, EventCore, newId } from '@app/infrastructure';
import { RunEventRepository } from '../persistence/run-event.repository';
import { RunLog } from './run-log';
import type { RunEvent } from './run.types';

/** Event types in a run's stream (GET /runs/:id/events). */
export type RunEventType = 'run' | 'node.started' | 'node.finished' | 'node.failed' | 'interrupt' | 'custom' | 'done';

/**
 * A run's event log, kept in a RunLog: each event is written to the database (so a client that
 * connects late, or after a restart, still gets the whole stream in order) and then announced
 * in-process, and on EventCore as `workflow.run.event`.
 */
@Injectable()
export class RunEvents {
  private readonly log: RunLog<RunEvent>;

  constructor(
    private readonly repository: RunEventRepository,
    logger: BaseLogger,
    @Optional() private readonly events?: EventCore,
  ) {
    const log = logger.child({ component: 'langgraph' });
    this.log = new RunLog(
      (event) => this.repository.insert(event),
      (event, error) =>
        log.warn({ runId: event.runId, type: event.type, err: error.message }, 'Could not store a workflow run event'),
    );
  }

  emit(runId: string, type: RunEventType, data: Record<string, unknown>): Promise<void> {
    const event: RunEvent = { id: newId(), runId, type, data, at: new Date() };
    return this.log.append(event, () =>
      this.events?.emit('workflow.run.event', { runId, type, data, at: event.at.toISOString() }),
    );
  }

  /** Resolves when every event emitted so far for the run is stored. */
  flushed(runId: string): Promise<void> {
    return this.log.flushed(runId);
  }

  /** Calls `listener` after each new stored event of the run; returns the unsubscribe function. */
  subscribe(runId: string, listener: () => void): () => void {
    return this.log.subscribe(runId, listener);
  }

  list(runId: string, afterId: string | null, limit = 500): Promise<RunEvent[]> {
    return this.repository.list(runId, afterId, limit);
  }
}
