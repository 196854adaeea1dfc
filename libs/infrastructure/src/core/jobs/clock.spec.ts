import { ManualClock } from './clock';

describe('ManualClock', () => {
  it('fires due timers in time order, each seeing its own due time', () => {
    const clock = new ManualClock(1000);
    const seen: Array<[string, number]> = [];
    clock.setTimer(() => seen.push(['b', clock.now()]), 200);
    clock.setTimer(() => seen.push(['a', clock.now()]), 100);
    const cancelled = clock.setTimer(() => seen.push(['c', clock.now()]), 150);
    cancelled.cancel();
    clock.advance(150);
    expect(seen).toEqual([['a', 1100]]);
    expect(clock.now()).toBe(1150);
    clock.advance(50);
    expect(seen).toEqual([
      ['a', 1100],
      ['b', 1200],
    ]);
  });

  it('fires timers set by a firing timer when they fall inside the same advance', () => {
    const clock = new ManualClock(0);
    const seen: number[] = [];
    const tick = () => {
      seen.push(clock.now());
      clock.setTimer(tick, 10);
    };
    clock.setTimer(tick, 10);
    clock.advance(35);
    expect(seen).toEqual([10, 20, 30]);
    expect(clock.pendingTimers).toBe(1);
  });
});
