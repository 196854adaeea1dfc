import { Inject, Injectable, Optional } from '@nestjs/common';
import { TaskBus } from '../queue/distributed/task-bus';
import { EventEmitter } from 'node:events';
import { EventCore } from '@app/infrastructure';
import type { Task, TaskStatus } from '../tasks/task.types';
import type { ProgressReport } from '../quant/progress';
import type { TaskProgressEvent, TaskProgressListener } from '../progress/task-progress.types';

export interface TaskStatusEvent {
  id: string;
  tenant: string;
  type: string;
  modelId: string;
  status: TaskStatus;
  attempts: number;
  at: string;
  error?: { code: string; message: string } | null;
}

/** A status change; `final` is the finished task when it finished on this replica. */
export type TaskStatusListener = (event: TaskStatusEvent, final?: Task) => void;

declare module '@app/infrastructure' {
  interface AppEvents {
    'task.created': TaskStatusEvent;
    'task.started': TaskStatusEvent;
    'task.queued': TaskStatusEvent;
    'task.succeeded': TaskStatusEvent;
    'task.failed': TaskStatusEvent;
    'task.cancelled': TaskStatusEvent;
    'task.timed_out': TaskStatusEvent;
    /** A running task's model reported how far it is (throttled; see TaskProgressReporting). */
    'task.progress': TaskProgressEvent;
  }
}

const EVENT_BY_STATUS: Record<
  TaskStatus,
  'task.queued' | 'task.started' | 'task.succeeded' | 'task.failed' | 'task.cancelled' | 'task.timed_out'
> = {
  queued: 'task.queued',
  running: 'task.started',
  succeeded: 'task.succeeded',
  failed: 'task.failed',
  cancelled: 'task.cancelled',
  timed_out: 'task.timed_out',
};

/**
 * Task status changes: published on the app's EventCore (when enabled) for other components, and
 * on a local emitter keyed by task id for the SSE stream and `?wait=`. Listeners are removed as
 * soon as their task finishes or their client leaves, so the emitter stays small.
 *
 * Distributed mode: the replica that changed the row also publishes the event on Redis, and every
 * other replica relays it to its local listeners, so a client waiting on any replica hears it.
 * EventCore (metrics, monitoring) stays per replica: each change is counted once, where it happened.
 */
@Injectable()
export class TaskEvents {
  private readonly local = new EventEmitter();

  constructor(
    @Optional() private readonly events?: EventCore,
    @Optional() @Inject(TaskBus) private readonly bus?: TaskBus | null,
  ) {
    this.local.setMaxListeners(0);
    // Only tasks someone here listens to are relayed; the rest are dropped at no cost.
    this.bus?.onEvent((event) => this.local.emit(event.id, event));
    this.bus?.onProgress((event) => this.local.emit(progressKey(event.id), event));
  }

  created(task: Task): void {
    const event = toEvent(task, 'queued');
    this.events?.emit('task.created', event);
    this.local.emit(task.id, event);
    this.bus?.publishEvent(event);
  }

  /**
   * `final` is the task as its row now reads (without its input), handed to local listeners only:
   * a `?wait` caller on this replica answers from it instead of reading and parsing the row again.
   */
  changed(task: Task, status: TaskStatus, error?: { code: string; message: string } | null, final?: Task): void {
    const event = { ...toEvent(task, status), error: error ?? null };
    this.events?.emit(EVENT_BY_STATUS[status], event);
    this.local.emit(task.id, event, final);
    this.bus?.publishEvent(event);
  }

  /** A report of a running task: to EventCore, this replica's listeners and (distributed) the others'. */
  progress(task: Task, report: ProgressReport): void {
    const event: TaskProgressEvent = { id: task.id, tenant: task.tenant, ...report, at: new Date().toISOString() };
    this.events?.emit('task.progress', event);
    this.local.emit(progressKey(task.id), event);
    this.bus?.publishProgress(event);
  }

  /** Progress reports of one task; returns the unsubscribe function. */
  subscribeProgress(id: string, listener: TaskProgressListener): () => void {
    const key = progressKey(id);
    this.local.on(key, listener);
    return () => this.local.off(key, listener);
  }

  subscribe(id: string, listener: TaskStatusListener): () => void {
    this.local.on(id, listener);
    return () => this.local.off(id, listener);
  }

  get listenerCount(): number {
    return this.local.eventNames().reduce((n, name) => n + this.local.listenerCount(name), 0);
  }
}

/** Progress listeners live beside status listeners under a key no task id can take. */
function progressKey(id: string): string {
  return `${id}:progress`;
}

function toEvent(task: Task, status: TaskStatus): TaskStatusEvent {
  return {
    id: task.id,
    tenant: task.tenant,
    type: task.type,
    modelId: task.modelId,
    status,
    attempts: task.attempts,
    at: new Date().toISOString(),
  };
}
