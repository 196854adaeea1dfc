import { durableWrite } from './durable-write';

const terminated = () =>
  Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

function harness() {
  let clock = 0;
  const waits: number[] = [];
  const retries: number[] = [];
  let stopped = false;
  return {
    waits,
    retries,
    stop: () => (stopped = true),
    options: {
      stopped: () => stopped,
      onRetry: (_err: unknown, attempt: number) => retries.push(attempt),
      sleep: async (ms: number) => {
        waits.push(ms);
        clock += ms;
      },
      now: () => clock,
      giveUpAfterMs: 10_000,
    },
  };
}

describe('durableWrite', () => {
  it('writes again after each dropped connection, waiting longer each time, until the write lands', async () => {
    const h = harness();
    let calls = 0;
    const result = await durableWrite(async () => {
      if (++calls < 6) throw terminated();
      return 'written';
    }, h.options);
    expect(result).toBe('written');
    expect(calls).toBe(6);
    expect(h.retries).toEqual([1, 2, 3, 4, 5]);
    expect(h.waits).toEqual([250, 500, 1000, 2000, 4000]);
  });

  it('throws at once an error that is not an outage', async () => {
    const h = harness();
    const duplicate = Object.assign(new Error('duplicate key value'), { code: '23505' });
    await expect(durableWrite(async () => Promise.reject(duplicate), h.options)).rejects.toBe(duplicate);
    expect(h.waits).toEqual([]);
  });

  it('gives up after giveUpAfterMs of outage, and at once when the replica is stopping', async () => {
    const h = harness();
    const outage = durableWrite(async () => Promise.reject(terminated()), h.options);
    await expect(outage).rejects.toThrow('terminating connection');
    expect(h.waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10_000);
    expect(Math.max(...h.waits)).toBe(5000);

    const s = harness();
    s.stop();
    const stopping = durableWrite(async () => Promise.reject(terminated()), s.options);
    await expect(stopping).rejects.toThrow('terminating connection');
    expect(s.waits).toEqual([]);
  });
});
