/**
 * bench:distributed — tasks/s through the service in the distributed mode (two ROLE=all replicas
 * on one PostgreSQL and one Redis, tasks submitted round-robin over HTTP, timed until every row
 * is final) against raw BullMQ jobs/s on the same Redis with the same work (two workers, the same
 * concurrency, each job running the same technical-analysis computation). Printed as a ratio.
 *
 * Needs PostgreSQL and Redis (scripts/ci/start-postgres.sh, scripts/ci/start-redis.sh);
 * TEST_DATABASE_URL / TEST_REDIS_URL override where. BENCH_TASKS sets the count (default 1000).
 */
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { QUANT_TASK_ENGINES, randomCandles } from '@app/handit/testing';
import {
  TASKS,
  TEST_REDIS_URL,
  api,
  clusterResources,
  countTasks,
  pool,
  query,
  uniqueName,
  until,
} from '../test/support/distributed';
import { runBench, technicalInput } from './support';

const N = Number(process.env.BENCH_TASKS ?? 1000);
const CONCURRENCY = 4;
const CLIENTS = 32;
const INPUT = technicalInput(randomCandles(500));

async function throughService(): Promise<number> {
  const cluster = clusterResources('bench_dist', 'aio_bench');
  const { schema, replicas } = cluster;
  try {
    const env = await cluster.env({ HANDIT_CONCURRENCY: String(CONCURRENCY), HANDIT_MAX_QUEUE_DEPTH: '1000000' });
    await cluster.startInTurn(env, 'all', 'all');
    const body = { type: 'technical_analysis', input: INPUT, options: { cache: false } };
    // Warm-up: JIT, worker threads, connection pools.
    await pool(
      Array.from({ length: 40 }, (_, i) => i),
      8,
      (i) => api(replicas[i % 2].port, 'POST', `${TASKS}?wait=10000`, body),
    );
    await query(schema, 'DELETE FROM handit_tasks');

    const started = Date.now();
    await pool(
      Array.from({ length: N }, (_, i) => i),
      CLIENTS,
      async (i) => {
        const res = await api(replicas[i % 2].port, 'POST', TASKS, body);
        if (res.status !== 202) throw new Error(`POST answered ${res.status}`);
      },
    );
    await until(async () => (await countTasks(schema, 'succeeded')) === N, 600_000, 'every task', 50);
    return (N / (Date.now() - started)) * 1000;
  } finally {
    await cluster.release();
  }
}

async function rawBullmq(): Promise<number> {
  const prefix = uniqueName('raw_bench');
  const connection = { url: TEST_REDIS_URL };
  const queue = new Queue('raw', { connection, prefix });
  const events = new QueueEvents('raw', { connection, prefix });
  const work = async (job: Job) => QUANT_TASK_ENGINES.technical_analysis.run(job.data);
  const workers = [0, 1].map(
    () =>
      new Worker('raw', work, {
        connection: { ...connection, maxRetriesPerRequest: null },
        prefix,
        concurrency: CONCURRENCY,
      }),
  );
  try {
    await events.waitUntilReady();
    let done = 0;
    const finished = new Promise<void>((resolve) => events.on('completed', () => ++done === N && resolve()));
    const started = Date.now();
    for (let i = 0; i < N; i += 100) {
      await queue.addBulk(
        Array.from({ length: Math.min(100, N - i) }, () => ({
          name: 'ta',
          data: INPUT,
          opts: { removeOnComplete: true, priority: 3 },
        })),
      );
    }
    await finished;
    return (N / (Date.now() - started)) * 1000;
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

async function main(): Promise<void> {
  const raw = await rawBullmq();
  const service = await throughService();
  console.log(
    `\nbench:distributed — ${N} technical_analysis tasks (500 candles, 5 indicators), ${CONCURRENCY} at a time per replica, 2 replicas / 2 workers`,
  );
  console.log(`  raw BullMQ (same Redis, same computation):   ${raw.toFixed(0)} jobs/s`);
  console.log(`  service (HTTP → PostgreSQL row → BullMQ):     ${service.toFixed(0)} tasks/s`);
  console.log(`  ratio service / raw: ${(service / raw).toFixed(2)}`);
}

runBench(main, { exitWhenDone: true });
