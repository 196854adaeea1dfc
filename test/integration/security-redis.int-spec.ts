import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import {
  Catch,
  Controller,
  Get,
  type ArgumentsHost,
  type ExceptionFilter,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import request from 'supertest';
import type { Response } from 'express';
import { AppError, RedisThrottlerStorage, SecurityModule, type SecurityOptions } from '@app/infrastructure';

/**
 * RedisThrottlerStorage against a real redis-server. Uses TEST_REDIS_URL when given, otherwise
 * starts `redis-server` (apt package redis-server) on 127.0.0.1 and a free port for this file.
 */

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitForRedis(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return;
    } catch (err) {
      probe.disconnect();
      if (Date.now() > deadline) throw new Error(`redis-server did not come up at ${url}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

let redisUrl: string;
let server: ChildProcess | undefined;
const clients: Redis[] = [];

/** Resolves once the socket is really gone (quit() resolves on the reply, before the close). */
async function closeClient(c: Redis): Promise<void> {
  if (c.status === 'end') return;
  const ended = new Promise<void>((resolve) => c.once('end', () => resolve()));
  await c.quit().catch(() => c.disconnect());
  await ended;
}

function client(): Redis {
  const c = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  if (process.env.TEST_REDIS_URL) {
    redisUrl = process.env.TEST_REDIS_URL;
  } else {
    const port = await freePort();
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    server.once('error', (err) => {
      throw new Error(`cannot start redis-server (apt-get install -y redis-server): ${err.message}`);
    });
    redisUrl = `redis://127.0.0.1:${port}/0`;
  }
  await waitForRedis(redisUrl);
}, 20_000);

afterAll(async () => {
  await Promise.all(clients.map(closeClient));
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
});

const unique = (name: string) => `${name}-${Date.now()}-${Math.random().toString(36).slice(2)}`;

describe('RedisThrottlerStorage', () => {
  it('counts hits in a window that expires', async () => {
    const storage = new RedisThrottlerStorage(client(), 'test', false);
    const key = unique('window');
    const first = await storage.increment(key, 400, 5, 400, 'default');
    expect(first).toEqual({ totalHits: 1, timeToExpire: 1, isBlocked: false, timeToBlockExpire: 0 });
    expect((await storage.increment(key, 400, 5, 400, 'default')).totalHits).toBe(2);
    await new Promise((r) => setTimeout(r, 500));
    expect((await storage.increment(key, 400, 5, 400, 'default')).totalHits).toBe(1);
  });

  it('blocks past the limit for the block duration, then starts a fresh window', async () => {
    const storage = new RedisThrottlerStorage(client(), 'test', false);
    const key = unique('block');
    for (let i = 1; i <= 2; i++)
      expect((await storage.increment(key, 10_000, 2, 600, 'default')).isBlocked).toBe(false);
    const blocked = await storage.increment(key, 10_000, 2, 600, 'default');
    expect(blocked).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 1 });
    expect((await storage.increment(key, 10_000, 2, 600, 'default')).isBlocked).toBe(true);
    await new Promise((r) => setTimeout(r, 700));
    expect(await storage.increment(key, 10_000, 2, 600, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('is atomic: 50 concurrent hits from two replicas let exactly `limit` through', async () => {
    const a = new RedisThrottlerStorage(client(), 'test', false);
    const b = new RedisThrottlerStorage(client(), 'test', false);
    const key = unique('race');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).increment(key, 30_000, 10, 30_000, 'default')),
    );
    expect(results.filter((r) => !r.isBlocked)).toHaveLength(10);
    expect(
      results.filter((r) => r.isBlocked).every((r) => r.timeToBlockExpire >= 29 && r.timeToBlockExpire <= 30),
    ).toBe(true);
  });

  it('keeps named throttlers apart', async () => {
    const storage = new RedisThrottlerStorage(client(), 'test', false);
    const key = unique('named');
    await storage.increment(key, 10_000, 1, 10_000, 'short');
    expect((await storage.increment(key, 10_000, 1, 10_000, 'short')).isBlocked).toBe(true);
    expect((await storage.increment(key, 10_000, 1, 10_000, 'long')).isBlocked).toBe(false);
  });

  it('fails open when Redis is unreachable', async () => {
    const dead = new Redis(`redis://127.0.0.1:${await freePort()}`, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    dead.on('error', () => undefined);
    clients.push(dead);
    const storage = new RedisThrottlerStorage(dead, 'test', false);
    expect(await storage.increment('k', 1000, 1, 1000, 'default')).toMatchObject({ isBlocked: false });
  });
});

/** Minimal stand-in for the gateway's filter: status and headers of an AppError. */
@Catch(AppError)
class AppErrorFilter implements ExceptionFilter {
  catch(err: AppError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    for (const [k, v] of Object.entries(err.headers ?? {})) res.setHeader(k, v);
    res.status(err.status).json({ success: false, error: { code: err.code, message: err.message } });
  }
}

@Controller('api/v1/ping')
class PingController {
  @Get()
  ping() {
    return { pong: true };
  }
}

describe('SecurityModule with redisUrl', () => {
  const options = (): SecurityOptions => ({
    apiKeys: [`alice:viewer:default:${unique('alice-key')}`],
    jwt: { clockToleranceSec: 0 },
    authDisabled: true,
    openPaths: ['/health'],
    ipAllowlist: [],
    rateLimit: { ttlMs: 60_000, max: 3 },
    redisUrl,
    nodeEnv: 'test',
  });

  async function replica(opts: SecurityOptions): Promise<INestApplication> {
    const ref = await Test.createTestingModule({
      imports: [SecurityModule.forRoot(opts)],
      controllers: [PingController],
    }).compile();
    const app = ref.createNestApplication({ logger: false });
    app.useGlobalFilters(new AppErrorFilter());
    await app.init();
    return app;
  }

  it('shares one budget across two replicas and answers 429 with Retry-After', async () => {
    await client().flushdb();
    const opts = options();
    const [one, two] = [await replica(opts), await replica(opts)];
    try {
      await request(one.getHttpServer()).get('/api/v1/ping').expect(200);
      await request(two.getHttpServer()).get('/api/v1/ping').expect(200);
      await request(one.getHttpServer()).get('/api/v1/ping').expect(200);
      const res = await request(two.getHttpServer()).get('/api/v1/ping').expect(429);
      expect(res.body.error.code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(59);
      expect(await client().keys('throttle:*')).not.toHaveLength(0);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
