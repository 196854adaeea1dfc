import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { withStatementCache } from './statement-cache';

describe('withStatementCache', () => {
  let sqlite: BetterSqlite3.Database;

  beforeEach(() => {
    sqlite = new BetterSqlite3(':memory:');
    sqlite.exec('create table t (id integer primary key, v text)');
  });

  afterEach(() => {
    if (sqlite.open) sqlite.close();
  });

  it('prepares each SQL text once', () => {
    const prepare = jest.spyOn(sqlite, 'prepare');
    const db = withStatementCache(sqlite);
    const first = db.prepare('select * from t where id = ?');
    const again = db.prepare('select * from t where id = ?');
    expect(again).toBe(first);
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('prepares a fresh statement while the cached one is still iterating', () => {
    sqlite.exec("insert into t (v) values ('a'), ('b')");
    const db = withStatementCache(sqlite);
    const text = 'select v from t order by id';
    const iterating = db.prepare(text).iterate([]);
    expect(iterating.next().value).toEqual({ v: 'a' });
    expect(db.prepare(text).all([])).toEqual([{ v: 'a' }, { v: 'b' }]);
    expect(iterating.next().value).toEqual({ v: 'b' });
    iterating.return?.();
  });

  it('keeps at most its bound, evicting the least recently used text', () => {
    const prepare = jest.spyOn(sqlite, 'prepare');
    const db = withStatementCache(sqlite, 2);
    db.prepare('select 1');
    db.prepare('select 2');
    db.prepare('select 1');
    db.prepare('select 3');
    expect(prepare).toHaveBeenCalledTimes(3);
    db.prepare('select 1');
    expect(prepare).toHaveBeenCalledTimes(3);
    db.prepare('select 2');
    expect(prepare).toHaveBeenCalledTimes(4);
  });

  it('serves Kysely queries, writes and schema changes as before', async () => {
    const db = new Kysely<{ t: { id: Generated<number>; v: string } }>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    });
    for (const v of ['x', 'y']) await db.insertInto('t').values({ v }).execute();
    const select = () => db.selectFrom('t').selectAll().orderBy('id').execute();
    expect(await select()).toEqual([
      { id: 1, v: 'x' },
      { id: 2, v: 'y' },
    ]);
    await sql`alter table t add column w text default 'z'`.execute(db);
    expect(await select()).toEqual([
      { id: 1, v: 'x', w: 'z' },
      { id: 2, v: 'y', w: 'z' },
    ]);
    await db.destroy();
    expect(sqlite.open).toBe(false);
  });
});
