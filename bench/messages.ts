/**
 * Agent messaging through the whole service, over HTTP, beside a bare Express hello-world:
 *
 *  1. send only: POST /api/v1/agents/messages routed by capability (health scores, load, one
 *     INSERT) under autocannon, req/s and p99;
 *  2. routed and delivered: BENCH_MESSAGES messages sent by capability to BENCH_AGENTS external
 *     agents, which long-poll their mailboxes (batches of 50); messages/s from the first send to
 *     the last ack, and p50/p99 of send → ack per message (at most BENCH_WINDOW messages
 *     outstanding, so the figure is the service's latency, not a backlog's). Twice: one message
 *     per send and one ack per request; then batched, as a busy producer and consumer would:
 *     sends of up to BENCH_SEND_BATCH messages (POST /agents/messages/batch) and each claimed
 *     batch acked in one request (POST /agents/{id}/messages/ack);
 *  3. built-in round trip: a trading_signal message (120 real-shaped candles) to a built-in agent
 *     with ?wait, i.e. route → mailbox → Handit task → reply, req/s and p99.
 *
 *   npm run bench:messages   (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_MESSAGES, BENCH_AGENTS, BENCH_WINDOW,
 *                             BENCH_SEND_BATCH)
 */
import autocannon from 'autocannon';
import { freePort } from '../test/support/child-app';
import {
  BENCH_API_KEY as API_KEY,
  benchLoad,
  dailyCandles,
  runBench,
  startBuiltService,
  startExpressHello,
  waitFor,
} from './support';

const { seconds: SECONDS, connections: CONNECTIONS } = benchLoad({ seconds: 10, connections: 16 });
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 4);
/** Messages sent but not yet acked before producers wait: latency then measures the service, not an unbounded backlog. */
const WINDOW = Number(process.env.BENCH_WINDOW ?? 200);
/** Messages per send request in the batched run. */
const SEND_BATCH = Number(process.env.BENCH_SEND_BATCH ?? 10);
const HEADERS = { 'content-type': 'application/json', 'x-api-key': API_KEY };

/** A pricier, slower walk than the other benches' candles, at a large volume. */
const candles = (n: number) =>
  dailyCandles(n, 0, { start: 500, periodDays: 6, drift: 0.0004, spread: 0.5, volume: 1_000_000 });

