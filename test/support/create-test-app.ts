import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import type { Server } from 'node:http';
import { LifecycleService, loadConfig } from '@app/infrastructure';
import { createApplication } from '../../apps/gateway/src/bootstrap';

export interface TestApp {
  app: INestApplication;
  http: Server;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Boots the real gateway (same bootstrap as main.ts) on a temporary SQLite file. Only the
 * given variables are seen: the machine's own environment never leaks into a test.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  extraControllers: Type<unknown>[] = [],
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aio-test-'));
  const config = loadConfig({
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SQLITE_PATH: join(dataDir, 'orchestration.db'),
      // One Jest worker hosts dozens of apps in turn, so its heap is far above one service's;
      // the heap check would measure the test runner, not the app.
      HEALTH_HEAP_LIMIT_MB: '16384',
      ...env,
    },
  });
  config.monitoring.health.diskPath = dataDir;
  const app = await createApplication(config, extraControllers);
  await app.init();
  app.get(LifecycleService).markReady();
  return {
    app,
    http: app.getHttpServer() as Server,
    dataDir,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Creates the app (createTestApp with `env`) before the enclosing describe's tests and closes it
 * after the last one; `receive` is handed the app, e.g. `(app) => (t = app)`.
 */
export function createTestAppForSuite(receive: (t: TestApp) => void, env: Record<string, string> = {}): void {
  let created: TestApp | undefined;
  beforeAll(async () => {
    created = await createTestApp(env);
    receive(created);
  }, 30_000);
  afterAll(async () => {
    await created?.close();
  });
}
