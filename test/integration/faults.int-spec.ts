import { createPgPool } from '@app/infrastructure';
import { freePort, spawnService } from '../support/child-app';
import { FakeLlmServer } from '../support/llm-server';
import {
  PrivatePostgres,
  PrivateRedis,
  Replica,
  TASKS,
  api,
  clusterEnv,
  counter,
  startReplica,
  stopReplica,
  uniqueName,
  until,
} from '../support/distributed';
import { ORCH, approvalFlow } from '../support/workflows';

jest.setTimeout(600_000);

/** What an 'error' event nobody listened to prints (Node's crash report, ioredis' fallback). */
const UNHANDLED = /Unhandled 'error' event|\[ioredis\] Unhandled error event|Emitted 'error' event/;
/** Several replicas starting at once on a 2-core machine shared with other suites. */
const START_TIMEOUT_MS = 90_000;
/** The throttle of every connection's 'error' listener (one line per source and interval). */
const ERROR_LOG_INTERVAL_MS = 10_000;

/** A flow that pauses for a human between two steps: its state lives in LangGraph's PostgresSaver. */
const FLOW = approvalFlow('fault-approval');

const PRICING = {
  type: 'options_pricing',
  input: { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 },
  options: { cache: false },
};
const commentary = (question: string) => ({
  type: 'market_commentary',
  input: { question },
  options: { cache: false },
});

interface LogLine {
  level: string;
  time: string;
  msg?: string;
  source?: string;
}

function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

async function readiness(r: Replica): Promise<number> {
  return (await api(r.port, 'GET', '/health/ready').catch(() => ({ status: 0 }))).status;
}

async function allReady(replicas: Replica[], status: number): Promise<boolean> {
  return (await Promise.all(replicas.map(readiness))).every((s) => s === status);
}

/**
 * Issue 14, "must show" 7, on servers of the suite's own (a private PostgreSQL cluster and a
 * private redis-server), so the faults never reach the PostgreSQL and Redis other suites share.
 * Two replicas (ROLE=all) take a steady stream of LLM and computation tasks while every
 * PostgreSQL connection is terminated twice, PostgreSQL is stopped and started, and Redis is
 * down for 10 s. The first test drives the faults; the others check what they left behind.
 */
