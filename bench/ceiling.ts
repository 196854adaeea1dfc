/**
 * The ceiling of the hot path (issue 16): the service beside a bare Nest 12 hello-world on the same
 * platform adapter, back to back in one run, repeated; medians and ratios.
 *
 *   1. GET /health/live at 16 connections: req/s and p99 against bare Nest.
 *   2. technical_analysis (500 candles, 5 indicators, cache off, distinct inputs, ?wait) at 16
 *      connections: tasks/s, and the main thread's CPU per task (from /proc/<pid>/task/<pid>/stat).
 *   3. The same task served from the result cache: req/s against bare Nest.
 *   4. 64 connections for 10 s: the slowest request and p99.
 *
 * Before each measured probe, the bare app and each service get BENCH_WARMUP_SECONDS (3) of
 * untimed load.
 *
 *   npm run bench:ceiling   (BENCH_SECONDS, BENCH_ROUNDS; BENCH_REFERENCE=<path to another
 *   build's dist/apps/gateway/src/main.js> runs that build too, e.g. the commit before a change)
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, MAIN_JS } from '../test/support/child-app';
import { BENCH_API_KEY, dailyCandles, startBuiltService, waitFor, type BenchService } from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// Untimed load before the probe is measured, for the bare app and each service alike: the bare
// app stays up across rounds while each service starts fresh, so without it the service's probe
// was measured on cold code (JIT, inline caches) against a warm bare app from round 2 on.
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REFERENCE = process.env.BENCH_REFERENCE;
const TASKS = '/api/v1/ai-orchestration/tasks';
const HEADERS = { 'content-type': 'application/json', 'x-api-key': BENCH_API_KEY };

/** A bare Nest 12 app with one JSON route, on the same Express adapter the service uses. */
function startBareNest(port: number): ChildProcess {
  const dir = mkdtempSync(join(tmpdir(), 'bench-nest-'));
  const file = join(dir, 'hello.js');
  const resolve = (name: string) => JSON.stringify(require.resolve(name));
  writeFileSync(
    file,
    `require(${resolve('reflect-metadata')});
     const { NestFactory } = require(${resolve('@nestjs/core')});
     const { Controller, Get, Module } = require(${resolve('@nestjs/common')});
     class HelloController { hello() { return { hello: 'world' }; } }
     Controller()(HelloController);
     Get()(HelloController.prototype, 'hello', Object.getOwnPropertyDescriptor(HelloController.prototype, 'hello'));
     class AppModule {}
     Module({ controllers: [HelloController] })(AppModule);
     NestFactory.create(AppModule, { logger: false }).then((app) => app.listen(${port}, '127.0.0.1'));`,
  );
  return spawn(process.execPath, [file], { stdio: 'ignore' });
}

/** CPU seconds the process's main thread (its thread id is the pid) has used. */
function mainThreadCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat(5); here counted from the state field (3).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const INDICATORS = [
  { name: 'sma', period: 20 },
  { name: 'ema', period: 50 },
  { name: 'rsi', period: 14 },
  { name: 'macd', fast: 12, slow: 26, signal: 9 },
  { name: 'bbands', period: 20, stddev: 2 },
];
const BASE_CANDLES = dailyCandles(500);

/** A task body; `seed` changes the last candle's volume so every request is a distinct, valid input. */
function taskBody(seed: number | undefined, cache: boolean): string {
  const series =
    seed === undefined
      ? BASE_CANDLES
      : [...BASE_CANDLES.slice(0, -1), { ...BASE_CANDLES[499], volume: 1_000_000 + seed }];
  return JSON.stringify({
    type: 'technical_analysis',
    input: { symbol: 'BENCH', assetClass: 'equities', candles: series, indicators: INDICATORS },
    options: { cache },
  });
}

interface Load {
  rps: number;
  p99: number;
  max: number;
  done: number;
  errors: number;
}

async function load(opts: autocannon.Options): Promise<Load> {
  const result = await autocannon({ duration: SECONDS, connections: 16, ...opts });
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    max: result.latency.max,
    done: result.requests.total,
    errors: non2xx,
  };
}

