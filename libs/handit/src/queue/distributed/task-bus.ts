import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { throttledErrorLog, type BaseLogger } from '@app/infrastructure';
import type { TaskStatusEvent } from '../../execution/task-events';
import type { TaskProgressEvent } from '../../progress/task-progress.types';

interface Envelope {
  /** The replica that sent it: it already delivered the message locally. */
  o: string;
  e?: TaskStatusEvent;
  p?: TaskProgressEvent;
  c?: string;
}

/**
 * Redis pub/sub between replicas, for two things: task status and progress events (so `?wait=` and the SSE
 * stream work on whichever replica the client reached) and cancel requests for attempts running
 * on another replica. Delivery is at most once: a replica that misses an event while Redis is
 * down still sees the row, which stays the truth.
 */
export class TaskBus {
  readonly origin = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly eventsChannel: string;
  private readonly cancelChannel: string;
  private readonly eventListeners: ((event: TaskStatusEvent) => void)[] = [];
  private readonly cancelListeners: ((taskId: string) => void)[] = [];
  private readonly progressListeners: ((event: TaskProgressEvent) => void)[] = [];

  constructor(url: string, prefix: string, logger: BaseLogger) {
    this.eventsChannel = `${prefix}:handit:task-events`;
    this.cancelChannel = `${prefix}:handit:cancel`;
    // Publishing fails at once while Redis is down (no offline queue): the caller never waits on it.
    this.pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: 'handit-bus-pub' });
    // The subscriber resubscribes by itself after a reconnect (ioredis autoResubscribe).
    this.sub = new Redis(url, { maxRetriesPerRequest: null, connectionName: 'handit-bus-sub' });
    this.pub.on('error', throttledErrorLog(logger, 'handit-bus-pub'));
    this.sub.on('error', throttledErrorLog(logger, 'handit-bus-sub'));
    this.sub.subscribe(this.eventsChannel, this.cancelChannel).catch(throttledErrorLog(logger, 'handit-bus-subscribe'));
    this.sub.on('message', (channel: string, raw: string) => this.deliver(channel, raw));
  }

  publishEvent(event: TaskStatusEvent): void {
    this.publish(this.eventsChannel, { o: this.origin, e: event });
  }

  publishProgress(event: TaskProgressEvent): void {
    this.publish(this.eventsChannel, { o: this.origin, p: event });
  }

  /** Asks whichever replica runs the task to abort it. */
  publishCancel(taskId: string): void {
    this.publish(this.cancelChannel, { o: this.origin, c: taskId });
  }

  onEvent(listener: (event: TaskStatusEvent) => void): void {
    this.eventListeners.push(listener);
  }

  onProgress(listener: (event: TaskProgressEvent) => void): void {
    this.progressListeners.push(listener);
  }

  onCancel(listener: (taskId: string) => void): void {
    this.cancelListeners.push(listener);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }

  private publish(channel: string, envelope: Envelope): void {
    if (this.pub.status !== 'ready') return;
    this.pub.publish(channel, JSON.stringify(envelope)).catch(() => undefined);
  }

  private deliver(channel: string, raw: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      return;
    }
    if (channel === this.eventsChannel && envelope.e && envelope.o !== this.origin) {
      for (const listener of this.eventListeners) listener(envelope.e);
    } else if (channel === this.eventsChannel && envelope.p && envelope.o !== this.origin) {
      for (const listener of this.progressListeners) listener(envelope.p);
    } else if (channel === this.cancelChannel && typeof envelope.c === 'string') {
      for (const listener of this.cancelListeners) listener(envelope.c);
    }
  }
}
