import { Worker } from 'node:worker_threads';

/**
 * Copies the SQLite write-ahead log back into the database file from a worker thread, so the event
 * loop never does it.
 *
 * better-sqlite3 is synchronous: with SQLite's default auto-checkpoint, the commit that takes the
 * WAL past 1,000 pages copies those pages (4 MB) back before it returns, on the main thread. Every
 * few dozen tasks (each writes its input and result) or searches (each records its hits' access),
 * one request paid 10–20 ms for it: the p99 of `bench:memory` and of the task benches. Here a
 * second connection on its own thread runs a PASSIVE checkpoint every CHECKPOINT_INTERVAL_MS (it
 * never waits for a lock, so it never holds up the writer), and the main connection's own
 * auto-checkpoint stays on at SAFETY_NET_PAGES, only for when writes outrun the worker.
 *
 * The worker is inline source (`eval`), so it runs the same from TypeScript under Jest and from
 * dist/, and it requires better-sqlite3 by the path the main thread resolved.
 */
export class WalCheckpointer {
  static readonly CHECKPOINT_INTERVAL_MS = 100;
  /** The main connection's auto-checkpoint: 16,000 pages of 4 KiB, i.e. 64 MiB of WAL. */
  static readonly SAFETY_NET_PAGES = 16_000;
  /** A final checkpoint that takes longer than this is left to the next open. */
  static readonly STOP_TIMEOUT_MS = 5_000;
  /** After a checkpoint resets it, the WAL file is truncated to this size (PRAGMA journal_size_limit). */
  static readonly WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

  private readonly worker: Worker;
  private stopped?: Promise<void>;
  private exited = false;

  constructor(path: string, busyTimeoutMs: number, onError: (error: Error) => void) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        module: require.resolve('better-sqlite3'),
        path,
        busyTimeoutMs,
        intervalMs: WalCheckpointer.CHECKPOINT_INTERVAL_MS,
      },
    });
    // A checkpointer that cannot run leaves the main connection's safety net in charge: slower
    // tail, never lost data. It must not keep the process alive either.
    this.worker.on('error', onError);
    this.worker.once('exit', () => (this.exited = true));
    this.worker.unref();
  }

  /**
   * Checkpoints once more and ends the thread. Safe to call more than once. The thread is ref'd
   * again first: otherwise, with nothing else left on the event loop, the process would exit
   * while shutdown awaits it, skipping the hooks after this one.
   */
  stop(): Promise<void> {
    if (this.exited) return Promise.resolve();
    this.stopped ??= new Promise<void>((resolve) => {
      this.worker.ref();
      const done = () => {
        clearTimeout(deadline);
        resolve();
      };
      const deadline = setTimeout(() => void this.worker.terminate().finally(done), WalCheckpointer.STOP_TIMEOUT_MS);
      this.worker.once('exit', done);
      this.worker.postMessage('stop');
    });
    return this.stopped;
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
try {
  db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
} catch {
  process.exit(0);
}
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // SQLITE_BUSY or a closing file: the next round tries again.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  process.exit(0);
});
`;
