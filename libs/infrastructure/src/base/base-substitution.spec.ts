import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { BaseCache, CacheStats } from './base-cache';
import { BaseLogger } from './base-logger';

/** A consumer that depends only on the base contracts, as every library does. */
@Injectable()
class QuoteService {
  constructor(
    private readonly cache: BaseCache,
    private readonly logger: BaseLogger,
  ) {}

  async quote(symbol: string): Promise<number> {
    const value = await this.cache.wrap(`quote:${symbol}`, async () => symbol.length * 10);
    this.logger.log({ symbol, value }, 'quoted');
    return value;
  }
}

class RecordingCache extends BaseCache {
  readonly store = new Map<string, unknown>();
  readonly keys: string[] = [];
  async get<T>(key: string) {
    this.keys.push(key);
    return this.store.get(key) as T | undefined;
  }
  async set<T>(key: string, value: T) {
    this.store.set(key, value);
  }
  async delete(key: string) {
    this.store.delete(key);
  }
  async wrap<T>(key: string, compute: () => Promise<T>) {
    const hit = await this.get<T>(key);
    if (hit !== undefined) return hit;
    const value = await compute();
    await this.set(key, value);
    return value;
  }
  stats(): CacheStats {
    return { hits: 0, misses: 0, hitRatio: 0, backend: 'memory' };
  }
}

class RecordingLogger extends BaseLogger {
  readonly lines: unknown[][] = [];
  log(...args: unknown[]) {
    this.lines.push(args);
  }
  error(...args: unknown[]) {
    this.lines.push(args);
  }
  warn(...args: unknown[]) {
    this.lines.push(args);
  }
  debug(...args: unknown[]) {
    this.lines.push(args);
  }
  verbose(...args: unknown[]) {
    this.lines.push(args);
  }
  fatal(...args: unknown[]) {
    this.lines.push(args);
  }
  child(): BaseLogger {
    return this;
  }
}

describe('base contracts as injection tokens', () => {
  it('lets a consumer run on substituted implementations', async () => {
    const cache = new RecordingCache();
    const logger = new RecordingLogger();
    const module = await Test.createTestingModule({
      providers: [QuoteService, { provide: BaseCache, useValue: cache }, { provide: BaseLogger, useValue: logger }],
    }).compile();
    const service = module.get(QuoteService);

    expect(await service.quote('EURUSD')).toBe(60);
    expect(await service.quote('EURUSD')).toBe(60);
    expect(cache.keys).toEqual(['quote:EURUSD', 'quote:EURUSD']);
    expect(logger.lines).toEqual([
      [{ symbol: 'EURUSD', value: 60 }, 'quoted'],
      [{ symbol: 'EURUSD', value: 60 }, 'quoted'],
    ]);
  });

  it('can override a core binding of a whole module with overrideProvider', async () => {
    const module = await Test.createTestingModule({
      providers: [
        QuoteService,
        { provide: BaseCache, useValue: null },
        { provide: BaseLogger, useValue: new RecordingLogger() },
      ],
    })
      .overrideProvider(BaseCache)
      .useValue(new RecordingCache())
      .compile();
    expect(await module.get(QuoteService).quote('BTC')).toBe(30);
  });
});
