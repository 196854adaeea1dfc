import { pickHealthiest } from './router';

describe('pickHealthiest', () => {
  it('prefers the higher score, then the lower load, then the older id', () => {
    expect(
      pickHealthiest([
        { id: 'b', score: 90, routable: true, load: 0 },
        { id: 'a', score: 95, routable: true, load: 3 },
      ])?.id,
    ).toBe('a');
    expect(
      pickHealthiest([
        { id: 'a', score: 95.2, routable: true, load: 2 },
        { id: 'b', score: 95.9, routable: true, load: 1 },
      ])?.id,
    ).toBe('b');
    expect(
      pickHealthiest([
        { id: 'b', score: 100, routable: true, load: 0 },
        { id: 'a', score: 100, routable: true, load: 0 },
      ])?.id,
    ).toBe('a');
  });

  it('skips agents out of routing, and returns null when none is left', () => {
    expect(
      pickHealthiest([
        { id: 'a', score: 100, routable: false, load: 0 },
        { id: 'b', score: 60, routable: true, load: 5 },
      ])?.id,
    ).toBe('b');
    expect(pickHealthiest([{ id: 'a', score: 100, routable: false, load: 0 }])).toBeNull();
  });
});
