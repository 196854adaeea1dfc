import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, ChildApp, freePort, spawnService } from './child-app';
import { sqlAdmin, TEST_DATABASE_URL, urlWithSearchPath, withAdminClient } from './pg-schema';

export { api, TEST_DATABASE_URL };

/**
 * Helpers for the distributed-mode integration suites: a PostgreSQL schema and a BullMQ prefix
 * of their own per run (so runs never see each other's rows or jobs), replicas of the built
 * service, and a private redis-server that a test may stop and start again.
 */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TASKS = '/api/v1/ai-orchestration/tasks';
export const FINAL = ['succeeded', 'failed', 'cancelled', 'timed_out'];

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** A fresh schema; the URL makes it the connection's search_path. */
export async function createSchema(name: string): Promise<string> {
  await sqlAdmin(`CREATE SCHEMA "${name}"`);
  return urlWithSearchPath(TEST_DATABASE_URL, name);
}

export async function dropSchema(name: string): Promise<void> {
  await sqlAdmin(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
}

export async function query<T = Record<string, unknown>>(schema: string, text: string): Promise<T[]> {
  return withAdminClient(async (c) => {
    await c.query(`SET search_path TO "${schema}"`);
    return (await c.query(text)).rows as T[];
  });
}

/** How many of the tasks in `schema` have `status` (a fixed status name, not user input). */
export async function countTasks(schema: string, status: string): Promise<number> {
  const [row] = await query<{ n: string }>(schema, `SELECT count(*) AS n FROM handit_tasks WHERE status = '${status}'`);
  return Number(row.n);
}

export type Role = 'api' | 'worker' | 'all';

export interface Replica extends ChildApp {
  role: Role;
}

/** Starts one replica of the built service in the distributed mode and waits until it listens. */
export async function startReplica(role: Role, env: Record<string, string>): Promise<Replica> {
  const child = spawnService({ ROLE: role, LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', ...env }, await freePort());
  await child.ready;
  return Object.assign(child, { role });
}

export async function stopReplica(replica: Replica): Promise<void> {
  if (replica.proc.exitCode !== null || replica.proc.signalCode !== null) return;
  replica.proc.kill('SIGTERM');
  const timer = setTimeout(() => replica.proc.kill('SIGKILL'), 15_000);
  await replica.exited;
  clearTimeout(timer);
}

/** Polls until `predicate` holds, at most `ms` and at most 10,000 rounds. */
export async function until(
  predicate: () => Promise<boolean> | boolean,
  ms: number,
  what: string,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + ms;
  for (let round = 0; round < 10_000; round++) {
    if (await predicate()) return;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** Sum of one Prometheus counter (all label sets matching `labels`) from a replica's /metrics. */
export async function counter(port: number, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** Runs `fn` over `items` with at most `width` at a time; results in input order. */
export async function pool<T, R>(items: T[], width: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }),
  );
  return results;
}

/** A redis-server of the test's own on a free 127.0.0.1 port, which it can stop and start again. */
export class PrivateRedis {
  private proc?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await until(() => this.ping(), 10_000, `redis-server on ${this.port}`);
  }

  /** `redis-cli shutdown nosave`: Redis stops and its data is gone, as in a crash without persistence. */
  async shutdown(): Promise<void> {
    const proc = this.proc;
    await run('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), 'shutdown', 'nosave']).catch(() => undefined);
    if (proc && proc.exitCode === null) await new Promise((r) => proc.once('exit', r));
  }

  async stop(): Promise<void> {
    if (this.proc && this.proc.exitCode === null) {
      this.proc.kill('SIGKILL');
      await new Promise((r) => this.proc?.once('exit', r));
    }
  }

  async ping(): Promise<boolean> {
    return run('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), 'ping']).then(
      (out) => out.includes('PONG'),
      () => false,
    );
  }
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.once('error', reject);
    proc.once('exit', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${command} exited ${code}: ${err.trim()}`));
    });
  });
}

/** The newest Debian PostgreSQL server binaries (as `.ci/run` installs them), unless TEST_PG_BIN says. */
function postgresBinaries(): string {
  if (process.env.TEST_PG_BIN) return process.env.TEST_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((x, y) => Number(y) - Number(x))[0];
  if (!newest) throw new Error(`no PostgreSQL server under ${root}; install postgresql or set TEST_PG_BIN`);
  return join(root, newest, 'bin');
}

/**
 * A PostgreSQL cluster of the test's own: `initdb` into a temporary directory and `pg_ctl` (run
 * as the `postgres` OS user when the tests run as root), listening on a free 127.0.0.1 port with
 * trust authentication. A fault test may stop, start, restart it and cut every connection
 * without touching the PostgreSQL other suites share. `destroy()` stops it and removes its files.
 */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'aio-pg-'));
    // PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
    if (process.getuid?.() === 0) await run('chown', ['postgres:postgres', dir]);
    const pg = new PrivatePostgres(await freePort(), dir);
    await pg.asPostgres('initdb', ['-D', pg.dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    await pg.start();
    return pg;
  }

  /** A URL for one database of this cluster (`postgres` when not named). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    // The socket lives in the cluster's own directory, so nothing clashes with /var/run/postgresql.
    const options = `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.dir} -c fsync=off -c max_connections=200`;
    const log = join(this.dir, 'server.log');
    await this.asPostgres('pg_ctl', ['start', '-w', '-t', '30', '-D', this.dataDir, '-l', log, '-o', options]);
  }

  /** `pg_ctl stop -m fast`: every session is terminated, as in a planned failover. */
  async stop(): Promise<void> {
    await this.asPostgres('pg_ctl', ['stop', '-w', '-t', '30', '-m', 'fast', '-D', this.dataDir]);
  }

  async createDatabase(name: string): Promise<string> {
    await this.sql('postgres', `CREATE DATABASE "${name}"`);
    return this.url(name);
  }

  /** `pg_terminate_backend` on every client connection but this one; returns how many it ended. */
  async terminateConnections(): Promise<number> {
    const rows = await this.sql<{ ended: boolean }>(
      'postgres',
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    return rows.filter((r) => r.ended).length;
  }

  /** One statement on a short-lived connection to `database`. */
  async sql<T = Record<string, unknown>>(database: string, text: string): Promise<T[]> {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: this.url(database), connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async destroy(): Promise<void> {
    await this.asPostgres('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', this.dataDir]).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  private asPostgres(binary: string, args: string[]): Promise<string> {
    const path = join(postgresBinaries(), binary);
    return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', path, ...args]) : run(path, args);
  }
}

/** Environment shared by the replicas of one cluster. */
export function clusterEnv(
  databaseUrl: string,
  redisUrl: string,
  prefix: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    BULLMQ_PREFIX: prefix,
    HANDIT_RECONCILE_INTERVAL_MS: '1000',
    HANDIT_LOCK_DURATION_MS: '3000',
    ...extra,
  };
}

/** Removes a run's BullMQ keys from the shared Redis. */
export async function removePrefix(redisUrl: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    for (let i = 0; i < 10_000; i++) {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await client.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    client.disconnect();
  }
}

/**
 * What one distributed suite owns: a PostgreSQL schema and a BullMQ prefix of its own, and the
 * replicas it starts. `release()` (in afterAll) stops the replicas and removes the schema and jobs.
 */
export function clusterResources(label: string, prefixLabel = 'aio_test') {
  const schema = uniqueName(label);
  const prefix = uniqueName(prefixLabel);
  const replicas: Replica[] = [];
  const start = async (role: Role, env: Record<string, string>): Promise<Replica> => {
    const replica = await startReplica(role, env);
    replicas.push(replica);
    return replica;
  };
  return {
    schema,
    prefix,
    replicas,
    /** Creates the schema and returns the environment its replicas share (on the shared Redis unless named). */
    async env(extra: Record<string, string> = {}, redisUrl = TEST_REDIS_URL): Promise<Record<string, string>> {
      return clusterEnv(await createSchema(schema), redisUrl, prefix, extra);
    },
    /** Starts a replica and remembers it for release(). */
    start,
    /** Starts one replica per role, one at a time: the first runs the migrations, the others find them done. */
    async startInTurn(env: Record<string, string>, ...roles: Role[]): Promise<Replica[]> {
      const started: Replica[] = [];
      for (const role of roles) started.push(await start(role, env));
      return started;
    },
    async release(): Promise<void> {
      await Promise.all(replicas.map(stopReplica));
      await dropSchema(schema);
      await removePrefix(TEST_REDIS_URL, prefix);
    },
  };
}
