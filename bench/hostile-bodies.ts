/**
 * Does a hostile body stall the event loop? GET /health/live latency of the built service, idle
 * and while BENCH_SENDERS clients (a worker thread) keep sending 5 MB worst-case bodies:
 *
 *  - deep:    `[` nested 2,500,000 levels in a task input (POST /tasks, a 5 MB bulk route);
 *  - caps:    1,000,000 agent capabilities (POST /agents, a 256 KB route);
 *  - tags:    1,000,000 memory tags (POST …/memories, a 5 MB route);
 *  - string:  one 5,000,000-character memory content;
 *  - mixed:   one sender of each of the four above;
 *  - bounded: the largest body within every bound (BODY_MAX_VALUES short strings in arrays of
 *             fewer than BODY_MAX_ARRAY_ITEMS on POST /tasks): parsed, then refused by the
 *             task's own validation. What a hostile client can still make the service parse.
 *
 * Each sender starts BENCH_RATE bodies a second (10: 50 MB/s offered per sender; 0: back to back,
 * a flood limited only by how fast the service refuses). Each body goes on a fresh connection,
 * dropped as soon as the answer arrives. Bodies within their route's size limit carry
 * their Content-Length; the capabilities body, over its route's limit, is sent chunked so that it
 * cannot be refused from the headers and is read up to the limit. Each round runs the idle
 * baseline and every scenario back to back; with BENCH_REFERENCE_MAIN (the main.js of another
 * build, e.g. a checkout before the body bounds), the BENCH_REFERENCE_SCENARIOS runs (default
 * idle,caps,tags,string: a build without bounds spends minutes on each deep body) are repeated on
 * that reference right after the service. Before each run the target must be back to idle
 * latency, so work left over from the previous run is not charged to the next. The table shows
 * medians over BENCH_ROUNDS rounds of each run's p50, p99 and max.
 *
 *   npm run bench:hostile   (BENCH_SECONDS=5 BENCH_ROUNDS=3 BENCH_SENDERS=4 BENCH_RATE=10
 *                            BENCH_SCENARIOS=idle,caps
 *                            BENCH_REFERENCE_MAIN=/tmp/before/dist/apps/gateway/src/main.js)
 */
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BENCH_API_KEY as API_KEY, runBench, startBuiltService } from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 4);
/** Bodies a second each sender starts (each on its own schedule); 0: back to back, a flood. */
const RATE = Number(process.env.BENCH_RATE ?? 10);
/** Pause between probes: about 150 samples a second without the probe becoming load itself. */
const PROBE_GAP_MS = 5;

const ALL_SCENARIOS = ['idle', 'deep', 'caps', 'tags', 'string', 'mixed', 'bounded'] as const;
type Scenario = (typeof ALL_SCENARIOS)[number];
/** BENCH_SCENARIOS=idle,caps runs only those. */
const CHOSEN = process.env.BENCH_SCENARIOS?.split(',');
const SCENARIOS = ALL_SCENARIOS.filter((s) => !CHOSEN || CHOSEN.includes(s));
const REFERENCE_SCENARIOS = (process.env.BENCH_REFERENCE_SCENARIOS ?? 'idle,caps,tags,string').split(',');

interface SenderStats {
  requests: number;
  statuses: Record<string, number>;
  /** The first error message seen for each status. */
  messages: Record<string, string>;
}

