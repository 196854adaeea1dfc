/**
 * What a shadow version costs its champion: trading_signal tasks (250 daily candles) submitted
 * back to back over HTTP with `?wait=` (one at a time, so each latency is submit → champion's
 * answer), in alternating blocks without and with a shadow version of the model (v2: RSI 10,
 * 25/75 bands) running on every task. Prints each phase's median and p90 and the ratio of the
 * medians, and how many shadow runs were stored (they must have run for the figure to mean much).
 *
 *   npm run bench:shadow     (BENCH_TASKS per block, default 200; BENCH_BLOCKS pairs, default 3)
 */
import { BENCH_API_KEY, dailyCandles, runBench, startBuiltService } from './support';

const TASKS = Number(process.env.BENCH_TASKS ?? 200);
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 3);
const SYSTEM_KEY = 'bench-system-key-0123456789abcdef';
const MODEL = 'equities-technical';

function quantile(sorted: number[], p: number): number {
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.ceil(i)] - sorted[lo]) * (i - lo);
}

async function main(): Promise<void> {
  const service = await startBuiltService(
    { API_KEYS: `bench:operator:default:${BENCH_API_KEY},ops:system:default:${SYSTEM_KEY}` },
    'bench-shadow',
  );
  const call = async (method: string, path: string, body: unknown, key = BENCH_API_KEY) => {
    const res = await fetch(`${service.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { data?: any; error?: unknown };
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.error)}`);
    return json.data;
  };
  const inputs = Array.from({ length: 16 }, (_, i) => ({ symbol: `B${i}`, candles: dailyCandles(250, i) }));
  let n = 0;
  const block = async (): Promise<number[]> => {
    const latencies: number[] = [];
    for (let i = 0; i < TASKS; i++) {
      const started = performance.now();
      const task = await call('POST', '/api/v1/ai-orchestration/tasks?wait=30000', {
        type: 'trading_signal',
        model: MODEL,
        input: inputs[n++ % inputs.length],
        options: { cache: false },
      });
      latencies.push(performance.now() - started);
      if (task.status !== 'succeeded' || task.model.version !== 'v1')
        throw new Error(`champion: ${JSON.stringify(task)}`);
    }
    return latencies;
  };
  const setShadow = (on: boolean) =>
    call(
      'PATCH',
      `/api/v1/ai-orchestration/models/${MODEL}/versions/v2`,
      { status: on ? 'shadow' : 'deprecated' },
      SYSTEM_KEY,
    );

  try {
    await call(
      'POST',
      `/api/v1/ai-orchestration/models/${MODEL}/versions`,
      {
        version: 'v2',
        parameters: { trading_signal: { rsiPeriod: 10, rsiOversold: 25, rsiOverbought: 75 } },
        status: 'deprecated',
      },
      SYSTEM_KEY,
    );
    await block(); // warm-up: JIT, worker threads, SQLite pages
    const without: number[] = [];
    const withShadow: number[] = [];
    for (let b = 0; b < BLOCKS; b++) {
      await setShadow(false);
      without.push(...(await block()));
      await setShadow(true);
      withShadow.push(...(await block()));
    }
    await setShadow(false);
    const metrics = await (await fetch(`${service.base}/metrics`)).text();
    const shadowRuns = [
      ...metrics.matchAll(/^handit_shadow_runs_total\{[^}]*outcome="(agreed|disagreed|failed|skipped)"\} (\d+)/gm),
    ]
      .map((m) => `${m[1]} ${m[2]}`)
      .join(', ');
    const summary = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return { median: quantile(s, 0.5), p90: quantile(s, 0.9) };
    };
    const a = summary(without);
    const b = summary(withShadow);
    console.log(`champion latency, ${without.length} tasks per phase, back to back (trading_signal, 250 candles)`);
    console.log(`  without shadow: median ${a.median.toFixed(2)} ms, p90 ${a.p90.toFixed(2)} ms`);
    console.log(`  with shadow:    median ${b.median.toFixed(2)} ms, p90 ${b.p90.toFixed(2)} ms`);
    console.log(`  ratio of medians (with / without): ${(b.median / a.median).toFixed(3)}`);
    console.log(`  shadow runs: ${shadowRuns || 'none'}`);
  } finally {
    service.stop();
  }
}

runBench(main);