let seed = 0;
const distinctTasks = (url: string) => ({
  url: `${url}${TASKS}?wait=30000`,
  method: 'POST' as const,
  headers: HEADERS,
  requests: [{ setupRequest: (req: object) => ({ ...req, body: taskBody(++seed, false) }) }],
});

async function measureService(service: BenchService) {
  const pid = service.proc.pid!;
  await load({ url: `${service.base}/health/live`, duration: WARMUP_SECONDS });
  const live = await load({ url: `${service.base}/health/live` });
  const cpuBefore = mainThreadCpuSeconds(pid);
  const tasks = await load(distinctTasks(service.base));
  const cpuPerTaskMs = ((mainThreadCpuSeconds(pid) - cpuBefore) * 1000) / Math.max(1, tasks.done);
  const cachedBody = taskBody(undefined, true);
  await fetch(`${service.base}${TASKS}?wait=30000`, { method: 'POST', headers: HEADERS, body: cachedBody });
  const cached = await load({
    url: `${service.base}${TASKS}?wait=30000`,
    method: 'POST',
    headers: HEADERS,
    body: cachedBody,
  });
  const wide = await load({ ...distinctTasks(service.base), connections: 64, timeout: 30 });
  return { live, tasks, cpuPerTaskMs, cached, wide };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const nestPort = await freePort();
  const nest = startBareNest(nestPort);
  await waitFor(`http://127.0.0.1:${nestPort}/`);
  const builds: Array<[string, string]> = [['service', MAIN_JS]];
  if (REFERENCE) builds.push(['reference', REFERENCE]);
  const rounds: Record<string, Array<Awaited<ReturnType<typeof measureService>>>> = {};
  const bare: Load[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      await load({ url: `http://127.0.0.1:${nestPort}/`, duration: WARMUP_SECONDS });
      bare.push(await load({ url: `http://127.0.0.1:${nestPort}/` }));
      for (const [name, main] of builds) {
        const service = await startBuiltService({}, `ceiling-${name}`, main);
        try {
          (rounds[name] ??= []).push(await measureService(service));
        } finally {
          service.stop();
        }
      }
      console.log(`round ${round}/${ROUNDS} done`);
    }
  } finally {
    nest.kill('SIGTERM');
  }
  const bareRps = median(bare.map((b) => b.rps));
  const bareP99 = median(bare.map((b) => b.p99));
  console.log(`\nbare Nest 12 GET /: ${bareRps.toFixed(0)} req/s, p99 ${bareP99} ms (median of ${ROUNDS})`);
  for (const [name] of builds) {
    const r = rounds[name];
    const m = (pick: (x: (typeof r)[number]) => number) => median(r.map(pick));
    console.log(`\n${name} (${name === 'service' ? MAIN_JS : REFERENCE})`);
    console.log(
      `  1. GET /health/live: ${m((x) => x.live.rps).toFixed(0)} req/s (${(m((x) => x.live.rps) / bareRps).toFixed(2)}× bare), ` +
        `p99 ${m((x) => x.live.p99)} ms (${(m((x) => x.live.p99) / Math.max(1, bareP99)).toFixed(1)}× bare)`,
    );
    console.log(
      `  2. technical_analysis, distinct, cache off, 16 conn: ${m((x) => x.tasks.rps).toFixed(1)} tasks/s, ` +
        `p99 ${m((x) => x.tasks.p99)} ms, main-thread CPU ${m((x) => x.cpuPerTaskMs).toFixed(2)} ms/task, ` +
        `errors ${m((x) => x.tasks.errors)}`,
    );
    console.log(
      `  3. same task from the cache: ${m((x) => x.cached.rps).toFixed(0)} req/s (${(m((x) => x.cached.rps) / bareRps).toFixed(2)}× bare)`,
    );
    console.log(
      `  4. 64 connections: p99 ${m((x) => x.wide.p99)} ms, slowest ${m((x) => x.wide.max)} ms, ` +
        `${m((x) => x.wide.rps).toFixed(1)} tasks/s, errors ${m((x) => x.wide.errors)}`,
    );
  }
  if (REFERENCE) {
    const ratio = median(rounds.service.map((x) => x.tasks.rps)) / median(rounds.reference.map((x) => x.tasks.rps));
    console.log(`\ntasks/s service ÷ reference: ${ratio.toFixed(2)}×`);
  }
}

void main();
