import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { sql } from 'kysely';
import { DatabaseConfigError } from './database-options';
import { openDatabase } from './open-database';
import { PersistenceModule } from './persistence.module';

describe('openDatabase (SQLite)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'open-database-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the parent folder and sets WAL, busy timeout, foreign keys and NORMAL sync', async () => {
    const path = join(dir, 'a', 'b', 'db.sqlite');
    const database = await openDatabase({ sqlitePath: path, busyTimeoutMs: 1234, poolMax: 1 });
    try {
      expect(existsSync(path)).toBe(true);
      const pragma = async (name: string) =>
        Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(database.db)).rows[0])[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('busy_timeout')).toBe(1234);
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('synchronous')).toBe(1); // NORMAL
      expect(database.dialect).toBe('sqlite');
      expect(database.location).toBe(path);
    } finally {
      await database.close();
    }
  });

  it('enforces foreign keys', async () => {
    const database = await openDatabase({ sqlitePath: join(dir, 'fk.db'), busyTimeoutMs: 100, poolMax: 1 });
    try {
      await sql`create table parent (id text primary key)`.execute(database.db);
      await sql`create table child (id text primary key, parent_id text references parent(id))`.execute(database.db);
      await expect(sql`insert into child values ('c', 'missing')`.execute(database.db)).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await database.close();
    }
  });

  it('names SQLITE_PATH when the file cannot be opened', async () => {
    const file = join(dir, 'file');
    await (await openDatabase({ sqlitePath: file, busyTimeoutMs: 0, poolMax: 1 })).close();
    // A path below a regular file cannot be created.
    await expect(openDatabase({ sqlitePath: join(file, 'db.sqlite'), busyTimeoutMs: 0, poolMax: 1 })).rejects.toThrow(
      /SQLITE_PATH/,
    );
  });

  it('closing twice is harmless', async () => {
    const database = await openDatabase({ sqlitePath: ':memory:', busyTimeoutMs: 0, poolMax: 1 });
    await database.close();
    await expect(database.close()).resolves.toBeUndefined();
  });
});

describe('PersistenceModule start-up errors', () => {
  it('stops start-up on an unsupported DATABASE_URL scheme', async () => {
    const compile = Test.createTestingModule({
      imports: [
        PersistenceModule.forRoot({ url: 'mysql://db/app', sqlitePath: ':memory:', busyTimeoutMs: 0, poolMax: 1 }),
      ],
    }).compile();
    await expect(compile).rejects.toThrow(DatabaseConfigError);
    await expect(compile).rejects.toThrow(/DATABASE_URL/);
  });

  it('stops start-up when PostgreSQL cannot be reached, without printing the password', async () => {
    // Port 1 on localhost refuses connections at once.
    const compile = Test.createTestingModule({
      imports: [
        PersistenceModule.forRoot({
          url: 'postgres://user:s3cret@127.0.0.1:1/db',
          sqlitePath: ':memory:',
          busyTimeoutMs: 0,
          poolMax: 1,
          connectTimeoutMs: 2000,
        }),
      ],
    }).compile();
    const error = await compile.catch((e: Error) => e);
    expect(error).toBeInstanceOf(DatabaseConfigError);
    expect((error as Error).message).toMatch(/cannot connect to PostgreSQL at 127\.0\.0\.1:1\/db \(DATABASE_URL\)/);
    expect((error as Error).message).not.toContain('s3cret');
  });
});
