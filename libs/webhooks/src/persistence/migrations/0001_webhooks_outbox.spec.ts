import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { webhooksMigrations } from './index';

describe('0001_webhooks_outbox', () => {
  let db: Kysely<any>;
  const migrator = () => new Migrator({ db, provider: { getMigrations: async () => webhooksMigrations } });
  const tables = async () =>
    (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map(
      (r) => r.name,
    );

  beforeAll(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    expect((await migrator().migrateToLatest()).error).toBeUndefined();
  });
  afterAll(async () => db.destroy());

  it('creates the subscriptions, tenant secrets and the outbox, with one row per dedupe key', async () => {
    expect(await tables()).toEqual(
      expect.arrayContaining(['webhook_subscriptions', 'webhook_tenant_secrets', 'webhook_deliveries']),
    );
    const row = {
      tenant: 't',
      subscription_id: 's',
      event: 'task.succeeded',
      dedupe_key: 's:task.succeeded:x:1',
      url: 'https://hooks.example.com',
      body: '{}',
      status: 'pending',
      attempts: 0,
      next_attempt_at: '2026-01-01T00:00:00.000Z',
      log: '[]',
      created_at: '2026-01-01T00:00:00.000Z',
    };
    await db
      .insertInto('webhook_deliveries')
      .values({ id: 'a', ...row })
      .execute();
    await expect(
      db
        .insertInto('webhook_deliveries')
        .values({ id: 'b', ...row })
        .execute(),
    ).rejects.toThrow(/UNIQUE/);
  });

  it('migrates down without its tables', async () => {
    expect((await migrator().migrateDown()).error).toBeUndefined();
    expect(await tables()).not.toEqual(expect.arrayContaining(['webhook_deliveries']));
    expect((await tables()).filter((name) => name.startsWith('webhook_'))).toEqual([]);
  });
});
