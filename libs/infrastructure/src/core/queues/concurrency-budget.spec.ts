import { AppError } from '../errors/app-error';
import { ConcurrencyBudget, ReleaseSlot } from './concurrency-budget';

/** Resolves pending promise callbacks without any timer. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function track(promise: Promise<ReleaseSlot>) {
  const state: { release?: ReleaseSlot; error?: unknown } = {};
  promise.then(
    (r) => (state.release = r),
    (e) => (state.error = e),
  );
  return state;
}

describe('ConcurrencyBudget', () => {
  it('keeps the reserved slots for interactive work however much background work waits', async () => {
    const budget = ConcurrencyBudget.create({ total: 4, interactiveReserved: 1, maxWaiters: 100 });
    const background = Array.from({ length: 10 }, () =>
      track(budget.acquire('scheduler.runs', { interactive: false })),
    );
    await flush();
    expect(background.filter((b) => b.release).length).toBe(3);
    expect(budget.stats()).toMatchObject({ inUse: 3, backgroundInUse: 3, waitingBackground: 7 });

    const critical = track(budget.acquire('handit.tasks', { priority: 'critical' }));
    await flush();
    expect(critical.release).toBeDefined();
    expect(budget.stats()).toMatchObject({ inUse: 4, interactiveInUse: 1 });
  });

  it('serves waiting interactive work before waiting background work when a slot frees', async () => {
    const budget = ConcurrencyBudget.create({ total: 2, interactiveReserved: 1, maxWaiters: 100 });
    const first = track(budget.acquire('a', { interactive: false }));
    const critical1 = track(budget.acquire('b', { interactive: true }));
    await flush();
    const waitingBackground = track(budget.acquire('a', { interactive: false }));
    const critical2 = track(budget.acquire('b', { interactive: true }));
    await flush();
    expect(waitingBackground.release).toBeUndefined();
    expect(critical2.release).toBeUndefined();

    first.release?.();
    await flush();
    expect(critical2.release).toBeDefined();
    expect(waitingBackground.release).toBeUndefined();
    critical1.release?.();
    await flush();
    // The freed slot is the reserved one's worth: background may hold total - reserved = 1.
    expect(waitingBackground.release).toBeDefined();
  });

  it('with no reservation, interactive work waits behind running background work (what the reservation prevents)', async () => {
    const budget = ConcurrencyBudget.create({ total: 2, interactiveReserved: 0, maxWaiters: 100 });
    track(budget.acquire('a', { interactive: false }));
    track(budget.acquire('a', { interactive: false }));
    const critical = track(budget.acquire('b', { interactive: true }));
    await flush();
    expect(critical.release).toBeUndefined();
  });

  it('serves background waiters round-robin between queues', async () => {
    const budget = ConcurrencyBudget.create({ total: 1, interactiveReserved: 0, maxWaiters: 100 });
    const holder = track(budget.acquire('x'));
    await flush();
    const order: string[] = [];
    const waiters = ['a', 'a', 'a', 'b', 'b', 'c'].map((q) =>
      budget.acquire(q).then((release) => {
        order.push(q);
        // Each holder finishes right away, handing the one slot to the next in line.
        queueMicrotask(release);
      }),
    );
    holder.release?.();
    await Promise.all(waiters);
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'a']);
  });

  it('rejects with QUEUE_FULL beyond maxWaiters, and an aborted waiter leaves the line', async () => {
    const budget = ConcurrencyBudget.create({ total: 1, interactiveReserved: 0, maxWaiters: 2 });
    const holder = track(budget.acquire('q'));
    const controller = new AbortController();
    const aborted = track(budget.acquire('q', { signal: controller.signal }));
    const second = track(budget.acquire('q'));
    const third = track(budget.acquire('q'));
    await flush();
    expect(third.error).toBeInstanceOf(AppError);
    expect((third.error as AppError).code).toBe('QUEUE_FULL');

    controller.abort(new Error('gave up'));
    await flush();
    expect((aborted.error as Error).message).toBe('gave up');
    holder.release?.();
    await flush();
    expect(second.release).toBeDefined();
    expect(aborted.release).toBeUndefined();
  });

  it('ignores a second release and keeps its counts exact', async () => {
    const budget = ConcurrencyBudget.create({ total: 3, interactiveReserved: 1, maxWaiters: 10 });
    const release = await budget.acquire('q');
    release();
    release();
    expect(budget.stats()).toMatchObject({ inUse: 0, byQueue: {} });
  });

  it('refuses a reservation that would leave background work no slot', () => {
    expect(() => ConcurrencyBudget.create({ total: 2, interactiveReserved: 2, maxWaiters: 1 })).toThrow(
      /must be below total/,
    );
  });
});