describe('faults: two replicas under load through PostgreSQL and Redis outages', () => {
  let pg: PrivatePostgres;
  let redis: PrivateRedis;
  let llm: FakeLlmServer;
  const replicas: Replica[] = [];
  const exits: string[] = [];
  /** Tasks answered 201/202, with the question of the LLM ones. */
  const accepted: { id: string; question?: string }[] = [];
  const answers = new Map<number, number>();
  /** Workflow runs paused for approval just before a fault. */
  const runs: string[] = [];
  let sent = 0;

  const countTasks = async (where: string) =>
    Number((await pg.sql<{ n: string }>('faults', `SELECT count(*) AS n FROM handit_tasks WHERE ${where}`))[0].n);

  beforeAll(async () => {
    [pg, redis] = await Promise.all([PrivatePostgres.start(), PrivateRedis.start()]);
    llm = new FakeLlmServer();
    llm.otherwise({ status: 200, content: 'answer', delayMs: 300 });
    const env = clusterEnv(await pg.createDatabase('faults'), redis.url, uniqueName('aio_faults'), {
      HANDIT_CONCURRENCY: '4',
      LLM_BASE_URL: await llm.start(),
      LLM_MODEL: 'm',
    });
    // One after the other: the first migrates, the second finds the schema current.
    for (let i = 0; i < 2; i++) {
      const replica = await startReplica('all', env);
      replica.proc.once('exit', (code, signal) => exits.push(`replica ${i} exited (${code ?? signal})`));
      replicas.push(replica);
    }
    expect((await api(replicas[0].port, 'POST', `${ORCH}/workflows`, FLOW)).status).toBe(201);
  });

  afterAll(async () => {
    await Promise.all(replicas.map(stopReplica));
    await llm?.stop();
    await redis?.stop();
    await pg?.destroy();
  });

  /** Submits tasks every 50 ms, alternately to each replica, until `running()` turns false. */
  async function submitWhile(running: () => boolean): Promise<void> {
    for (; sent < 3000 && running(); sent++) {
      const question = sent % 2 ? undefined : `q${sent}`;
      const replica = replicas[sent % 2];
      const res = await api(replica.port, 'POST', TASKS, question ? commentary(question) : PRICING).catch(() => ({
        status: 0,
        body: null,
      }));
      answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
      if (res.status === 201 || res.status === 202) accepted.push({ id: res.body.data.id, question });
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function steady(more: number): Promise<void> {
    const target = accepted.length + more;
    await until(() => accepted.length >= target, 60_000, `${more} more tasks accepted`);
  }

  async function startInterruptedRun(replica: Replica, n: number): Promise<string> {
    const body = { workflow: FLOW.name, input: { n }, mode: 'sync' };
    const started = await api(replica.port, 'POST', `${ORCH}/execute`, body);
    expect(started.status).toBe(200);
    expect(started.body.data.status).toBe('interrupted');
    return started.body.data.id as string;
  }

  it('fails readiness during each outage only, recovering by itself, and no replica exits', async () => {
    let submitting = true;
    const load = submitWhile(() => submitting);
    try {
      // 1, 2: every PostgreSQL connection terminated, twice; the pools reconnect by themselves.
      await steady(20);
      for (let round = 0; round < 2; round++) {
        // A run paused for approval just before: the checkpoint pool holds connections to drop.
        runs.push(await startInterruptedRun(replicas[round], runs.length + 1));
        expect(await pg.terminateConnections()).toBeGreaterThan(0);
        await steady(10);
        await until(() => allReady(replicas, 200), 30_000, 'readiness after the connections were terminated');
      }

      // 3: PostgreSQL stopped (fast shutdown: every session ends), then started again.
      await pg.stop();
      await until(() => allReady(replicas, 503), 30_000, 'readiness to fail while PostgreSQL is down');
      await new Promise((r) => setTimeout(r, 3000));
      await pg.start();
      await until(() => allReady(replicas, 200), 60_000, 'readiness after PostgreSQL restarted');
      await steady(10);

      // 4: Redis down for 10 s (its data gone, as after a crash without persistence).
      await redis.shutdown();
      const redisDownAt = Date.now();
      await until(() => allReady(replicas, 503), 30_000, 'readiness to fail while Redis is down');
      await new Promise((r) => setTimeout(r, Math.max(0, redisDownAt + 10_000 - Date.now())));
      await redis.start();
      await until(() => allReady(replicas, 200), 60_000, 'readiness after Redis restarted');
      await steady(10);
    } finally {
      submitting = false;
      await load;
    }
    expect(exits).toEqual([]);
    for (const replica of replicas) expect(replica.proc.exitCode).toBeNull();
  });

  it('finishes every accepted task exactly once: one row each, settled once, one provider call each', async () => {
    const ids = accepted.map((t) => `'${t.id}'`).join(',');
    await until(
      async () => (await countTasks(`id IN (${ids}) AND status = 'succeeded'`)) === accepted.length,
      180_000,
      `all ${accepted.length} accepted tasks to succeed`,
      500,
    );
    // A 503 may still have saved its row (the answer was lost with the connection): those run too, once.
    const allSucceeded = async () => (await countTasks(`status <> 'succeeded'`)) === 0;
    await until(allSucceeded, 120_000, 'every stored task to succeed', 500);
    const rows = await pg.sql<{ id: string }>('faults', 'SELECT id FROM handit_tasks');
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining(accepted.map((t) => t.id)));

    // Settled once: the replicas' success counters add up to the rows, no more.
    const succeededOn = (r: Replica) => counter(r.port, 'handit_tasks_total', { status: 'succeeded' });
    const settled = await Promise.all(replicas.map(succeededOn));
    expect(settled[0] + settled[1]).toBe(rows.length);

    // The provider answered each accepted question exactly once, and no question twice.
    const completions = new Map<string, number>();
    for (const prompt of llm.completed) completions.set(prompt, (completions.get(prompt) ?? 0) + 1);
    expect([...completions.values()].filter((n) => n > 1)).toEqual([]);
    for (const task of accepted.filter((t) => t.question)) {
      expect(completions.get(`Question: ${task.question}`)).toBe(1);
    }
    const summary = JSON.stringify(Object.fromEntries(answers));
    process.stdout.write(
      `[faults] ${sent} sent, ${accepted.length} accepted, ${rows.length} stored, answers ${summary}; ` +
        `settled by replica ${settled.join('/')}\n`,
    );
  });

  it('answers 201/202 (saved) or 503 (not accepted) throughout, never a 500 or a dropped connection', () => {
    expect(accepted.length).toBeGreaterThanOrEqual(50);
    expect([...answers.keys()].filter((s) => ![201, 202, 503].includes(s))).toEqual([]);
  });

  it('resumes the workflow runs paused before the faults from their checkpoints, on the other replica', async () => {
    expect(runs).toHaveLength(2);
    for (const [i, id] of runs.entries()) {
      const resumed = await api(replicas[1 - i].port, 'POST', `${ORCH}/runs/${id}/resume`, { approved: true });
      expect(resumed.status).toBe(201);
    }
    for (const [i, id] of runs.entries()) {
      let final: { status: string; output: unknown } | undefined;
      const finished = async () => {
        final = (await api(replicas[0].port, 'GET', `${ORCH}/runs/${id}`)).body.data;
        return final?.status === 'succeeded' || final?.status === 'failed';
      };
      await until(finished, 30_000, `run ${id} to finish`);
      expect(final).toEqual(expect.objectContaining({ status: 'succeeded', output: (i + 1) * 10 }));
    }
  });

  it('logs every pool and client error through pino, one line per source and 10 s, none unhandled', () => {
    const sources = new Set<string>();
    for (const replica of replicas) {
      const output = replica.output();
      expect(output).not.toMatch(UNHANDLED);
      // Every throttled line names its source: connection errors, and per-request outage warnings.
      const problems = logLines(output).filter((l) => l.source !== undefined);
      for (const line of problems) expect(line.level).toBe('warn');
      const logged = problems.map((l) => l.source ?? '');
      expect(logged).toEqual(expect.arrayContaining(['database-pool', 'handit-worker', 'rate-limit', 'health']));
      for (const line of problems.filter((l) => l.source === 'database-pool' || l.source === 'rate-limit')) {
        expect(line.msg).toMatch(/^(PostgreSQL|Redis) connection problem$/);
      }
      const lastAt = new Map<string, number>();
      for (const line of problems) {
        const at = Date.parse(line.time);
        const previous = lastAt.get(line.source ?? '');
        if (previous !== undefined) expect(at - previous).toBeGreaterThanOrEqual(ERROR_LOG_INTERVAL_MS);
        lastAt.set(line.source ?? '', at);
      }
      logged.forEach((source) => sources.add(source));
    }
    // LangGraph's checkpoint pool had connections when they were terminated (on either replica).
    const expected = ['checkpoint-pool', 'handit-bus-sub', 'handit-queue', 'handit-submit'];
    expect([...sources]).toEqual(expect.arrayContaining(expected));
    process.stdout.write(`[faults] throttled warnings from ${[...sources].sort().join(', ')}\n`);
  });
});

describe('faults: replicas started at the same instant on an empty database', () => {
  const TRIES = 10;
  const REPLICAS = 3;
  let pg: PrivatePostgres;
  let redis: PrivateRedis;
  const started: Replica[] = [];

  beforeAll(async () => {
    [pg, redis] = await Promise.all([PrivatePostgres.start(), PrivateRedis.start()]);
  });

  afterAll(async () => {
    await Promise.all(started.map(stopReplica));
    await redis?.stop();
    await pg?.destroy();
  });

  it(`all ${REPLICAS} become ready, ${TRIES} times out of ${TRIES}, each on a fresh database`, async () => {
    const failures: string[] = [];
    for (let attempt = 1; attempt <= TRIES; attempt++) {
      const url = await pg.createDatabase(`concurrent_start_${attempt}`);
      const settings = { ROLE: 'all', LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0' };
      const env = clusterEnv(url, redis.url, uniqueName('aio_start'), settings);
      const ports = await Promise.all(Array.from({ length: REPLICAS }, () => freePort()));
      // Spawned in one tick: their migrations and LangGraph's checkpoint set-up run side by side.
      const children = ports.map((port) => ({ ...spawnService(env, port, START_TIMEOUT_MS), role: 'all' as const }));
      started.push(...children);
      const outcomes = await Promise.allSettled(children.map((c) => c.ready));
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome.status === 'rejected') {
          failures.push(`try ${attempt}, replica ${i}: ${String(outcome.reason).slice(-600)}`);
        }
      }
      if (outcomes.every((o) => o.status === 'fulfilled')) {
        await until(() => allReady(children, 200), 30_000, `try ${attempt}: readiness`);
      }
      for (const child of children) expect(child.output()).not.toMatch(UNHANDLED);
      await Promise.all(children.map(stopReplica));
      started.length = 0;
    }
    expect(failures).toEqual([]);
  });
});

describe('faults: a pool from createPgPool when PostgreSQL terminates its connections', () => {
  let pg: PrivatePostgres;

  beforeAll(async () => {
    pg = await PrivatePostgres.start();
  });

  afterAll(async () => {
    await pg?.destroy();
  });

  it('logs the idle and the checked-out client once, raises no unhandled error, and serves the next query', async () => {
    const lines: { fields: Record<string, unknown>; message: string }[] = [];
    const logger = { warn: (fields: Record<string, unknown>, message: string) => lines.push({ fields, message }) };
    const pool = createPgPool({ connectionString: pg.url(), max: 4 }, logger, 'test-pool');
    try {
      // One client held between queries (as in a transaction), one idle in the pool.
      const held = await pool.connect();
      const idle = await pool.connect();
      idle.release();
      expect(await pg.terminateConnections()).toBe(2);
      await until(() => lines.length > 0, 10_000, 'the pool to log the terminated connections');
      // Both clients' errors arrive within the same interval: one line.
      await new Promise((r) => setTimeout(r, 500));
      expect(lines).toEqual([
        {
          fields: expect.objectContaining({ source: 'test-pool', code: '57P01', suppressed: 0 }),
          message: 'PostgreSQL connection problem',
        },
      ]);
      held.release(true);
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
