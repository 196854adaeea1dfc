import request from 'supertest';
import type { Server } from 'node:http';

export const ORCH = '/api/v1/orchestration';
export const RUNS = `${ORCH}/runs`;

/**
 * A flow that pauses for a human between two steps (n, then n × 10 once approved), so its state
 * must live in the checkpointer while it waits: the cross-replica and fault suites resume it elsewhere.
 */
export function approvalFlow(name: string) {
  return {
    name,
    nodes: [
      { id: 'first', kind: 'transform', output: { var: 'input.n' } },
      { id: 'approve', kind: 'approval', question: 'Ship it?' },
      { id: 'last', kind: 'transform', output: { '*': [{ var: 'outputs.first' }, 10] } },
    ],
    edges: [
      { from: 'start', to: 'first' },
      { from: 'first', to: 'approve' },
      { from: 'approve', to: 'last' },
      { from: 'last', to: 'end' },
    ],
    output: { var: 'outputs.last' },
  };
}

/** Daily candles from closes: open = previous close, a small range around the body. */
export function candlesFromCloses(closes: number[]) {
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1];
    return {
      time: 1_700_000_000 + i * 86_400,
      open,
      high: Math.max(open, close) * 1.004,
      low: Math.min(open, close) * 0.996,
      close,
      volume: 1000 + 7 * i,
    };
  });
}

/** A deterministic price walk: a wave of period 2π·freq on a drift. */
export function walk(n: number, start = 100, drift = 0.002, amplitude = 0.01, freq = 4) {
  const closes: number[] = [];
  let p = start;
  for (let i = 0; i < n; i++)
    closes.push((p = Math.round(p * (1 + amplitude * Math.sin(i / freq) + drift) * 100) / 100));
  return candlesFromCloses(closes);
}

/** Series on which Handit's trading_signal rules give these actions (found by scanning walk parameters). */
export const BUY_CANDLES = walk(60, 100, -0.006, 0.005, 6); // score 2, confidence 0.75
export const SELL_CANDLES = walk(60, 100, -0.003, 0.02, 3); // score -2
export const HOLD_CANDLES = walk(60, 100, 0.004, 0.01, 4); // score 0

/** 40 daily returns on a sine wave of the given scale: a holding's volatility, for portfolio-rebalance. */
export const returnsSeries = (scale: number, phase: number) =>
  Array.from({ length: 40 }, (_, i) => Math.round(scale * Math.sin(i * 1.3 + phase) * 1e6) / 1e6);

const SETTLED = ['interrupted', 'succeeded', 'failed', 'cancelled'];

/** Polls a run until it is settled (interrupted or final), through the API (with `headers`, e.g. an API key). */
export async function waitForRun(
  http: Server,
  id: string,
  ms = 20_000,
  statuses = SETTLED,
  headers: Record<string, string> = {},
): Promise<any> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await request(http).get(`${RUNS}/${id}`).set(headers);
    if (res.status !== 200) throw new Error(`GET run ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    if (statuses.includes(res.body.data.status)) return res.body.data;
    if (Date.now() > deadline)
      throw new Error(
        `run ${id} still ${res.body.data.status} after ${ms} ms: ` +
          JSON.stringify(res.body.data.nodes?.map((n: any) => [n.key, n.status])),
      );
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function nodeOf(run: any, key: string): any {
  const node = run.nodes.find((n: any) => n.key === key);
  if (!node) throw new Error(`run ${run.id} has no node ${key}: ${run.nodes.map((n: any) => n.key).join(', ')}`);
  return node;
}
