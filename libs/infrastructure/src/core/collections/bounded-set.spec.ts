import { BoundedSet } from './bounded-set';

describe('BoundedSet', () => {
  it('forgets the oldest member beyond its capacity; re-adding refreshes a member', () => {
    const set = new BoundedSet<string>(2);
    set.add('a');
    set.add('b');
    set.add('a');
    set.add('c');
    expect(set.has('a')).toBe(true);
    expect(set.has('b')).toBe(false);
    expect(set.has('c')).toBe(true);
    expect(set.size).toBe(2);
  });
});
