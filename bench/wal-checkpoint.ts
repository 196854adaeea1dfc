/**
 * What a commit costs on the event loop with SQLite's own WAL auto-checkpoint, and with the WAL
 * checkpointed from a worker thread (WalCheckpointer, what the service does).
 *
 *   npm run bench:wal     (BENCH_WRITES=4000 BENCH_ROUNDS=3 to change)
 *
 * Two databases in one process, written alternately (one insert of a 48 KB row each, the size of a
 * 500-candle task input), so machine noise falls on both alike. With the default, the commit that
 * takes the WAL past 1,000 pages copies them back before it returns: that commit's time is the
 * tail. Prints per-commit percentiles of each, per round, and the medians over rounds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { WalCheckpointer } from '@app/infrastructure';

const WRITES = Number(process.env.BENCH_WRITES ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROW = Buffer.alloc(48 * 1024, 1);

interface Target {
  write(): void;
  close(): Promise<void>;
}

function openTarget(path: string, checkpointer: boolean): Target {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const worker = checkpointer ? new WalCheckpointer(path, 5000, () => undefined) : undefined;
  if (worker) db.pragma(`wal_autocheckpoint = ${WalCheckpointer.SAFETY_NET_PAGES}`);
  db.exec('create table rows (id integer primary key, body blob not null, at text not null)');
  const insert = db.prepare('insert into rows (body, at) values (?, ?)');
  return {
    write: () => insert.run(ROW, new Date().toISOString()),
    close: async () => {
      await worker?.stop();
      db.close();
    },
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function round(dir: string, n: number): Promise<{ own: number[]; worker: number[] }> {
  const own = openTarget(join(dir, `own-${n}.db`), false);
  const worker = openTarget(join(dir, `worker-${n}.db`), true);
  const times = { own: [] as number[], worker: [] as number[] };
  for (let i = 0; i < WRITES; i += 1) {
    let start = performance.now();
    own.write();
    times.own.push(performance.now() - start);
    start = performance.now();
    worker.write();
    times.worker.push(performance.now() - start);
    // Yield now and then, as a service between requests does, so the checkpointer thread's
    // message loop and timers run.
    if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await own.close();
  await worker.close();
  return { own: times.own.sort((a, b) => a - b), worker: times.worker.sort((a, b) => a - b) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-wal-'));
  const figures = {
    own: { p50: [] as number[], p99: [] as number[], max: [] as number[] },
    worker: { p50: [] as number[], p99: [] as number[], max: [] as number[] },
  };
  try {
    console.log(`SQLite commit on the event loop: ${WRITES} inserts of ${ROW.length / 1024} KB per database per round`);
    for (let n = 1; n <= ROUNDS; n += 1) {
      const result = await round(dir, n);
      for (const kind of ['own', 'worker'] as const) {
        const sorted = result[kind];
        figures[kind].p50.push(percentile(sorted, 0.5));
        figures[kind].p99.push(percentile(sorted, 0.99));
        figures[kind].max.push(sorted[sorted.length - 1]);
      }
      const line = (kind: 'own' | 'worker') =>
        `p50 ${percentile(result[kind], 0.5).toFixed(3)} ms  p99 ${percentile(result[kind], 0.99).toFixed(3)} ms  p99.9 ${percentile(result[kind], 0.999).toFixed(2)} ms  max ${result[kind][result[kind].length - 1].toFixed(2)} ms`;
      console.log(`  round ${n}  SQLite auto-checkpoint   ${line('own')}`);
      console.log(`  round ${n}  worker checkpointer     ${line('worker')}`);
    }
    const own = { p50: median(figures.own.p50), p99: median(figures.own.p99), max: median(figures.own.max) };
    const worker = {
      p50: median(figures.worker.p50),
      p99: median(figures.worker.p99),
      max: median(figures.worker.max),
    };
    console.log(`\nMedians over ${ROUNDS} rounds`);
    console.log(
      `  SQLite auto-checkpoint   p50 ${own.p50.toFixed(3)} ms  p99 ${own.p99.toFixed(3)} ms  max ${own.max.toFixed(2)} ms`,
    );
    console.log(
      `  worker checkpointer      p50 ${worker.p50.toFixed(3)} ms  p99 ${worker.p99.toFixed(3)} ms  max ${worker.max.toFixed(2)} ms`,
    );
    console.log(
      `  ratio (worker / own)     p50 ${(worker.p50 / own.p50).toFixed(2)}  p99 ${(worker.p99 / own.p99).toFixed(2)}  max ${(worker.max / own.max).toFixed(2)}`,
    );
    console.log(`  node ${process.version}, ${process.platform}/${process.arch}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
