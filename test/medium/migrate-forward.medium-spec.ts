import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import Sqlite from 'better-sqlite3';
import { Database, loadConfig } from '@app/infrastructure';
import { AppModule } from '../../apps/gateway/src/app.module';

/**
 * Existing databases migrate forward with no data change: a database made by the layout before
 * issue 15's restructure (test/fixtures/pre-structure, made by its make-fixture.ts) is opened by
 * today's code. Every migration it had keeps its name (none runs twice), later migrations may
 * add tables and columns, and every row it held is still there with the same values.
 */
const FIXTURE = join(__dirname, '../fixtures/pre-structure');

/** Tables a later migration split: read back with the moved columns joined from where they live now. */
const READ_BACK: Record<string, string> = {
  // 0005_handit_task_inputs moved a task's input to its own table.
  handit_tasks: 'select t.*, i.input from "handit_tasks" t left join "handit_task_inputs" i on i.task_id = t.id',
};

interface Fixture {
  commit: string;
  tables: Record<string, Array<Record<string, unknown>>>;
}

describe('a database from the previous layout', () => {
  const fixture = JSON.parse(readFileSync(join(FIXTURE, 'fixture.json'), 'utf8')) as Fixture;
  let dir: string;
  let sqlitePath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aio-migrate-forward-'));
    sqlitePath = join(dir, 'orchestration.db');
    copyFileSync(join(FIXTURE, 'orchestration.db'), sqlitePath);
    const config = loadConfig({ env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', SQLITE_PATH: sqlitePath } });
    config.monitoring.health.diskPath = dir;
    // Built, not initialised: every migration runs, no sweeper or timer touches the rows.
    const module = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
    expect(module.get(Database).dialect).toBe('sqlite');
    await module.close();
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the name of every migration it had run, so none runs again', () => {
    const db = new Sqlite(sqlitePath, { readonly: true });
    try {
      for (const [table, rows] of Object.entries(fixture.tables)) {
        if (!table.startsWith('kysely_migration_')) continue;
        const now = db.prepare(`select name, timestamp from "${table}"`).all();
        expect({ table, rows: now.slice(0, rows.length) }).toEqual({ table, rows });
      }
    } finally {
      db.close();
    }
  });

  it('keeps every row of every table with the same values', () => {
    const db = new Sqlite(sqlitePath, { readonly: true });
    try {
      for (const [table, rows] of Object.entries(fixture.tables)) {
        if (table.startsWith('kysely_migration_')) continue;
        const columns = rows.length ? Object.keys(rows[0]) : [];
        const now = db.prepare(READ_BACK[table] ?? `select * from "${table}"`).all() as Array<Record<string, unknown>>;
        // Compared as sets on the fixture's columns: a later migration may add columns or
        // rebuild a table (changing row order), never change what was stored.
        const shape = (list: Array<Record<string, unknown>>) =>
          list.map((row) => JSON.stringify(columns.map((c) => row[c]))).sort();
        expect({ table, rows: shape(now) }).toEqual({ table, rows: shape(rows) });
      }
    } finally {
      db.close();
    }
  });
});