/** The sender side, run in a worker thread so its work never delays the probe's event loop. */
const SENDER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const { base, apiKey, kinds, seconds, rate } = workerData;
const MB5 = 5_000_000;
const MEMORIES = '/api/v1/memory/agents/bench/memories';
const strings = (n, s) => '[' + Array(n).fill(JSON.stringify(s)).join(',') + ']';
function build(kind) {
  switch (kind) {
    case 'deep': {
      const head = '{"type":"technical_analysis","input":{"candles":';
      const half = Math.floor((MB5 - head.length - 2) / 2);
      return ['/api/v1/ai-orchestration/tasks', head + '['.repeat(half) + ']'.repeat(half) + '}}'];
    }
    case 'caps':
      return ['/api/v1/agents', '{"name":"x","kind":"external","capabilities":' + strings(1_000_000, 'ab') + '}'];
    case 'tags':
      return [MEMORIES, '{"type":"semantic","content":"x","tags":' + strings(1_000_000, 'ab') + '}'];
    case 'string':
      return [MEMORIES, '{"type":"semantic","content":"' + 'x'.repeat(MB5 - 40) + '"}'];
    case 'bounded': {
      const arrays = Array.from({ length: 5 }, (_, i) => '"x' + i + '":' + strings(99_990, 'abcdefg'));
      return ['/api/v1/ai-orchestration/tasks', '{"type":"technical_analysis","input":{' + arrays.join(',') + '}}'];
    }
  }
}
const CHUNK = 64 * 1024;
const stats = { requests: 0, statuses: {}, messages: {} };
// A fresh connection per body, abandoned once the answer is in: as many bodies as the service will
// take, rather than waiting for it to drain what it has already refused.
function send(path, body, chunked) {
  return new Promise((resolve) => {
    const headers = { 'content-type': 'application/json', 'x-api-key': apiKey };
    if (!chunked) headers['content-length'] = String(body.length);
    let settled = false;
    const req = http.request(base + path, { method: 'POST', agent: false, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => { if (text.length < 300) text += chunk; });
      res.on('end', () => {
        settled = true;
        const status = String(res.statusCode);
        if (!stats.messages[status]) {
          try {
            stats.messages[status] = JSON.parse(text).error.message.slice(0, 100);
          } catch {
            stats.messages[status] = text.slice(0, 100);
          }
        }
        resolve(status);
        req.destroy();
      });
    });
    req.on('error', (err) => settled || resolve(err.code || 'error'));
    let offset = 0;
    const pump = () => {
      while (offset < body.length) {
        const more = req.write(body.subarray(offset, offset + CHUNK));
        offset += CHUNK;
        if (!more) return req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}
(async () => {
  const bodies = kinds.map((kind) => {
    const [path, text] = build(kind);
    return { path, body: Buffer.from(text), chunked: kind === 'caps' };
  });
  parentPort.postMessage('ready');
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(bodies.map(async ({ path, body, chunked }, sender) => {
    // Senders start spread over one period, so their bodies do not all land at once.
    const period = rate > 0 ? 1000 / rate : 0;
    await new Promise((r) => setTimeout(r, (period * sender) / bodies.length));
    while (Date.now() < deadline) {
      const started = Date.now();
      const status = await send(path, body, chunked);
      stats.requests++;
      stats.statuses[status] = (stats.statuses[status] || 0) + 1;
      const wait = started + period - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }));
  parentPort.postMessage(stats);
})();
`;

function kindsOf(scenario: Exclude<Scenario, 'idle'>): string[] {
  return scenario === 'mixed' ? ['deep', 'caps', 'tags', 'string'] : Array(SENDERS).fill(scenario);
}

/**
 * Starts the senders; resolves once their bodies are built and sending has begun. `done` (a
 * property, so that awaiting the start does not also await the end) settles with their figures.
 */
async function startSenders(base: string, scenario: Exclude<Scenario, 'idle'>) {
  const workerData = { base, apiKey: API_KEY, kinds: kindsOf(scenario), seconds: SECONDS, rate: RATE };
  const worker = new Worker(SENDER_SOURCE, { eval: true, workerData });
  const messages: unknown[] = [];
  let wake: () => void = () => undefined;
  worker.on('message', (message) => {
    messages.push(message);
    wake();
  });
  const next = () =>
    new Promise<unknown>((resolve) => {
      const take = () => (messages.length ? resolve(messages.shift()) : (wake = take));
      take();
    });
  await next();
  const done = next().then(async (stats) => {
    await worker.terminate();
    return stats as SenderStats;
  });
  return { done } as { done: Promise<SenderStats> };
}

/** Sequential GET /health/live for SECONDS: each one's latency in ms (a failure counts until it failed). */
async function probe(base: string): Promise<{ latencies: number[]; failures: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let failures = 0;
  const deadline = Date.now() + SECONDS * 1000;
  while (Date.now() < deadline) {
    const started = performance.now();
    const ok = await new Promise<boolean>((resolve) => {
      request(`${base}/health/live`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      })
        .on('error', () => resolve(false))
        .end();
    });
    latencies.push(performance.now() - started);
    if (!ok) failures++;
    await new Promise((r) => setTimeout(r, PROBE_GAP_MS));
  }
  agent.destroy();
  return { latencies, failures };
}

/** Waits (up to 5 min) until three probes in a row answer within 20 ms: the target is idle again. */
async function settle(base: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  let quick = 0;
  while (quick < 3 && Date.now() < deadline) {
    const started = performance.now();
    const ok = await fetch(`${base}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    quick = ok && performance.now() - started < 20 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface Run {
  p50: number;
  p99: number;
  max: number;
  samples: number;
  /** Probes that got no 200 (refused connection, reset, 5xx). */
  failures: number;
  senders?: SenderStats;
}

async function measure(base: string, scenario: Scenario): Promise<Run> {
  const senders = scenario === 'idle' ? undefined : await startSenders(base, scenario);
  const { latencies, failures } = await probe(base);
  latencies.sort((a, b) => a - b);
  const stats = await senders?.done;
  const max = latencies[latencies.length - 1];
  const [p50, p99, samples] = [percentile(latencies, 50), percentile(latencies, 99), latencies.length];
  return { p50, p99, max, samples, failures, senders: stats };
}

async function main(): Promise<void> {
  const targets = [{ name: 'service', service: await startBuiltService({}, 'bench-hostile') }];
  const reference = process.env.BENCH_REFERENCE_MAIN;
  if (reference) {
    targets.push({ name: 'reference', service: await startBuiltService({}, 'bench-hostile-ref', reference) });
  }
  const runs = new Map<string, Run[]>();
  try {
    for (const { service } of targets) await probe(service.base); // warm-up
    for (let round = 1; round <= ROUNDS; round++) {
      for (const scenario of SCENARIOS) {
        for (const { name, service } of targets) {
          if (name === 'reference' && !REFERENCE_SCENARIOS.includes(scenario)) continue;
          await settle(service.base);
          const run = await measure(service.base, scenario);
          const key = `${scenario}|${name}`;
          runs.set(key, [...(runs.get(key) ?? []), run]);
          const { statuses, messages } = run.senders ?? {};
          const answers = run.senders ? `${JSON.stringify(statuses)} ${JSON.stringify(messages)}` : '';
          const figures = [run.p50, run.p99, run.max].map((v) => v.toFixed(1)).join(' / ');
          const label = `round ${round} ${scenario} ${name}`;
          console.error(`${label}: p50/p99/max ${figures} ms, ${run.failures} failed ${answers}`);
        }
      }
    }
  } finally {
    for (const { service } of targets) service.stop();
  }

  const pace = RATE > 0 ? `${RATE} bodies/s each` : 'back to back';
  console.log(`\nHostile bodies: /health/live while ${SENDERS} senders post 5 MB bodies, ${pace}; ${SECONDS} s runs`);
  console.log(`Medians over ${ROUNDS} rounds`);
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(`Node ${process.version}, ${cpus().length} cores, load average ${load} at the end`);
  console.log('Senders in a worker thread of the bench process\n');
  console.log('| scenario | target | p50 ms | p99 ms | max ms | samples | failed | bodies/s | answers (round 1) |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
  for (const [key, list] of runs) {
    const [scenario, target] = key.split('|');
    const m = (f: (r: Run) => number) => median(list.map(f));
    const senders = list[0].senders;
    const tally = Object.entries(senders?.statuses ?? {}).map(([status, n]) => `${status}×${n}`);
    const answers = senders ? tally.join(' ') : '—';
    const rate = senders ? m((r) => r.senders!.requests / SECONDS).toFixed(1) : '—';
    const latency = [m((r) => r.p50), m((r) => r.p99), m((r) => r.max)].map((v) => v.toFixed(1)).join(' | ');
    const counts = `${m((r) => r.samples)} | ${m((r) => r.failures)}`;
    console.log(`| ${scenario} | ${target} | ${latency} | ${counts} | ${rate} | ${answers} |`);
  }
}

runBench(main);
