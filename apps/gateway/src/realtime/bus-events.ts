import { Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { EventCore, newId, RingBuffer } from '@app/infrastructure';
import type { AlertNotification } from '@app/monitoring-orchestrator';

/** The channels a filter subscription can follow (events of the caller's tenant, on this replica). */
export type BusChannel = 'tasks' | 'runs' | 'alerts';

/** One event of the replica's event bus, numbered so a client can resume after it. */
export interface BusEvent {
  id: string;
  channel: BusChannel;
  /** Whose it is; null: a system alert rule, which every tenant reads. */
  tenant: string | null;
  /** The event name as the SSE streams name it: `status` (task), `run` (run status), `alert.firing`, `alert.resolved`. */
  event: string;
  data: Record<string, unknown>;
}

/** Recent events kept for resuming (ids are time-ordered ULIDs): enough for a reconnect, bounded. */
const KEPT = 1000;

/**
 * Task status changes, run status changes and alert transitions from EventCore, for WebSocket
 * subscriptions by filter. The same events the SSE streams and webhooks carry; the last KEPT are
 * kept so a client reconnecting with `lastEventId` gets what it missed, if still held.
 */
@Injectable()
export class BusEvents implements OnModuleDestroy {
  private readonly recent = new RingBuffer<BusEvent>(KEPT);
  private readonly listeners = new Set<(event: BusEvent) => void>();
  private readonly off: (() => void)[] = [];

  constructor(@Optional() private readonly events?: EventCore) {
    if (!events) return;
    const tasks = ['task.created', 'task.started', 'task.queued', 'task.succeeded', 'task.failed'] as const;
    for (const name of [...tasks, 'task.cancelled', 'task.timed_out'] as const)
      this.off.push(events.on(name, (e) => this.publish('tasks', e.tenant, 'status', { ...e })));
    this.off.push(events.on('workflow.run.status', (e) => this.publish('runs', e.tenant, 'run', { ...e })));
    const alert = (e: AlertNotification) =>
      this.publish('alerts', e.tenant, `alert.${e.status}`, { ...e } as unknown as Record<string, unknown>);
    this.off.push(events.on('alert.firing', alert), events.on('alert.resolved', alert));
  }

  /** False when EventCore is off (optional.events): filter subscriptions are then refused. */
  get available(): boolean {
    return this.events !== undefined;
  }

  /** Held events after `afterId` (oldest first); `complete` is false when some may have been dropped. */
  since(afterId: string): { events: BusEvent[]; complete: boolean } {
    const all = this.recent.toArray();
    const complete = all.length < KEPT || (all[0] !== undefined && all[0].id <= afterId);
    return { events: all.filter((e) => e.id > afterId), complete };
  }

  listen(listener: (event: BusEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onModuleDestroy(): void {
    for (const off of this.off) off();
    this.listeners.clear();
  }

  private publish(channel: BusChannel, tenant: string | null, event: string, data: Record<string, unknown>): void {
    const item: BusEvent = { id: newId(), channel, tenant, event, data };
    this.recent.push(item);
    for (const listener of this.listeners) listener(item);
  }
}
