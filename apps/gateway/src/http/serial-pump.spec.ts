import { serialPump } from './serial-pump';

describe('serialPump', () => {
  it('runs one pass at a time and makes one more pass for the wake-ups that came during it', async () => {
    let running = 0;
    let most = 0;
    let passes = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pump = serialPump(async () => {
      running++;
      most = Math.max(most, running);
      passes++;
      if (passes === 1) await gate;
      running--;
      return false;
    });
    const first = pump();
    await Promise.all([pump(), pump(), pump()]);
    release();
    await first;
    expect(most).toBe(1);
    expect(passes).toBe(2);
  });

  it('does nothing once a pass says the feed is over', async () => {
    let passes = 0;
    const pump = serialPump(async () => ++passes >= 1);
    await pump();
    await pump();
    expect(passes).toBe(1);
  });
});
