/**
 * What each cache level saves, with Redis (scripts/ci/start-redis.sh) as L2:
 *
 * 1. In process: CoreCache lookups of a real task result (a 500-candle technical analysis) from
 *    L1 (in-process LRU) and from L2 (Redis GET + JSON parse, L1 off), BENCH_LOOKUPS each,
 *    sequential; MONITOR counts the Redis commands each phase sends (an L1 hit must send none).
 * 2. Through the service (the built app with REDIS_URL): the same task submitted with `?wait=`
 *    one at a time, BENCH_REQUESTS each: result cache off (the engine runs), cache on with L1
 *    (CACHE_L1_MAX_ENTRIES=100) and cache on with Redis only (CACHE_L1_MAX_ENTRIES=0).
 *
 *   npm run bench:cache   (BENCH_REDIS_URL, BENCH_LOOKUPS, BENCH_REQUESTS)
 */
import { Redis } from 'ioredis';
import { CoreCache, CorePerformance, newId } from '@app/infrastructure';
import { BENCH_API_KEY, type BenchService, dailyCandles, runBench, startBuiltService, technicalInput } from './support';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 2000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
// A seed of its own per run, so the result-cache key (a hash of the input) is this run's alone.
const SEED = Date.now() % 1000;
const INPUT = technicalInput(dailyCandles(500, SEED));

function quantile(sorted: number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.ceil(at)] - sorted[lo]) * (at - lo);
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

/** Redis commands that name `mark` (MONITOR sees every client, so others' commands are left out). */
async function watchRedis(mark: string) {
  const client = new Redis(REDIS_URL);
  const monitor = await client.monitor();
  client.disconnect();
  let commands: string[] = [];
  monitor.on('monitor', (_t: string, args: string[]) => {
    if (args.some((a) => a.includes(mark))) commands.push(args[0].toLowerCase());
  });
  return {
    async take(): Promise<string[]> {
      await new Promise((r) => setTimeout(r, 200));
      const taken = commands;
      commands = [];
      return taken;
    },
    stop: () => monitor.disconnect(),
  };
}

async function submit(service: BenchService, cache: boolean): Promise<{ ms: number; body: any }> {
  const started = performance.now();
  const res = await fetch(`${service.base}/api/v1/ai-orchestration/tasks?wait=30000`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': BENCH_API_KEY },
    body: JSON.stringify({ type: 'technical_analysis', input: INPUT, options: { cache } }),
  });
  const body = (await res.json()) as any;
  const ms = performance.now() - started;
  if (res.status !== 200 || body.data.status !== 'succeeded')
    throw new Error(`task: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return { ms, body };
}

async function serviceRun(service: BenchService, cache: boolean) {
  await submit(service, cache); // warm: fills the cache when on
  const samples: number[] = [];
  let hits = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const { ms, body } = await submit(service, cache);
    samples.push(ms);
    if (body.data.cacheHit) hits++;
  }
  return { ...summary(samples), hits };
}

async function main(): Promise<void> {
  const redis = await watchRedis('handit:result:');
  const rows: { level: string; p50: number; p95: number; redis: string; note: string }[] = [];

  // 1. In process, on a real result taken from the service.
  const withL1 = await startBuiltService({ REDIS_URL, CACHE_L1_MAX_ENTRIES: '100' }, 'bench-cache-l1');
  const withoutL1 = await startBuiltService({ REDIS_URL, CACHE_L1_MAX_ENTRIES: '0' }, 'bench-cache-l2');
  try {
    const result = (await submit(withL1, false)).body.data.result;
    const bytes = Buffer.byteLength(JSON.stringify(result));
    const namespace = `aio-cache-bench-${newId().toLowerCase()}`;
    const mark = await watchRedis(namespace);
    const perf = new CorePerformance({ defaultMetrics: false });
    const base = { maxEntries: 100, ttlMs: 300_000, redisUrl: REDIS_URL, namespace };
    const l1 = new CoreCache({ ...base, l1: { maxEntries: 100, ttlMs: 30_000 } }, perf);
    const l2 = new CoreCache({ ...base, l1: { maxEntries: 0, ttlMs: 30_000 } }, perf);
    await l1.ready();
    const key = `${namespace}:result`;
    await l1.set(key, result);
    await mark.take();
    for (const [level, cache] of [
      ['L1 (in process)', l1],
      ['L2 (Redis GET + parse)', l2],
    ] as const) {
      for (let i = 0; i < 100; i++) await cache.get(key); // warm-up
      await mark.take();
      const samples: number[] = [];
      for (let i = 0; i < LOOKUPS; i++) {
        const t0 = process.hrtime.bigint();
        const v = await cache.get(key);
        samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (v === undefined) throw new Error(`${level}: miss`);
      }
      const commands = await mark.take();
      const counts = Object.entries(
        commands.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {}),
      );
      rows.push({
        level: `lookup, ${level}`,
        ...summary(samples),
        redis: counts.length ? counts.map(([c, n]) => `${n} ${c.toUpperCase()}`).join(', ') : '0',
        note: `${LOOKUPS} lookups of a ${(bytes / 1024).toFixed(0)} KB result`,
      });
    }
    mark.stop();
    await l1.close();
    await l2.close();

    // 2. Through the service.
    await redis.take();
    const off = await serviceRun(withL1, false);
    const offCommands = (await redis.take()).length;
    const onL1 = await serviceRun(withL1, true);
    const l1Commands = await redis.take();
    const onL2 = await serviceRun(withoutL1, true);
    const l2Commands = await redis.take();
    const gets = (cmds: string[]) => cmds.filter((c) => c === 'get').length;
    rows.push(
      { level: 'task, cache off (engine runs)', ...off, redis: `${offCommands}`, note: `${REQUESTS} requests` },
      {
        level: 'task, cache hit in L1',
        ...onL1,
        redis: `${gets(l1Commands)} GET`,
        note: `${onL1.hits}/${REQUESTS} cache hits`,
      },
      {
        level: 'task, cache hit in L2 (no L1)',
        ...onL2,
        redis: `${gets(l2Commands)} GET`,
        note: `${onL2.hits}/${REQUESTS} cache hits`,
      },
    );
  } finally {
    redis.stop();
    withL1.stop();
    withoutL1.stop();
  }

  const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
  console.log(`\nCache levels: Redis ${REDIS_URL}, Node ${process.version}\n`);
  console.log('| what | p50 | p95 | Redis commands | note |');
  console.log('|---|---:|---:|---|---|');
  for (const r of rows) console.log(`| ${r.level} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${r.redis} | ${r.note} |`);
  const [lookupL1, lookupL2, off, hitL1, hitL2] = rows;
  console.log(
    `\nL1 vs L2 lookup: ${(lookupL2.p50 / lookupL1.p50).toFixed(0)}× faster at the median; ` +
      `through the service: cache off ${fmt(off.p50)} → L2 hit ${fmt(hitL2.p50)} ` +
      `(${(off.p50 / hitL2.p50).toFixed(1)}×) → L1 hit ${fmt(hitL1.p50)} (${(off.p50 / hitL1.p50).toFixed(1)}×).`,
  );
}

runBench(main, { exitWhenDone: true });
