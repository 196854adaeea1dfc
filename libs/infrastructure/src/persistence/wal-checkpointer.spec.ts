import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from './open-database';
import { WalCheckpointer } from './wal-checkpointer';

const PAGE = 4096;

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('WalCheckpointer (SQLite WAL copied back off the main thread)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wal-checkpointer-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves the writer’s own auto-checkpoint as a safety net far above SQLite’s 1,000 pages', async () => {
    const database = await openDatabase({ sqlitePath: join(dir, 'db.sqlite'), busyTimeoutMs: 1000, poolMax: 1 });
    try {
      const { rows } = await sql.raw<{ wal_autocheckpoint: number }>('pragma wal_autocheckpoint').execute(database.db);
      expect(rows[0].wal_autocheckpoint).toBe(WalCheckpointer.SAFETY_NET_PAGES);
    } finally {
      await database.close();
    }
  });

  it('writes committed pages into the database file while the writer only appends to the WAL', async () => {
    const path = join(dir, 'db.sqlite');
    const database = await openDatabase({ sqlitePath: path, busyTimeoutMs: 1000, poolMax: 1 });
    try {
      await sql`create table blobs (id integer primary key, body blob not null)`.execute(database.db);
      // 2,000 pages: twice SQLite's default auto-checkpoint, an eighth of the safety net, so only
      // the checkpointer thread can have moved them into the main file.
      const body = Buffer.alloc(8 * PAGE, 7);
      for (let i = 0; i < 250; i += 1) await sql`insert into blobs (body) values (${body})`.execute(database.db);
      const written = 250 * body.length;
      expect(await until(() => statSync(path).size >= written, 10_000)).toBe(true);
      const { rows } = await sql<{ n: number }>`select count(*) as n from blobs`.execute(database.db);
      expect(rows[0].n).toBe(250);
    } finally {
      await database.close();
    }
  }, 30_000);

  it('stops with the database: the file is whole and reopens with every row', async () => {
    const path = join(dir, 'db.sqlite');
    const first = await openDatabase({ sqlitePath: path, busyTimeoutMs: 1000, poolMax: 1 });
    await sql`create table t (n integer not null)`.execute(first.db);
    for (let n = 0; n < 100; n += 1) await sql`insert into t (n) values (${n})`.execute(first.db);
    await first.close();
    await first.close();
    const second = await openDatabase({ sqlitePath: path, busyTimeoutMs: 1000, poolMax: 1 });
    try {
      const { rows } = await sql<{ total: number }>`select sum(n) as total from t`.execute(second.db);
      expect(rows[0].total).toBe(4950);
    } finally {
      await second.close();
    }
  });

  it('stops at once when its thread has already ended (a file it could not open)', async () => {
    const errors: Error[] = [];
    const checkpointer = new WalCheckpointer(join(dir, 'missing', 'deeper', 'db.sqlite'), 100, (e) => errors.push(e));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const started = Date.now();
    await checkpointer.stop();
    await checkpointer.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(errors).toEqual([]);
  });
});
