/**
 * What the audit trail costs a write route: the same built service with AUDIT_ENABLED=true and
 * false, measured back to back in alternating rounds (the order flips each round), medians per
 * setting. Two write routes that leave no background work behind (so the idle service does not
 * compete with the measured one): POST /api/v1/ai-orchestration/tasks?wait= (a small
 * options_pricing task, answered when it is done) and DELETE of a task that does not exist (404:
 * the write is refused at once, so the audit share of the work is largest). Also prints every
 * round, and the writer's batch figures from /metrics of the audited service.
 *
 * On a shared machine throughput swings with the neighbours' load, so each run also measures the
 * service's own CPU time (utime + stime of the process, worker threads included, from /proc) per
 * request: the figure to compare.
 *
 *   npm run bench:audit     (BENCH_SECONDS=5 BENCH_CONNECTIONS=16 BENCH_ROUNDS=3 to change the load)
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { BENCH_API_KEY, benchLoad, BenchService, runBench, startBuiltService } from './support';

const { seconds: SECONDS, connections: CONNECTIONS } = benchLoad({ seconds: 5, connections: 16 });
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TASKS = '/api/v1/ai-orchestration/tasks';
const OPTION = { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 };
const SMALL_TASK = { type: 'options_pricing', input: OPTION };

interface Route {
  name: string;
  method: 'POST' | 'DELETE';
  path: string;
  body?: unknown;
}

const ROUTES: Route[] = [
  { name: 'POST /tasks?wait (200)', method: 'POST', path: `${TASKS}?wait=10000`, body: SMALL_TASK },
  { name: 'DELETE /tasks/:id (404)', method: 'DELETE', path: `${TASKS}/01J0000000000000000000000Z` },
];

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  cpuUsPerRequest: number;
}

// Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux).
const TICKS_PER_SECOND = 100;

/** CPU seconds the process has used so far (user + system, all threads). */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

async function load(service: BenchService, route: Route, duration: number): Promise<Sample> {
  const cpuBefore = cpuSecondsOf(service.proc.pid as number);
  const r = await autocannon({
    url: `${service.base}${route.path}`,
    method: route.method,
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json', 'x-api-key': BENCH_API_KEY },
    body: route.body === undefined ? undefined : JSON.stringify(route.body),
  });
  const cpuSeconds = cpuSecondsOf(service.proc.pid as number) - cpuBefore;
  const cpuUsPerRequest = (cpuSeconds * 1e6) / Math.max(1, r.requests.total);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, cpuUsPerRequest };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function metric(service: BenchService, name: string): Promise<number> {
  const text = await (await fetch(`${service.base}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}

async function main(): Promise<void> {
  // Logs at warn, as the benches do; the 404 route writes a warn line per request in both settings.
  const off = await startBuiltService({ AUDIT_ENABLED: 'false' }, 'bench-audit-off');
  const on = await startBuiltService({ AUDIT_ENABLED: 'true' }, 'bench-audit-on');
  const samples = new Map<string, Sample[]>();
  try {
    for (const route of ROUTES) for (const service of [off, on]) await load(service, route, 1); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      const order =
        round % 2 === 0
          ? ([
              ['off', off],
              ['on', on],
            ] as const)
          : ([
              ['on', on],
              ['off', off],
            ] as const);
      for (const route of ROUTES) {
        for (const [label, service] of order) {
          const key = `${route.name}|${label}`;
          samples.set(key, [...(samples.get(key) ?? []), await load(service, route, SECONDS)]);
        }
      }
    }
    const node = process.version;
    const shape = `${CONNECTIONS} connections, ${SECONDS}s runs, ${ROUNDS} rounds`;
    console.log(`\nAudit bench: ${shape}, medians, Node ${node}\n`);
    console.log('| route | audit | CPU µs/req | vs off | req/s | p50 ms | p99 ms | errors | CPU µs/req per round |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
    for (const route of ROUTES) {
      const runsOf = (label: string) => samples.get(`${route.name}|${label}`) ?? [];
      const offRuns = runsOf('off');
      const baseCpu = median(offRuns.map((s) => s.cpuUsPerRequest));
      for (const label of ['off', 'on']) {
        const runs = runsOf(label);
        const cpu = median(runs.map((s) => s.cpuUsPerRequest));
        const versus = label === 'off' ? '—' : `${(((cpu - baseCpu) / baseCpu) * 100).toFixed(1)} %`;
        const rps = median(runs.map((s) => s.rps)).toFixed(0);
        const p50 = median(runs.map((s) => s.p50));
        const p99 = median(runs.map((s) => s.p99));
        const errors = runs.reduce((n, s) => n + s.errors, 0);
        const rounds = runs.map((s) => s.cpuUsPerRequest.toFixed(0)).join(', ');
        const cells = [route.name, label, cpu.toFixed(0), versus, rps, p50, p99, errors, rounds];
        console.log(`| ${cells.join(' | ')} |`);
      }
    }
    const written = await metric(on, 'audit_entries_written_total');
    const flushes = await metric(on, 'audit_flush_duration_seconds_count');
    const flushSeconds = await metric(on, 'audit_flush_duration_seconds_sum');
    const dropped = await metric(on, 'audit_entries_dropped_total');
    console.log(
      `\nAudited service: ${written} entries in ${flushes} batches (${(written / flushes).toFixed(1)} per batch), ` +
        `${((flushSeconds / flushes) * 1000).toFixed(2)} ms per batch append, ${dropped} dropped`,
    );
  } finally {
    off.stop();
    on.stop();
  }
}

runBench(main);
