import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, MAIN_JS } from '../test/support/child-app';

/** Resolves when `url` answers 2xx; the benches start servers as child processes. */
export async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

/** The baseline every bench prints beside its figures: a bare Express JSON hello-world. */
export function startExpressHello(port: number): ChildProcess {
  const dir = mkdtempSync(join(tmpdir(), 'bench-express-'));
  const file = join(dir, 'hello.js');
  writeFileSync(
    file,
    `const express = require(${JSON.stringify(require.resolve('express'))});
     const app = express();
     app.get('/', (req, res) => res.json({ hello: 'world' }));
     app.listen(${port}, '127.0.0.1');`,
  );
  return spawn(process.execPath, [file], { stdio: 'ignore' });
}

/** A bench's load: BENCH_SECONDS per timed run over BENCH_CONNECTIONS connections, else the bench's defaults. */
export function benchLoad(defaults: { seconds: number; connections: number }): {
  seconds: number;
  connections: number;
} {
  return {
    seconds: Number(process.env.BENCH_SECONDS ?? defaults.seconds),
    connections: Number(process.env.BENCH_CONNECTIONS ?? defaults.connections),
  };
}

/** The API key every bench's service accepts (operator role). */
export const BENCH_API_KEY = 'bench-operator-key-0123456789';

export interface BenchService {
  base: string;
  port: number;
  proc: ChildProcess;
  stop(): void;
}

/**
 * Starts the built service (dist/) as production would run it, on a fresh SQLite file, with rate
 * limiting off (the benches measure the pipeline, not the limiter) and logs at warn; `env`
 * overrides any of it; `main` runs another build (a reference checkout). Resolves once
 * /health/live answers.
 */
export async function startBuiltService(
  env: Record<string, string> = {},
  name = 'bench',
  main = MAIN_JS,
): Promise<BenchService> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
  const proc = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      SQLITE_PATH: join(dataDir, 'bench.db'),
      API_KEYS: `bench:operator:default:${BENCH_API_KEY}`,
      RATE_LIMIT_MAX: '0',
      HANDIT_MAX_QUEUE_DEPTH: '1000000',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/health/live`);
  return { base, port, proc, stop: () => proc.kill('SIGTERM') };
}

/** Runs a bench's main; a failure is printed and exits 1 (`exitWhenDone`: exit 0 too, past open handles). */
export function runBench(main: () => Promise<void>, { exitWhenDone = false } = {}): void {
  main().then(
    () => {
      if (exitWhenDone) process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/** The technical_analysis input the task benches send: five indicators over `candles`. */
export function technicalInput(candles: unknown[]) {
  return {
    symbol: 'BENCH',
    assetClass: 'equities',
    candles,
    indicators: [
      { name: 'sma', period: 20 },
      { name: 'ema', period: 50 },
      { name: 'rsi', period: 14 },
      { name: 'macd', fast: 12, slow: 26, signal: 9 },
      { name: 'bbands', period: 20, stddev: 2 },
    ],
  };
}

/** The shape of dailyCandles' walk: first price, sine period in days, daily drift, high/low spread, base volume. */
export interface CandleWalk {
  start: number;
  periodDays: number;
  drift: number;
  spread: number;
  volume: number;
}

const DEFAULT_WALK: CandleWalk = { start: 100, periodDays: 5, drift: 0.0005, spread: 0.2, volume: 1000 };

/** Daily OHLCV candles of a smooth synthetic walk (valid: low ≤ open, close ≤ high); `seed` shifts it. */
export function dailyCandles(n: number, seed = 0, walk: CandleWalk = DEFAULT_WALK) {
  const out = [];
  let p = walk.start + seed;
  for (let i = 0; i < n; i++) {
    const open = p;
    p = Math.round(p * (1 + 0.01 * Math.sin((i + seed) / walk.periodDays) + walk.drift) * 100) / 100;
    out.push({
      time: 1_700_000_000 + i * 86_400,
      open,
      high: Math.max(open, p) + walk.spread,
      low: Math.min(open, p) - walk.spread,
      close: p,
      volume: walk.volume + i,
    });
  }
  return out;
}
