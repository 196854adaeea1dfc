/**
 * Task throughput through the whole service: a technical_analysis task (500 candles, 5
 * indicators) submitted over HTTP with `?wait=` (so each request's latency is submit → complete),
 * with the result cache off and on, beside a bare Express hello-world in the same run; then RSS of
 * the service before and after BENCH_RSS_TASKS tasks (default 100,000; small options_pricing
 * tasks, so the memory figure is about the service's bookkeeping, not about payload sizes).
 *
 *   npm run bench:tasks     (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_RSS_TASKS to change the load)
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { freePort } from '../test/support/child-app';
import {
  BENCH_API_KEY,
  benchLoad,
  dailyCandles,
  runBench,
  startBuiltService,
  startExpressHello,
  technicalInput,
  waitFor,
} from './support';

const { seconds: SECONDS, connections: CONNECTIONS } = benchLoad({ seconds: 10, connections: 16 });
const RSS_TASKS = Number(process.env.BENCH_RSS_TASKS ?? 100_000);

const INPUT = technicalInput(dailyCandles(500));

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function taskLoad(
  url: string,
  cache: boolean,
  opts: { duration?: number; amount?: number },
  body: unknown = { type: 'technical_analysis', input: INPUT },
) {
  return autocannon({
    url: `${url}/api/v1/ai-orchestration/tasks?wait=30000`,
    method: 'POST',
    connections: CONNECTIONS,
    ...opts,
    headers: { 'content-type': 'application/json', 'x-api-key': BENCH_API_KEY },
    body: JSON.stringify({ ...(body as object), options: { cache } }),
  });
}

const SMALL_TASK = {
  type: 'options_pricing',
  input: { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 },
};

async function main(): Promise<void> {
  const helloPort = await freePort();
  const service = await startBuiltService({}, 'bench-tasks');
  const hello = startExpressHello(helloPort);
  const base = service.base;
  try {
    await waitFor(`http://127.0.0.1:${helloPort}/`);
    // Warm-up: JIT, worker threads, SQLite pages.
    await taskLoad(base, false, { amount: 200 });

    const helloRun = await autocannon({
      url: `http://127.0.0.1:${helloPort}/`,
      connections: CONNECTIONS,
      duration: SECONDS,
    });
    const cacheOff = await taskLoad(base, false, { duration: SECONDS });
    const cacheOn = await taskLoad(base, true, { duration: SECONDS });

    const rows = [
      { name: 'express hello-world', r: helloRun },
      { name: 'technical_analysis, cache off', r: cacheOff },
      { name: 'technical_analysis, cache on', r: cacheOn },
    ];
    console.log(
      `\nTask bench: ${CONNECTIONS} connections, ${SECONDS}s per run, 500 candles × 5 indicators, Node ${process.version}\n`,
    );
    console.log('| run | req/s | p50 ms | p99 ms | non-2xx | errors | req/s vs express | p99 vs express |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const { name, r } of rows) {
      const isBase = r === helloRun;
      console.log(
        `| ${name} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx} | ${r.errors} | ${isBase ? '—' : (r.requests.average / helloRun.requests.average).toFixed(3)} | ${isBase ? '—' : (r.latency.p99 / helloRun.latency.p99).toFixed(1)} |`,
      );
    }

    const before = rssOf(service.proc.pid!);
    const started = Date.now();
    const rssRun = await taskLoad(base, true, { amount: RSS_TASKS }, SMALL_TASK);
    const after = rssOf(service.proc.pid!);
    console.log(
      `\nRSS: ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after ${RSS_TASKS} tasks (options_pricing, cache on; ${(RSS_TASKS / ((Date.now() - started) / 1000)).toFixed(0)} tasks/s, ${rssRun.non2xx} non-2xx, ${rssRun.errors} errors)`,
    );
  } finally {
    service.stop();
    hello.kill('SIGTERM');
  }
}

runBench(main);
