import { nextTurn } from './event-loop-turn';

describe('nextTurn', () => {
  it('hands out one turn per event-loop iteration, in order, across all callers', async () => {
    const order: string[] = [];
    let iteration = 0;
    const counter = setInterval(() => iteration++, 0);
    const worker = async (name: string) => {
      for (let slice = 0; slice < 3; slice++) {
        await nextTurn();
        order.push(`${name}${slice}@${iteration}`);
        await new Promise((r) => setTimeout(r, 1)); // lets the loop go round between slices
      }
    };
    await Promise.all([worker('a'), worker('b')]);
    clearInterval(counter);
    expect(order.map((entry) => entry.split('@')[0])).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
  });

  it('never runs two turns in the same iteration', async () => {
    const ticks: number[] = [];
    let immediateRounds = 0;
    const spin = () => {
      immediateRounds++;
      if (immediateRounds < 50) setImmediate(spin);
    };
    setImmediate(spin);
    await Promise.all(Array.from({ length: 5 }, () => nextTurn().then(() => ticks.push(immediateRounds))));
    expect(new Set(ticks).size).toBe(5);
  });
});
