/** One entry of a run's log: its id orders it (a monotonic ULID taken when it was appended). */
export interface RunLogEntry {
  id: string;
  runId: string;
}

/**
 * A run's append-only log, shared by the native event log (RunEvents) and the Platform stream
 * (RunStream): each entry is written to the database and then announced in-process, so a reader
 * that joins late or reconnects after an id pages the stored entries and then follows new ones.
 *
 * Order: the inserts of one run are chained, so the database never holds a later id without every
 * earlier one, and a reader that pages by id after each announcement never skips an entry.
 */
export class RunLog<T extends RunLogEntry> {
  /** Tail of each run's insert chain; an entry is removed when its chain drains. */
  private readonly chains = new Map<string, Promise<void>>();
  /** Listeners per run; a run's set is removed with its last listener. */
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(
    private readonly store: (entry: T) => Promise<unknown>,
    /** A failed insert is reported here and the chain goes on: one lost entry must not stall the run. */
    private readonly storeFailed: (entry: T, error: Error) => void,
  ) {}

  /** Stores the entry after the run's earlier ones, then wakes the run's listeners and calls `announced`. */
  append(entry: T, announced?: () => void): Promise<void> {
    const next = (this.chains.get(entry.runId) ?? Promise.resolve())
      .then(() => this.store(entry))
      .catch((error: Error) => this.storeFailed(entry, error))
      .then(() => {
        this.notify(entry.runId);
        announced?.();
      });
    this.chains.set(entry.runId, next);
    void next.finally(() => {
      if (this.chains.get(entry.runId) === next) this.chains.delete(entry.runId);
    });
    return next;
  }

  /** Resolves when every entry appended so far for the run is stored. */
  flushed(runId: string): Promise<void> {
    return this.chains.get(runId) ?? Promise.resolve();
  }

  /** Calls `listener` after each new stored entry of the run; returns the unsubscribe function. */
  subscribe(runId: string, listener: () => void): () => void {
    const set = this.listeners.get(runId) ?? new Set();
    set.add(listener);
    this.listeners.set(runId, set);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(runId);
    };
  }

  /** Wakes the run's listeners. */
  notify(runId: string): void {
    for (const listener of this.listeners.get(runId) ?? []) listener();
  }
}
