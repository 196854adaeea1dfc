import { EventEmitter2 } from '@nestjs/event-emitter';
import { EventCore } from '../../optional/event-core';
import { LifecycleService } from './lifecycle.service';

describe('LifecycleService', () => {
  it('moves starting → ready → draining once each, announcing both on the event bus', () => {
    const events = new EventCore(new EventEmitter2());
    const seen: string[] = [];
    events.on('service.ready', () => seen.push('ready'));
    events.on('service.draining', () => seen.push('draining'));
    const lifecycle = new LifecycleService(events);
    expect(lifecycle.ready).toBe(false);
    expect(lifecycle.acceptingWork).toBe(true);
    lifecycle.markReady();
    lifecycle.markReady();
    expect(lifecycle.ready).toBe(true);
    lifecycle.beginDrain();
    lifecycle.beginDrain();
    expect(lifecycle.phase).toBe('draining');
    expect(lifecycle.acceptingWork).toBe(false);
    lifecycle.markReady();
    expect(lifecycle.phase).toBe('draining');
    expect(seen).toEqual(['ready', 'draining']);
  });

  it('works without an event bus (optional layer disabled)', () => {
    const lifecycle = new LifecycleService();
    lifecycle.markReady();
    lifecycle.beginDrain();
    expect(lifecycle.phase).toBe('draining');
  });
});
