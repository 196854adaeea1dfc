import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { tenantScope, WHOLE_QUEUE } from '../core/queues/managed-queue';
import { holdsTenant, pauseFigures } from '../core/queues/queue-pause-state';
import { Database } from './database';
import { queueMigrations } from './migrations';
import { QueuePauseRepository } from './queue-pause.repository';

// The store every managed queue keeps its pauses in, on a real (in-memory) SQLite database.
describe('QueuePauseRepository', () => {
  let db: Kysely<any>;
  let pauses: QueuePauseRepository;
  const at = new Date('2030-01-01T00:00:00.000Z');

  beforeEach(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    await queueMigrations['0001_queues_pauses'].up(db);
    pauses = new QueuePauseRepository(new Database(db, 'sqlite', undefined, ':memory:'));
  });
  afterEach(() => db.destroy());

  it('keeps whole-queue and tenant pauses apart, per queue, and pausing twice is one pause', async () => {
    await pauses.pause('handit.tasks', tenantScope('t2'), at);
    await pauses.pause('handit.tasks', tenantScope('t2'), at);
    await pauses.pause('scheduler.runs', WHOLE_QUEUE, at);
    expect(await pauses.state('handit.tasks')).toEqual({ queue: false, tenants: new Set(['t2']) });
    expect(await pauses.state('scheduler.runs')).toEqual({ queue: true, tenants: new Set() });
    expect([await pauses.holds('handit.tasks', 't1'), await pauses.holds('handit.tasks', 't2')]).toEqual([false, true]);
    // A whole-queue pause holds every tenant.
    expect(await pauses.holds('scheduler.runs', 't1')).toBe(true);
  });

  it('resumes one scope only: a tenant resume leaves the whole-queue pause, and the reverse', async () => {
    await pauses.pause('handit.tasks', WHOLE_QUEUE, at);
    await pauses.pause('handit.tasks', tenantScope('t1'), at);
    await pauses.resume('handit.tasks', tenantScope('t1'));
    expect(await pauses.state('handit.tasks')).toEqual({ queue: true, tenants: new Set() });
    await pauses.pause('handit.tasks', tenantScope('t1'), at);
    await pauses.resume('handit.tasks', WHOLE_QUEUE);
    expect(await pauses.state('handit.tasks')).toEqual({ queue: false, tenants: new Set(['t1']) });
    await pauses.resume('handit.tasks', tenantScope('t1'));
    expect(await pauses.holds('handit.tasks', 't1')).toBe(false);
  });

  it('shows a tenant its own pause and the whole queue’s, never another tenant’s', () => {
    const state = { queue: false, tenants: new Set(['t2', 't1']) };
    const wholePaused = { queue: true, tenants: new Set<string>() };
    const t3 = pauseFigures(state, tenantScope('t3'));
    expect(t3).toEqual({ scope: 'tenant', tenant: 't3', paused: false, queuePaused: false, tenantPaused: false });
    expect(pauseFigures(state, tenantScope('t2'))).toMatchObject({ paused: true, tenantPaused: true });
    const whole = pauseFigures(state, WHOLE_QUEUE);
    expect(whole).toMatchObject({ scope: 'queue', tenant: null, paused: false, queuePaused: false });
    expect(whole.pausedTenants).toEqual(['t1', 't2']);
    const underWhole = pauseFigures(wholePaused, tenantScope('t3'));
    expect(underWhole).toMatchObject({ paused: true, queuePaused: true, tenantPaused: false });
    const held = [holdsTenant(state, 't1'), holdsTenant(state, 't3'), holdsTenant(wholePaused, 't3')];
    expect(held).toEqual([true, false, true]);
  });
});