async function api(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: HEADERS,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as { data?: unknown; error?: unknown };
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.error)}`);
  return json.data;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

/**
 * Producers send MESSAGES by capability; each agent long-polls and acks. Bounded by count and a
 * deadline. `batched`: sends of up to SEND_BATCH messages, and one ack request per claimed batch.
 */
async function routedAndDelivered(base: string, capability: string, agentIds: string[], batched: boolean) {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let next = 0;
  let acked = 0;
  const deadline = Date.now() + 120_000;
  const started = performance.now();
  const message = (n: number) => ({
    to: { capability },
    type: capability,
    priority: n % 10 === 0 ? 'high' : 'normal',
    payload: { n },
  });
  const producer = async () => {
    while (next < MESSAGES && Date.now() < deadline) {
      const room = Math.min(batched ? SEND_BATCH : 1, WINDOW - (next - acked), MESSAGES - next);
      if (room <= 0) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      const ns = Array.from({ length: room }, () => next++);
      const t0 = performance.now();
      if (!batched) {
        const data = await api(base, 'POST', '/api/v1/agents/messages', message(ns[0]));
        sentAt.set(data.messages[0].id, t0);
        continue;
      }
      const data = await api(base, 'POST', '/api/v1/agents/messages/batch', { messages: ns.map(message) });
      for (const result of data.results as Array<{ messages: Array<{ id: string }> }>)
        sentAt.set(result.messages[0].id, t0);
    }
  };
  const settled = (id: string) => {
    const t0 = sentAt.get(id);
    if (t0 !== undefined) latencies.push(performance.now() - t0);
    acked++;
  };
  const consumer = async (agentId: string) => {
    while (acked < MESSAGES && Date.now() < deadline) {
      const batch = (await api(
        base,
        'GET',
        `/api/v1/agents/${agentId}/messages?max=50&wait=1000&leaseMs=60000`,
      )) as Array<{ id: string; leaseId: string }>;
      if (batched && batch.length) {
        const acks = batch.map((m) => ({ messageId: m.id, leaseId: m.leaseId, output: { ok: true } }));
        const result = await api(base, 'POST', `/api/v1/agents/${agentId}/messages/ack`, { acks });
        if (result.failed.length) throw new Error(`acks failed: ${JSON.stringify(result.failed[0])}`);
        for (const m of batch) settled(m.id);
        continue;
      }
      for (const m of batch) {
        await api(base, 'POST', `/api/v1/agents/${agentId}/messages/${m.id}/ack`, {
          leaseId: m.leaseId,
          output: { ok: true },
        });
        settled(m.id);
      }
    }
  };
  await Promise.all([...Array.from({ length: CONNECTIONS }, producer), ...agentIds.map(consumer)]);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { acked, seconds, rate: acked / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main(): Promise<void> {
  const helloPort = await freePort();
  const service = await startBuiltService({ AGENTS_MAX_PAYLOAD_BYTES: '1048576' }, 'bench-messages');
  const hello = startExpressHello(helloPort);
  const base = service.base;
  try {
    await waitFor(`http://127.0.0.1:${helloPort}/`);

    // Send-only target: agents that are never polled (the mailbox just grows).
    for (let i = 0; i < AGENTS; i++)
      await api(base, 'POST', '/api/v1/agents', {
        name: `sink-${i}`,
        kind: 'external',
        capabilities: ['sink'],
        maxConcurrency: 100,
      });
    const consumers: string[] = [];
    for (let i = 0; i < AGENTS; i++)
      consumers.push(
        (
          await api(base, 'POST', '/api/v1/agents', {
            name: `worker-${i}`,
            kind: 'external',
            capabilities: ['work'],
            maxConcurrency: 1000,
          })
        ).id,
      );
    const builtin = (await api(base, 'GET', '/api/v1/agents?name=equities-technical')).items[0].id as string;
    const sendBody = JSON.stringify({
      to: { capability: 'sink' },
      type: 'sink',
      payload: { symbol: 'SPY', note: 'bench' },
    });
    const signalBody = JSON.stringify({ to: builtin, type: 'trading_signal', payload: { candles: candles(120) } });

    // Warm-up: JIT, SQLite pages, worker threads.
    await autocannon({
      url: `${base}/api/v1/agents/messages`,
      method: 'POST',
      headers: HEADERS,
      body: sendBody,
      connections: CONNECTIONS,
      amount: 500,
    });
    await autocannon({
      url: `${base}/api/v1/agents/messages?wait=30000`,
      method: 'POST',
      headers: HEADERS,
      body: signalBody,
      connections: CONNECTIONS,
      amount: 100,
    });

    const helloRun = await autocannon({
      url: `http://127.0.0.1:${helloPort}/`,
      connections: CONNECTIONS,
      duration: SECONDS,
    });
    const sendRun = await autocannon({
      url: `${base}/api/v1/agents/messages`,
      method: 'POST',
      headers: HEADERS,
      body: sendBody,
      connections: CONNECTIONS,
      duration: SECONDS,
    });
    const signalRun = await autocannon({
      url: `${base}/api/v1/agents/messages?wait=30000`,
      method: 'POST',
      headers: HEADERS,
      body: signalBody,
      connections: CONNECTIONS,
      duration: SECONDS,
    });
    const delivered = await routedAndDelivered(base, 'work', consumers, false);
    const deliveredBatched = await routedAndDelivered(base, 'work', consumers, true);

    console.log(
      `\nMessage bench: ${CONNECTIONS} connections, ${SECONDS}s per timed run, ${AGENTS} agents per capability, Node ${process.version}, embedded SQLite\n`,
    );
    console.log('| run | req/s | p50 ms | p99 ms | non-2xx | errors | req/s vs express |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const [name, r] of [
      ['express hello-world', helloRun],
      ['send, routed by capability', sendRun],
      ['built-in round trip (trading_signal, ?wait)', signalRun],
    ] as const) {
      console.log(
        `| ${name} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx} | ${r.errors} | ${r === helloRun ? '—' : (r.requests.average / helloRun.requests.average).toFixed(3)} |`,
      );
    }
    for (const [how, d] of [
      ['one message per send, one ack per request', delivered],
      [`sends of up to ${SEND_BATCH} messages, one ack request per claimed batch`, deliveredBatched],
    ] as const)
      console.log(
        `\nRouted and delivered (${how}): ${d.acked}/${MESSAGES} messages sent by capability (≤ ${WINDOW} outstanding) and acked by ${AGENTS} long-polling agents in ${d.seconds.toFixed(1)} s = ${d.rate.toFixed(0)} messages/s; send → ack p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms`,
      );
  } finally {
    service.stop();
    hello.kill('SIGTERM');
  }
}

runBench(main);
