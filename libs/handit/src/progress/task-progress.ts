import { Injectable } from '@nestjs/common';
import { BaseLogger, throttledErrorLog } from '@app/infrastructure';
import { TaskQueueRepository } from '../persistence/task-queue.repository';
import type { ProgressReporter } from '../quant/progress';
import type { Task } from '../tasks/task.types';
import { TaskEvents } from '../execution/task-events';
import { throttleProgress } from './progress-throttle';

/** At most one progress write per running task per this interval (the completion always writes). */
export const PROGRESS_WRITE_INTERVAL_MS = 1_000;

/**
 * Where a task's progress goes: every report the model passes on (already throttled at the worker)
 * is an event for the SSE stream and the workflow run that waits on the task; the row keeps the
 * latest, written at most once a second. A task whose model never reports costs nothing here: the
 * reporter is a closure that is never called, no collection holds it, and no row is written.
 */
@Injectable()
export class TaskProgressReporting {
  private readonly logWriteFailure: (err: Error) => void;

  constructor(
    private readonly repository: TaskQueueRepository,
    private readonly events: TaskEvents,
    logger: BaseLogger,
  ) {
    this.logWriteFailure = throttledErrorLog(logger.child({ component: 'handit' }), 'handit-progress-writes', {
      message: 'Could not store a task progress report',
    });
  }

  /** The reporter of one attempt of `task`. */
  reporter(task: Task): ProgressReporter {
    const store = throttleProgress((report) => {
      const progress = { ...report, at: new Date() };
      // Best effort: progress is advisory, and the status writes stay the truth.
      this.repository.setProgress(task.id, progress).catch(this.logWriteFailure);
    }, PROGRESS_WRITE_INTERVAL_MS);
    return (report) => {
      this.events.progress(task, report);
      store(report);
    };
  }
}
