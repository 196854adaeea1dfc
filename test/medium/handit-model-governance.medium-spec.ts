import { HanditModule, ModelComparisonService, ModelGovernanceService, ModelRegistry, TaskService } from '@app/handit';
import { ANONYMOUS_ADMIN, type Principal } from '@app/infrastructure';
import { createMediumModule, type MediumModule } from '../support/medium';
import { FAST_RSI, seededCandles } from '../support/models';

/**
 * The model registry through HanditModule on a temporary SQLite file, without HTTP: versions,
 * rules and defined models stored and read back by a second module on the same file (a restart),
 * and the rules' access by role.
 */
describe('handit: model governance on SQLite', () => {
  const SYSTEM = ANONYMOUS_ADMIN;
  const deskAdmin: Principal = { id: 'desk-admin', role: 'admin', tenant: 'desk-a', authMethod: 'api-key' };
  let m: MediumModule;
  let sqlitePath: string;

  beforeAll(async () => {
    m = await createMediumModule([HanditModule], { env: { HANDIT_WORKER_THREADS: '0' } });
    sqlitePath = m.config.database.sqlitePath;
  }, 30_000);
  afterAll(async () => {
    await m?.close();
  });

  it('stores versions, defined models and rules, and a second module on the same file routes by them', async () => {
    const governance = m.get(ModelGovernanceService);
    await governance.addVersion(SYSTEM, 'equities-technical', { version: 'v2', parameters: FAST_RSI });
    await governance.createModel(SYSTEM, { id: 'medium-signal', name: 'Medium', engine: 'equities-technical' });
    await governance.setRule(SYSTEM, 'equities-technical', { split: [{ version: 'v2', weight: 1 }] });
    await governance.setRule(deskAdmin, 'equities-technical', {
      tenant: 'desk-a',
      split: [{ version: 'v1', weight: 1 }],
    });

    const second = await createMediumModule([HanditModule], { sqlitePath, env: { HANDIT_WORKER_THREADS: '0' } });
    try {
      const registry = second.get(ModelRegistry);
      expect(registry.versions('equities-technical').map((v) => v.info.version)).toEqual(['v1', 'v2']);
      expect(registry.list().map((d) => d.id)).toContain('medium-signal');
      const route = (tenant: string) => registry.route({ type: 'trading_signal', model: 'equities-technical', tenant });
      expect(route('desk-b').version).toBe('v2');
      expect(route('desk-a').version).toBe('v1');
      const tasks = second.get(TaskService);
      const { task } = await tasks.create(
        {
          tenant: 'desk-b',
          principalId: null,
          type: 'trading_signal',
          model: 'medium-signal',
          input: { symbol: 'MED', candles: seededCandles(1) },
          options: { cache: false },
        },
        { waitMs: 10_000 },
      );
      expect(task).toMatchObject({ status: 'succeeded', modelId: 'medium-signal', modelVersion: 'v1' });
      const cmp = await second.get(ModelComparisonService).compare(deskAdmin, 'medium-signal', '1h');
      // desk-a's admin sees its own tenant's tasks only: desk-b's task is not counted.
      expect(cmp.versions[0].tasks.count).toBe(0);
      const all = await second.get(ModelComparisonService).compare(SYSTEM, 'medium-signal', '1h');
      expect(all.versions[0].tasks.count).toBe(1);
    } finally {
      await second.module.close();
    }
  }, 30_000);

  it('keeps tenant admins to their own tenant’s rule and system admins to the registry', async () => {
    const governance = m.get(ModelGovernanceService);
    await expect(
      governance.setRule(deskAdmin, 'equities-technical', { split: [{ version: 'v1', weight: 1 }] }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      governance.setRule(deskAdmin, 'equities-technical', { tenant: 'desk-b', split: [{ version: 'v1', weight: 1 }] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(governance.addVersion(deskAdmin, 'equities-technical', { version: 'v9' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // desk-a's admin sees the every-tenant rule and its own, not another tenant's.
    await governance.setRule(SYSTEM, 'equities-technical', { tenant: 'desk-c', split: [{ version: 'v2', weight: 1 }] });
    expect(
      governance
        .rules(deskAdmin, 'equities-technical')
        .map((r) => r.tenant)
        .sort(),
    ).toEqual(['desk-a', null].sort());
  });
});
