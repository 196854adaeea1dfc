import request from 'supertest';
import type { Server } from 'node:http';
import { walk } from './workflows';

export const MODELS = '/api/v1/ai-orchestration/models';

/** RSI 10 with 25/75 bands: a v2 of a technical model that signals differently from v1's 14 with 30/70. */
export const FAST_RSI = { trading_signal: { rsiPeriod: 10, rsiOversold: 25, rsiOverbought: 75 } };

/** 60 daily candles of a deterministic walk; `seed` varies its shape so signals differ between inputs. */
export function seededCandles(seed: number) {
  return walk(60, 100 + (seed % 7), ((seed % 11) - 5) / 1000, 0.004 + (seed % 5) * 0.004, 2 + (seed % 6));
}

/** Adds a version to a model as the (anonymous) system admin, expecting 201. */
export async function addVersion(http: Server, modelId: string, body: Record<string, unknown>): Promise<any> {
  const res = await request(http).post(`${MODELS}/${modelId}/versions`).send(body);
  if (res.status !== 201) throw new Error(`add version: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

export async function setRouting(http: Server, modelId: string, body: Record<string, unknown>): Promise<any> {
  const res = await request(http).put(`${MODELS}/${modelId}/routing`).send(body);
  if (res.status !== 200) throw new Error(`set routing: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}
