/**
 * Cost of tracing on task throughput: the built service runs AI tasks (POST
 * /api/v1/ai-orchestration/tasks?wait=…, result cache off, so every request queues and executes
 * a model) with tracing off, then with tracing on exporting every span to Langfuse's OTLP
 * endpoint and a generic OTLP endpoint (both a local capture server in this process) and
 * writing the local trace store. Runs alternate off/on twice; the ratio is on ÷ off.
 *
 *   npm run bench:tracing      (BENCH_SECONDS=10 BENCH_CONNECTIONS=32 to change the load)
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BENCH_API_KEY as API_KEY, benchLoad, runBench, startBuiltService } from './support';

const { seconds: SECONDS, connections: CONNECTIONS } = benchLoad({ seconds: 5, connections: 32 });
const TASK = JSON.stringify({
  type: 'risk_assessment',
  input: { returns: Array.from({ length: 250 }, (_, i) => Math.sin(i / 5) / 100 + 0.0003), confidence: 0.95 },
  options: { cache: false },
});

interface Result {
  name: string;
  rps: number;
  /** Gateway CPU time (user + system, all threads) per completed task: unlike tasks/s, not skewed by other load on the machine. */
  cpuMsPerTask: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Receives OTLP/JSON like a collector would and counts spans; keeps nothing else. */
function startCapture(): Promise<{ server: Server; url: string; spans: () => number; requests: () => number }> {
  let spans = 0;
  let requests = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: unknown[] }> }>;
        };
        for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans += ss.spans?.length ?? 0;
      } catch {
        // Not OTLP JSON: counted as a request only.
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        spans: () => spans,
        requests: () => requests,
      }),
    ),
  );
}

/** utime + stime of a process in ms (Linux /proc; clock ticks are 100 Hz on every mainstream kernel). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function load(name: string, port: number, pid: number): Promise<Result> {
  const opts = {
    url: `http://127.0.0.1:${port}/api/v1/ai-orchestration/tasks?wait=30000`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: TASK,
    connections: CONNECTIONS,
  };
  await autocannon({ ...opts, duration: 1 }); // warm-up
  const cpuBefore = cpuMs(pid);
  const r = await autocannon({ ...opts, duration: SECONDS });
  const cpuMsPerTask = (cpuMs(pid) - cpuBefore) / Math.max(1, r.requests.total);
  return {
    name,
    rps: r.requests.average,
    cpuMsPerTask,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

async function run(name: string, env: Record<string, string>): Promise<Result> {
  const gateway = await startBuiltService(env, 'bench-tracing');
  try {
    return await load(name, gateway.port, gateway.proc.pid!);
  } finally {
    gateway.stop();
    await new Promise((r) => gateway.proc.once('exit', r));
  }
}

async function main(): Promise<void> {
  const capture = await startCapture();
  const off = { TRACING_ENABLED: 'false' };
  const on = {
    TRACING_ENABLED: 'true',
    LANGFUSE_PUBLIC_KEY: 'pk-lf-bench',
    LANGFUSE_SECRET_KEY: 'sk-lf-bench',
    LANGFUSE_BASE_URL: capture.url,
    OTEL_EXPORTER_OTLP_ENDPOINT: capture.url,
  };
  try {
    const results: Result[] = [];
    for (const round of [1, 2]) {
      results.push(await run(`tracing off (${round})`, off));
      results.push(await run(`tracing on, Langfuse + OTLP + local store (${round})`, on));
    }
    const mean = (rs: Result[], key: 'rps' | 'p99' | 'cpuMsPerTask') => rs.reduce((n, r) => n + r[key], 0) / rs.length;
    const offs = results.filter((r) => r.name.startsWith('tracing off'));
    const ons = results.filter((r) => r.name.startsWith('tracing on'));

    console.log(
      `\nTracing bench: risk_assessment tasks (cache off, ?wait), ${CONNECTIONS} connections, ${SECONDS}s per run, Node ${process.version}\n`,
    );
    console.log('| run | tasks/s | CPU ms/task | p50 ms | p99 ms | errors | non-2xx |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of results)
      console.log(
        `| ${r.name} | ${r.rps.toFixed(0)} | ${r.cpuMsPerTask.toFixed(2)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`,
      );
    console.log(`\nspans received by the capture server: ${capture.spans()} in ${capture.requests()} export requests`);
    console.log(
      `throughput with tracing on / off: ${(mean(ons, 'rps') / mean(offs, 'rps')).toFixed(2)}  (p99 on / off: ${(mean(ons, 'p99') / mean(offs, 'p99')).toFixed(2)})`,
    );
    console.log(
      `CPU per task with tracing on / off: ${(mean(ons, 'cpuMsPerTask') / mean(offs, 'cpuMsPerTask')).toFixed(2)}`,
    );
  } finally {
    capture.server.close();
  }
}

runBench(main);
