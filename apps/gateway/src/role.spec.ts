import { loadConfig } from '@app/infrastructure';
import { applyRole } from './role';

describe('applyRole', () => {
  const load = (env: Record<string, string>) => loadConfig({ env: { NODE_ENV: 'test', ...env } });

  it('turns the scheduler engine off on api replicas in the distributed mode', () => {
    const config = applyRole(
      load({ ROLE: 'api', DATABASE_URL: 'postgres://u:p@127.0.0.1/db', REDIS_URL: 'redis://127.0.0.1:6379' }),
    );
    expect(config.scheduler.enabled).toBe(false);
  });

  it('leaves worker and all replicas, and the embedded mode, unchanged', () => {
    const distributed = { DATABASE_URL: 'postgres://u:p@127.0.0.1/db', REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(applyRole(load({ ROLE: 'worker', ...distributed })).scheduler.enabled).toBe(true);
    expect(applyRole(load({ ...distributed })).scheduler.enabled).toBe(true);
    expect(applyRole(load({ ROLE: 'api' })).scheduler.enabled).toBe(true);
  });

  it('refuses an unknown role', () => {
    expect(() => load({ ROLE: 'cron' })).toThrow(/service\.role/);
  });
});
