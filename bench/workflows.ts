/**
 * trading-analysis wall time through the service (POST /api/v1/orchestration/execute, mode=sync:
 * HTTP, validation, run and node records, event log, SqliteSaver checkpoints, three Handit tasks
 * through the durable queue and worker threads) against the same graph — same topology, same
 * quant engines, same aggregation — invoked directly in this process with LangGraph's
 * MemorySaver. Printed as a ratio. Each iteration perturbs the candles so no result cache helps.
 *
 *   npm run bench:workflows     (BENCH_RUNS to change the number of runs, default 50)
 */
import { Annotation, END, MemorySaver, START, StateGraph } from '@langchain/langgraph';
import { QUANT_TASK_ENGINES } from '@app/handit/testing';
import { aggregateSignal } from '@app/langgraph/testing';
import { BENCH_API_KEY as API_KEY, runBench, startBuiltService } from './support';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const HEADLINES = [
  'Company beats earnings estimates and raises guidance',
  'Regulator opens probe into accounting',
  'Strong demand lifts record revenue',
];

function candles(n: number, seed: number) {
  const out = [];
  let p = 100 + seed * 0.01;
  for (let i = 0; i < n; i++) {
    const open = p;
    p = Math.round(p * (1 + 0.01 * Math.sin(i / 5 + seed) + 0.0005) * 100) / 100;
    out.push({
      time: 1_700_000_000 + i * 86_400,
      open,
      high: Math.max(open, p) * 1.004,
      low: Math.min(open, p) * 0.996,
      close: p,
      volume: 1000 + i,
    });
  }
  return out;
}

const inputFor = (i: number) => ({
  symbol: `B${i}`,
  assetClass: 'equities',
  candles: candles(250, i),
  headlines: HEADLINES,
});

/** The trading-analysis topology with its node bodies run in-process: no HTTP, queue, database or records. */
function directGraph() {
  const State = Annotation.Root({
    input: Annotation<ReturnType<typeof inputFor>>(),
    outputs: Annotation<Record<string, unknown>>({ reducer: (a, b) => ({ ...a, ...b }), default: () => ({}) }),
  });
  const run = (type: keyof typeof QUANT_TASK_ENGINES, input: unknown) => QUANT_TASK_ENGINES[type].run(input);
  return new StateGraph(State)
    .addNode('validate', (s) => ({
      outputs: { validate: { lastClose: s.input.candles[s.input.candles.length - 1].close } },
    }))
    .addNode('technical', (s) => ({
      outputs: {
        technical: run('trading_signal', {
          symbol: s.input.symbol,
          assetClass: s.input.assetClass,
          candles: s.input.candles,
        }),
      },
    }))
    .addNode('risk', (s) => ({
      outputs: {
        risk: run('risk_assessment', {
          candles: s.input.candles,
          assetClass: s.input.assetClass,
          confidenceLevels: [0.95, 0.99],
        }),
      },
    }))
    .addNode('sentiment', (s) => ({
      outputs: { sentiment: run('sentiment_analysis', { headlines: s.input.headlines }) },
    }))
    .addNode('aggregate', (s) => ({
      outputs: {
        aggregate: aggregateSignal(s.outputs.technical as never, s.outputs.risk as never, s.outputs.sentiment as never),
      },
    }))
    .addNode('approval', () => ({ outputs: { approval: { required: false, approved: true } } }))
    .addNode('report', (s) => ({ outputs: { report: { signal: s.outputs.aggregate } } }))
    .addEdge(START, 'validate')
    .addEdge('validate', 'technical')
    .addEdge('validate', 'risk')
    .addEdge('validate', 'sentiment')
    .addEdge(['technical', 'risk', 'sentiment'], 'aggregate')
    .addEdge('aggregate', 'approval')
    .addEdge('approval', 'report')
    .addEdge('report', END)
    .compile({ checkpointer: new MemorySaver() });
}

function stats(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { mean: ms.reduce((a, b) => a + b, 0) / ms.length, p50: q(0.5), p95: q(0.95) };
}

async function main(): Promise<void> {
  const service = await startBuiltService({}, 'bench-workflows');
  const base = service.base;
  try {
    const viaService = async (i: number) => {
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/orchestration/execute`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify({ workflow: 'trading-analysis', input: inputFor(i), mode: 'sync' }),
      });
      const body = (await res.json()) as { data?: { status: string } };
      if (res.status !== 200 || body.data?.status !== 'succeeded')
        throw new Error(`run ${i}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      return performance.now() - started;
    };
    const graph = directGraph();
    const direct = async (i: number) => {
      const started = performance.now();
      await graph.invoke({ input: inputFor(i) }, { configurable: { thread_id: `direct-${i}` } });
      return performance.now() - started;
    };
    // Warm-up: JIT, worker threads, SQLite pages, compiled graphs.
    for (let i = 0; i < 5; i++) {
      await viaService(1_000_000 + i);
      await direct(1_000_000 + i);
    }
    const serviceMs: number[] = [];
    const directMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      serviceMs.push(await viaService(i));
      directMs.push(await direct(i));
    }
    const s = stats(serviceMs);
    const d = stats(directMs);
    console.log(
      `\nWorkflow bench: trading-analysis (250 candles, 3 headlines), ${RUNS} sequential runs each way, Node ${process.version}\n`,
    );
    console.log('| path | mean ms | p50 ms | p95 ms |');
    console.log('|---|---:|---:|---:|');
    console.log(
      `| through the service (HTTP, sync) | ${s.mean.toFixed(1)} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} |`,
    );
    console.log(
      `| same graph, LangGraph MemorySaver, in-process | ${d.mean.toFixed(1)} | ${d.p50.toFixed(1)} | ${d.p95.toFixed(1)} |`,
    );
    console.log(
      `\nratio service / direct: ${(s.p50 / d.p50).toFixed(1)}× at p50, ${(s.mean / d.mean).toFixed(1)}× on the mean`,
    );
  } finally {
    service.stop();
  }
}

runBench(main);
