import request from 'supertest';
import type { Server } from 'node:http';
import { TASKS } from './tasks';

export const QUEUES = '/api/v1/scheduler/queues';

/** Two tenants (t1, t2), each with an admin and an operator, and the system admin (of tenant `ops`). */
export const QUEUE_KEYS = {
  t1Admin: 'queues-t1-admin-key-5c1d',
  t1Ops: 'queues-t1-operator-key-8e2a',
  t2Admin: 'queues-t2-admin-key-3f7b',
  t2Ops: 'queues-t2-operator-key-6a9c',
  system: 'queues-system-key-1d4e',
};
export type QueueCaller = keyof typeof QUEUE_KEYS;

export const QUEUE_API_KEYS = [
  `t1-admin:admin:t1:${QUEUE_KEYS.t1Admin}`,
  `t1-ops:operator:t1:${QUEUE_KEYS.t1Ops}`,
  `t2-admin:admin:t2:${QUEUE_KEYS.t2Admin}`,
  `t2-ops:operator:t2:${QUEUE_KEYS.t2Ops}`,
  `sysadmin:system:ops:${QUEUE_KEYS.system}`,
].join(',');

/** Environment of an embedded app for the queue suites: those keys, one task at a time, quant work inline. */
export const QUEUE_TEST_ENV = { API_KEYS: QUEUE_API_KEYS, HANDIT_CONCURRENCY: '1', HANDIT_WORKER_THREADS: '0' };

/** A quick task; each strike is a distinct computation, and the cache is off so every task really runs. */
export function pricingTask(strike: number, priority = 'normal') {
  const input = { spot: 42, strike, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 };
  return { type: 'options_pricing', priority, input, options: { cache: false } };
}

/** HTTP calls against one app as one of the QUEUE_KEYS callers. */
export function queueClient(http: Server) {
  const key = (who: QueueCaller) => ({ 'X-API-Key': QUEUE_KEYS[who] });
  return {
    get: (who: QueueCaller, path: string) => request(http).get(path).set(key(who)),
    post: (who: QueueCaller, path: string, body: object = {}) => request(http).post(path).set(key(who)).send(body),
    /** A queue's figures as `who` sees them (`?scope=queue` for the whole queue). */
    queue: async (who: QueueCaller, name: string, scope?: 'queue') => {
      const res = await request(http)
        .get(`${QUEUES}/${name}${scope ? '?scope=queue' : ''}`)
        .set(key(who))
        .expect(200);
      return res.body.data;
    },
    /** Submits a task as `who` and answers its id. */
    submit: async (who: QueueCaller, body: object) => {
      const res = await request(http).post(TASKS).set(key(who)).send(body).expect(202);
      return res.body.data.id as string;
    },
    task: async (who: QueueCaller, id: string) => {
      return (await request(http).get(`${TASKS}/${id}`).set(key(who)).expect(200)).body.data;
    },
    headers: key,
  };
}
