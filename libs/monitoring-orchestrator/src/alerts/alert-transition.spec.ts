import { INACTIVE, transition } from './alert-transition';

const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 9, 0, s));

describe('alert transition', () => {
  it('goes pending on the first breach and firing once it has held for forMs', () => {
    const pending = transition(INACTIVE, true, 5, at(0), 30_000);
    expect(pending.kinds).toEqual(['pending']);
    expect(pending.next).toEqual(expect.objectContaining({ state: 'pending', since: at(0), value: 5 }));
    expect(transition(pending.next, true, 6, at(29), 30_000).kinds).toEqual([]);
    const firing = transition(pending.next, true, 7, at(30), 30_000);
    expect(firing.kinds).toEqual(['firing']);
    expect(firing.next).toEqual(expect.objectContaining({ state: 'firing', since: at(30), firingSince: at(30) }));
  });

  it('fires at once when forMs is 0', () => {
    expect(transition(INACTIVE, true, 1, at(0), 0).kinds).toEqual(['pending', 'firing']);
  });

  it('cancels a pending alert that clears, and resolves a firing one, keeping when it started firing', () => {
    const pending = transition(INACTIVE, true, 5, at(0), 30_000).next;
    expect(transition(pending, false, 1, at(5), 30_000)).toEqual({
      next: expect.objectContaining({ state: 'inactive', since: at(5), firingSince: null }),
      kinds: ['cancelled'],
    });
    const firing = transition(INACTIVE, true, 5, at(0), 0).next;
    expect(transition(firing, false, null, at(9), 0)).toEqual({
      next: expect.objectContaining({ state: 'inactive', since: at(9), firingSince: at(0), value: null }),
      kinds: ['resolved'],
    });
  });
});
