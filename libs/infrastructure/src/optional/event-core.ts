import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

/**
 * Event names and payloads, typed. Libraries add their own events by declaration merging:
 *   declare module '@app/infrastructure' { interface AppEvents { 'task.completed': { id: string } } }
 */
export interface AppEvents {
  'service.ready': { at: string };
  'service.draining': { at: string };
}

export type AppEventName = keyof AppEvents & string;

/** Typed publish/subscribe over @nestjs/event-emitter (EventEmitter2). */
@Injectable()
export class EventCore {
  constructor(private readonly emitter: EventEmitter2) {}

  emit<E extends AppEventName>(event: E, payload: AppEvents[E]): void {
    this.emitter.emit(event, payload);
  }

  on<E extends AppEventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return () => this.emitter.off(event, listener as (...args: unknown[]) => void);
  }

  listenerCount(event: AppEventName): number {
    return this.emitter.listenerCount(event);
  }
}
