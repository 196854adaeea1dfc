import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { Database } from '@app/infrastructure';
import { AlertEventRepository } from '../alert-event.repository';
import { AlertRuleRepository } from '../alert-rule.repository';
import { SilenceRepository } from '../silence.repository';
import type { AlertRule } from '../../alerts/alert.types';
import { monitoringMigrations } from './index';

const AT = '2030-01-01T00:00:00.000Z';
const EXPR = '{"series":"http.error_ratio","comparison":">","threshold":0.2,"forMs":0,"reduce":"last","windowMs":0}';
const DESK_A = { all: false, tenant: 'desk-a', system: true } as const;
const DESK_B = { all: false, tenant: 'desk-b', system: true } as const;

// A database written before alerts had owners, then upgraded: what every tenant used to see
// becomes the system scope's (still seen by every tenant, changed by the system admin only).
describe('monitoring migration 0003 (alert owners)', () => {
  let db: Kysely<any>;
  let database: Database;
  const migrator = (names: string[]) => {
    const migrations = Object.fromEntries(names.map((n) => [n, monitoringMigrations[n]]));
    return new Migrator({ db, provider: { getMigrations: async () => migrations } });
  };
  const rule = (over: Partial<AlertRule>): AlertRule => ({
    id: 'r',
    tenant: 'desk-a',
    createdBy: 'a-ops',
    name: 'errors',
    expr: JSON.parse(EXPR),
    severity: 'warning',
    source: 'api',
    createdAt: new Date(AT),
    ...over,
  });

  beforeEach(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    database = new Database(db, 'sqlite', undefined, ':memory:');
    expect((await migrator(['0001_alerts', '0002_alert_states']).migrateToLatest()).error).toBeUndefined();
    await sql`insert into monitoring_alert_rules (id, name, expr, severity, created_at)
      values ('01OLD', 'legacy', ${EXPR}, 'critical', ${AT})`.execute(db);
    await sql`insert into monitoring_alert_events
      (id, rule_id, rule_name, severity, kind, value, threshold, silenced, at, replica)
      values ('01EV', '01OLD', 'legacy', 'critical', 'firing', 0.5, 0.2, 0, ${AT}, 'embedded')`.execute(db);
    await sql`insert into monitoring_silences
      (id, rule_name, severity, starts_at, ends_at, comment, created_by, created_at)
      values ('01SIL', 'legacy', null, ${AT}, '2031-01-01T00:00:00.000Z', 'old', 'ops', ${AT})`.execute(db);
  });
  afterEach(() => db.destroy());

  it('gives existing rules, history and silences to the system scope', async () => {
    expect((await migrator(Object.keys(monitoringMigrations)).migrateToLatest()).error).toBeUndefined();
    const rules = new AlertRuleRepository(database);
    for (const tenant of [DESK_A, DESK_B]) {
      const listed = (await rules.list(tenant, 10)).map((r) => [r.id, r.tenant, r.createdBy]);
      expect(listed).toEqual([['01OLD', null, null]]);
    }
    expect(await rules.find({ all: false, tenant: 'desk-a', system: false }, '01OLD')).toBeNull();
    const history = await new AlertEventRepository(database).list(DESK_A, {});
    expect(history.items.map((e) => [e.id, e.tenant])).toEqual([['01EV', null]]);
    const silences = new SilenceRepository(database);
    expect(await silences.current({ all: false, tenant: 'desk-a', system: false }, new Date(AT), 10)).toEqual([]);
    const every = await silences.current({ all: true }, new Date(AT), 10);
    expect(every.map((s) => [s.id, s.tenant])).toEqual([['01SIL', null]]);
  });

  it('makes rule names unique per owner, not across owners', async () => {
    await migrator(Object.keys(monitoringMigrations)).migrateToLatest();
    const rules = new AlertRuleRepository(database);
    expect(await rules.insert(rule({ id: '02A' }))).toBe(true);
    expect(await rules.insert(rule({ id: '02B', tenant: 'desk-b' }))).toBe(true);
    expect(await rules.insert(rule({ id: '02C' }))).toBe(false);
    expect(await rules.insert(rule({ id: '02D', tenant: null, name: 'legacy' }))).toBe(false);
    expect((await rules.list(DESK_A, 10)).map((r) => r.id)).toEqual(['01OLD', '02A']);
    expect((await rules.list(DESK_B, 10)).map((r) => r.id)).toEqual(['01OLD', '02B']);
    expect([await rules.count('desk-a'), await rules.count(null), await rules.count()]).toEqual([1, 1, 3]);
    expect(await rules.delete('desk-b', '02A')).toBe(false);
    expect(await rules.delete('desk-a', '02A')).toBe(true);
  });

  it('migrates down to unowned tables, keeping the oldest rule of each name', async () => {
    const all = migrator(Object.keys(monitoringMigrations));
    await all.migrateToLatest();
    const rules = new AlertRuleRepository(database);
    await rules.insert(rule({ id: '02P', name: 'legacy' }));
    await rules.insert(rule({ id: '02Q', name: 'fresh' }));
    expect((await all.migrateDown()).error).toBeUndefined();
    const left = await sql<{
      id: string;
      name: string;
    }>`select id, name from monitoring_alert_rules order by id`.execute(db);
    expect(left.rows).toEqual([
      { id: '01OLD', name: 'legacy' },
      { id: '02Q', name: 'fresh' },
    ]);
    for (const table of ['monitoring_alert_rules', 'monitoring_alert_events', 'monitoring_silences']) {
      const info = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
      const columns = info.rows.map((r) => r.name);
      expect(columns).not.toContain('tenant');
    }
  });
});

describe('alert history bound', () => {
  let db: Kysely<any>;
  let events: AlertEventRepository;

  beforeEach(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    const database = new Database(db, 'sqlite', undefined, ':memory:');
    await new Migrator({ db, provider: { getMigrations: async () => monitoringMigrations } }).migrateToLatest();
    events = new AlertEventRepository(database);
  });
  afterEach(() => db.destroy());

  it('keeps historyLimit events per owner, so a noisy tenant never erases another tenant’s history', async () => {
    const record = (tenant: string | null, minute: number) =>
      events.record(
        {
          tenant,
          ruleId: `r-${tenant}`,
          ruleName: 'errors',
          severity: 'warning',
          kind: 'firing',
          value: 1,
          threshold: 0.5,
          silenced: false,
          at: new Date(Date.UTC(2030, 0, 1, 0, minute)),
          replica: 'embedded',
        },
        3,
      );
    await record('desk-a', 0);
    await record(null, 0);
    for (let minute = 1; minute <= 10; minute++) await record('desk-b', minute);
    const minutes = async (tenant: string | null) =>
      (await events.list({ all: true }, {})).items.filter((e) => e.tenant === tenant).map((e) => e.at.getUTCMinutes());
    expect(await minutes('desk-b')).toEqual([10, 9, 8]);
    expect(await minutes('desk-a')).toEqual([0]);
    expect(await minutes(null)).toEqual([0]);
  });
});
