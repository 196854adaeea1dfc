/**
 * HTTP overhead of the gateway: requests/s and p99 latency of GET /health/live and an
 * authenticated GET /status, each beside a bare Express hello-world measured in the same run.
 * Everything runs on 127.0.0.1; each server is its own process; autocannon drives the load.
 *
 *   npm run bench:http            (BENCH_SECONDS=10 BENCH_CONNECTIONS=50 to change the load)
 */
import autocannon from 'autocannon';
import { freePort } from '../test/support/child-app';
import {
  BENCH_API_KEY as API_KEY,
  benchLoad,
  runBench,
  startBuiltService,
  startExpressHello,
  waitFor,
} from './support';

const { seconds: SECONDS, connections: CONNECTIONS } = benchLoad({ seconds: 5, connections: 50 });

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(name: string, url: string, headers: Record<string, string> = {}): Promise<Result> {
  // A short warm-up lets V8 optimise the hot path before the measured run.
  await autocannon({ url, connections: CONNECTIONS, duration: 1, headers });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

async function main(): Promise<void> {
  const expressPort = await freePort();
  // Logs at info, as in production (one JSON line per request), written to a discarded stdout.
  const gateway = await startBuiltService({ LOG_LEVEL: 'info' }, 'bench-http');
  const gatewayPort = gateway.port;
  const hello = startExpressHello(expressPort);
  try {
    await waitFor(`http://127.0.0.1:${expressPort}/`);

    const baselineA = await load('express hello-world', `http://127.0.0.1:${expressPort}/`);
    const live = await load('GET /health/live', `http://127.0.0.1:${gatewayPort}/health/live`);
    const status = await load('GET /status (API key)', `http://127.0.0.1:${gatewayPort}/status`, {
      'x-api-key': API_KEY,
    });
    const baselineB = await load('express hello-world (again)', `http://127.0.0.1:${expressPort}/`);
    const baseline = {
      ...baselineA,
      rps: (baselineA.rps + baselineB.rps) / 2,
      p99: (baselineA.p99 + baselineB.p99) / 2,
    };

    console.log(`\nHTTP bench: ${CONNECTIONS} connections, ${SECONDS}s per run, Node ${process.version}\n`);
    console.log('| target | req/s | p50 ms | p99 ms | errors | non-2xx | req/s vs express | p99 vs express |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of [baselineA, baselineB, live, status]) {
      const isBaseline = r.name.startsWith('express');
      console.log(
        `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${isBaseline ? '—' : (r.rps / baseline.rps).toFixed(2)} | ${isBaseline ? '—' : (r.p99 / baseline.p99).toFixed(2)} |`,
      );
    }
  } finally {
    gateway.stop();
    hello.kill('SIGTERM');
  }
}

runBench(main);
