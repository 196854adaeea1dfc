import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps the newest `capacity` items, oldest first', () => {
    const ring = new RingBuffer<number>(3);
    [1, 2, 3, 4, 5].forEach((n) => ring.push(n));
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.size).toBe(3);
    expect(ring.last()).toBe(5);
  });

  it('rejects a capacity that would not bound anything', () => {
    expect(() => new RingBuffer(0)).toThrow(/positive integer/);
  });
});
