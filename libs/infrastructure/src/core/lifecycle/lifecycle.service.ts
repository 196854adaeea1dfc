import { Injectable, Optional } from '@nestjs/common';
import { EventCore } from '../../optional/event-core';

export const LIFECYCLE_PHASES = ['starting', 'ready', 'draining', 'stopped'] as const;
export type LifecyclePhase = (typeof LIFECYCLE_PHASES)[number];

/**
 * Where the process is in its life. Readiness is true only while `ready`: Kubernetes stops
 * sending traffic before shutdown begins and until start-up (migrations, recovery) is done.
 */
@Injectable()
export class LifecycleService {
  private current: LifecyclePhase = 'starting';
  private readonly startedAt = Date.now();
  private inFlight = 0;

  constructor(@Optional() private readonly events?: EventCore) {}

  get phase(): LifecyclePhase {
    return this.current;
  }

  get ready(): boolean {
    return this.current === 'ready';
  }

  get acceptingWork(): boolean {
    return this.current === 'starting' || this.current === 'ready';
  }

  get uptimeSeconds(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  get inFlightRequests(): number {
    return this.inFlight;
  }

  markReady(): void {
    if (this.current !== 'starting') return;
    this.current = 'ready';
    this.events?.emit('service.ready', { at: new Date().toISOString() });
  }

  beginDrain(): void {
    if (this.current === 'stopped' || this.current === 'draining') return;
    this.current = 'draining';
    this.events?.emit('service.draining', { at: new Date().toISOString() });
  }

  markStopped(): void {
    this.current = 'stopped';
  }

  requestStarted(): void {
    this.inFlight++;
  }

  requestFinished(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }
}
