import { InProcessPriorityQueue } from './in-process-priority-queue';
import type { Priority } from '../tasks/task.types';

describe('InProcessPriorityQueue', () => {
  let now = 1_000_000;
  const clock = () => now;
  const entry = (id: string, priority: Priority, at = now, tenant = 't1') => {
    return { id, tenant, priority, enqueuedAt: at, availableAt: at };
  };

  beforeEach(() => {
    now = 1_000_000;
  });

  function drain(queue: InProcessPriorityQueue): string[] {
    const ids: string[] = [];
    for (let e = queue.dequeue(); e; e = queue.dequeue()) ids.push(e.id);
    return ids;
  }

  it('serves strict priority order, FIFO within a level', () => {
    const queue = new InProcessPriorityQueue(60_000, clock);
    queue.enqueue(entry('low-1', 'low'));
    queue.enqueue(entry('normal-1', 'normal'));
    queue.enqueue(entry('critical-1', 'critical'));
    queue.enqueue(entry('normal-2', 'normal'));
    queue.enqueue(entry('background-1', 'background'));
    queue.enqueue(entry('high-1', 'high'));
    queue.enqueue(entry('critical-2', 'critical'));
    expect(drain(queue)).toEqual([
      'critical-1',
      'critical-2',
      'high-1',
      'normal-1',
      'normal-2',
      'low-1',
      'background-1',
    ]);
  });

  it('ages a waiting background task to the front under a constant critical load', () => {
    const queue = new InProcessPriorityQueue(1000, clock);
    queue.enqueue(entry('bg', 'background'));
    const served: string[] = [];
    // Each tick a new critical task arrives and one task is served.
    for (let tick = 0; tick < 10 && !served.includes('bg'); tick++) {
      queue.enqueue(entry(`c${tick}`, 'critical'));
      served.push(queue.dequeue()!.id);
      now += 500;
    }
    // 4 levels × 1000 ms: the background task competes as critical after 4 s and wins as the oldest.
    expect(served.indexOf('bg')).toBe(8);
    expect(served.slice(0, 8)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
  });

  it('removes entries (cancel) and reports depth per priority', () => {
    const queue = new InProcessPriorityQueue(60_000, clock);
    queue.enqueue(entry('a', 'high'));
    queue.enqueue(entry('b', 'high'));
    queue.enqueue(entry('c', 'low'));
    expect(queue.depthByPriority()).toEqual({ critical: 0, high: 2, normal: 0, low: 1, background: 0 });
    expect(queue.remove('a')).toBe(true);
    expect(queue.remove('a')).toBe(false);
    expect(queue.size).toBe(2);
    expect(drain(queue)).toEqual(['b', 'c']);
  });

  it('holds delayed entries until they are available, then signals readiness', async () => {
    const queue = new InProcessPriorityQueue(60_000);
    let ready = 0;
    queue.onReady(() => ready++);
    queue.enqueue({ ...entry('later', 'critical', Date.now()), availableAt: Date.now() + 30 });
    queue.enqueue({ id: 'now', tenant: 't1', priority: 'low', enqueuedAt: Date.now(), availableAt: Date.now() });
    expect(queue.dequeue()?.id).toBe('now');
    expect(queue.dequeue()).toBeUndefined();
    expect(queue.size).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(ready).toBe(1);
    expect(queue.dequeue()?.id).toBe('later');
  });

  it('clear (drain) returns every waiting id', () => {
    const queue = new InProcessPriorityQueue(60_000, clock);
    queue.enqueue(entry('a', 'normal'));
    queue.enqueue({ id: 'b', tenant: 't1', priority: 'low', enqueuedAt: now, availableAt: now + 60_000 });
    expect(queue.clear().sort()).toEqual(['a', 'b']);
    expect(queue.size).toBe(0);
  });

  it("holds one tenant's entries, present and future, while the others are served in priority order", () => {
    const queue = new InProcessPriorityQueue(60_000, clock);
    queue.enqueue(entry('t1-normal', 'normal', now, 't1'));
    queue.enqueue(entry('t2-critical', 'critical', now, 't2'));
    queue.enqueue(entry('t1-low', 'low', now, 't1'));
    queue.hold('t2');
    queue.enqueue(entry('t2-high', 'high', now, 't2'));
    queue.enqueue(entry('t1-critical', 'critical', now, 't1'));
    expect(queue.holds('t2')).toBe(true);
    expect(queue.size).toBe(5);
    expect(queue.has('t2-high')).toBe(true);
    expect(drain(queue)).toEqual(['t1-critical', 't1-normal', 't1-low']);
    expect(queue.depthByPriority()).toEqual({ critical: 1, high: 1, normal: 0, low: 0, background: 0 });
    queue.release('t2');
    expect(queue.holds('t2')).toBe(false);
    expect(drain(queue)).toEqual(['t2-critical', 't2-high']);
  });

  it('puts released entries back where their age places them, FIFO within a level', () => {
    const queue = new InProcessPriorityQueue(60_000, clock);
    queue.enqueue(entry('t2-old', 'normal', now - 3, 't2'));
    queue.enqueue(entry('t1-a', 'normal', now - 2, 't1'));
    queue.hold('t2');
    queue.enqueue(entry('t2-mid', 'normal', now - 1, 't2'));
    queue.enqueue(entry('t1-b', 'normal', now, 't1'));
    let ready = 0;
    queue.onReady(() => ready++);
    queue.release('t2');
    expect(ready).toBe(1);
    expect(drain(queue)).toEqual(['t2-old', 't1-a', 't2-mid', 't1-b']);
  });

  it('cancels a held entry, and drains one tenant only, keeping its hold', () => {
    const queue = new InProcessPriorityQueue(60_000, clock);
    queue.enqueue(entry('a1', 'normal', now, 't1'));
    queue.enqueue(entry('b1', 'normal', now, 't2'));
    queue.enqueue({ id: 'b2', tenant: 't2', priority: 'low', enqueuedAt: now, availableAt: now + 60_000 });
    queue.hold('t2');
    queue.enqueue(entry('b3', 'high', now, 't2'));
    expect(queue.remove('b3')).toBe(true);
    expect(queue.clear('t2').sort()).toEqual(['b1', 'b2']);
    expect(queue.size).toBe(1);
    expect(queue.holds('t2')).toBe(true);
    queue.enqueue(entry('b4', 'critical', now, 't2'));
    expect(drain(queue)).toEqual(['a1']);
    queue.release('t2');
    expect(drain(queue)).toEqual(['b4']);
  });
});
