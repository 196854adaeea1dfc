import { HealthIndicatorService } from '@nestjs/terminus';
import type { Database } from '../database';
import { DatabaseHealthIndicator } from './database.health';

function indicatorWith(ping: () => Promise<void>): DatabaseHealthIndicator {
  const database = { ping, dialect: 'sqlite' } as unknown as Database;
  return new DatabaseHealthIndicator(new HealthIndicatorService(), database);
}

describe('DatabaseHealthIndicator', () => {
  it('is up with the dialect and a response time when ping answers', async () => {
    const result = await indicatorWith(async () => undefined).isHealthy();
    expect(result.database).toMatchObject({ status: 'up', dialect: 'sqlite', responseTime: expect.any(Number) });
  });

  it('is down with the reason when ping fails', async () => {
    const result = await indicatorWith(async () => {
      throw new Error('SQLITE_CANTOPEN');
    }).isHealthy('db');
    expect(result.db).toMatchObject({ status: 'down', message: 'SQLITE_CANTOPEN' });
  });

  it('is down when ping does not answer within the timeout', async () => {
    const started = Date.now();
    const result = await indicatorWith(() => new Promise<void>(() => undefined)).isHealthy('db', 50);
    expect(result.db).toMatchObject({ status: 'down', message: 'timeout of 50ms exceeded' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
