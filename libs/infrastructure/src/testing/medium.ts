import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Abstract, DynamicModule, ModuleMetadata, Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { InfrastructureModule } from '../infrastructure.module';
import { loadConfig } from '../core/config/config.loader';
import type { AppConfig } from '../core/config/config.schema';
import { PersistenceModule } from '../persistence/persistence.module';

/** A library's module on a temporary SQLite file, without HTTP: the medium test layer. */
export interface MediumModule {
  readonly module: TestingModule;
  readonly config: AppConfig;
  readonly dataDir: string;
  get<T>(token: Type<T> | Abstract<T> | string | symbol): T;
  close(): Promise<void>;
}

export interface MediumOptions {
  /** Environment as the service reads it (only these variables are seen). */
  env?: Record<string, string>;
  /** Extra providers, e.g. `{ provide: Clock, useValue: new ManualClock() }` overriding the real one. */
  overrides?: Array<{ token: unknown; value: unknown }>;
  /** An existing SQLite file to open instead of a fresh one. */
  sqlitePath?: string;
  /** `init: false` builds every provider (migrations run) but starts no lifecycle hook: no timers. */
  init?: boolean;
}

/**
 * Boots `imports` (a lib's module) with the real infrastructure and persistence, as the gateway
 * composes them, on a temporary SQLite file. `init` runs the lifecycle hooks (sweepers, timers).
 */
export async function createMediumModule(
  imports: NonNullable<ModuleMetadata['imports']> | ((config: AppConfig) => Array<Type<unknown> | DynamicModule>),
  options: MediumOptions = {},
): Promise<MediumModule> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aio-medium-'));
  const config = loadConfig({
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SQLITE_PATH: options.sqlitePath ?? join(dataDir, 'orchestration.db'),
      ...options.env,
    },
  });
  config.monitoring.health.diskPath = dataDir;
  const persistence = PersistenceModule.forRoot({
    url: config.database.url || undefined,
    sqlitePath: config.database.sqlitePath,
    busyTimeoutMs: config.database.busyTimeoutMs,
    poolMax: config.database.poolMax,
  });
  const libs = typeof imports === 'function' ? imports(config) : imports;
  let builder = Test.createTestingModule({ imports: [InfrastructureModule.forRoot(config), persistence, ...libs] });
  for (const { token, value } of options.overrides ?? []) builder = builder.overrideProvider(token).useValue(value);
  const module = await builder.compile();
  if (options.init !== false) await module.init();
  return {
    module,
    config,
    dataDir,
    get: <T>(token: Type<T> | Abstract<T> | string | symbol) => module.get<T>(token, { strict: false }),
    async close() {
      await module.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
