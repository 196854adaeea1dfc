import { agedBullPriority, bullPriorityOf } from './priority-mapping';

describe('BullMQ priority mapping', () => {
  it('maps the five levels onto 1..5, critical first, never 0', () => {
    expect(['critical', 'high', 'normal', 'low', 'background'].map((p) => bullPriorityOf(p as never))).toEqual([
      1, 2, 3, 4, 5,
    ]);
  });

  it('raises a waiting job one level per aging interval, up to critical', () => {
    expect(agedBullPriority('background', 0, 1000)).toBe(5);
    expect(agedBullPriority('background', 999, 1000)).toBe(5);
    expect(agedBullPriority('background', 1000, 1000)).toBe(4);
    expect(agedBullPriority('background', 3500, 1000)).toBe(2);
    expect(agedBullPriority('background', 60_000, 1000)).toBe(1);
    expect(agedBullPriority('critical', 60_000, 1000)).toBe(1);
    expect(agedBullPriority('normal', -5, 1000)).toBe(3);
  });
});
