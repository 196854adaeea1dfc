import { InProcessPriorityQueue } from './in-process-priority-queue';
import type { Priority } from '../tasks/task.types';

describe('InProcessPriorityQueue', () => {
  let now = 1_000_000;
  const clock = () => now;
  const entry = (id: string, priority: Priority, at = now) => ({ id, priority, enqueuedAt: at, availableAt: at });

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
    expect(drain(queue)).toEqual(['critical-1', 'critical-2', 'high-1', 'normal-1', 'normal-2', 'low-1', 'background-1']);
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
    queue.enqueue({ id: 'later', priority: 'critical', enqueuedAt: Date.now(), availableAt: Date.now() + 30 });
    queue.enqueue({ id: 'now', priority: 'low', enqueuedAt: Date.now(), availableAt: Date.now() });
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
    queue.enqueue({ id: 'b', priority: 'low', enqueuedAt: now, availableAt: now + 60_000 });
    expect(queue.clear().sort()).toEqual(['a', 'b']);
    expect(queue.size).toBe(0);
  });
});
