import { basename, dirname, extname, join } from 'node:path';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import type { Pool } from 'pg';
import { BaseConfig, BaseLogger, createPgPool, Database, openSqliteFile } from '@app/infrastructure';

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * LangGraph's own checkpoint savers, chosen by the database the service runs on: SqliteSaver in
 * the embedded mode, in a file beside SQLITE_PATH (`orchestration.db` →
 * `orchestration.checkpoints.db`; a second file so LangGraph's writes never hold the service
 * database's write lock), and PostgresSaver in the service's PostgreSQL schema otherwise, on a
 * pool of ours (so a dropped connection is logged, not an unhandled 'error' event).
 */
export class WorkflowCheckpointer {
  private constructor(
    readonly saver: BaseCheckpointSaver,
    readonly kind: 'sqlite' | 'postgres',
    readonly location: string,
    private readonly closeFn: () => Promise<void>,
  ) {}

  static async open(database: Database, config: BaseConfig, logger: BaseLogger): Promise<WorkflowCheckpointer> {
    if (database.dialect === 'postgres') {
      const schema = database.schema ?? 'public';
      const { url, poolMax } = config.values.database;
      const pool = createPgPool(
        { connectionString: url, max: poolMax, connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
        logger.child({ component: 'langgraph' }),
        'checkpoint-pool',
      );
      const saver = new PostgresSaver(pool, undefined, { schema });
      try {
        await setUpOnce(pool, schema, () => saver.setup());
      } catch (err) {
        await pool.end().catch(() => undefined);
        throw err;
      }
      return new WorkflowCheckpointer(saver, 'postgres', `${database.location} (schema ${schema})`, () => saver.end());
    }
    const path = checkpointPath(database.location);
    // Set up as the service database is: it took an fsync per checkpoint (synchronous FULL) and
    // copied its WAL back inside whichever step's commit crossed SQLite's threshold.
    const file = openSqliteFile(path, config.values.database.busyTimeoutMs, logger.child({ component: 'langgraph' }));
    return new WorkflowCheckpointer(new SqliteSaver(file.sqlite), 'sqlite', path, async () => {
      await file.checkpointer?.stop();
      if (file.sqlite.open) file.sqlite.close();
    });
  }

  /** Removes a finished run's checkpoints (retention). */
  deleteThread(threadId: string): Promise<void> {
    return this.saver.deleteThread(threadId);
  }

  close(): Promise<void> {
    return this.closeFn();
  }
}

/**
 * Runs PostgresSaver's setup (CREATE SCHEMA / TABLE IF NOT EXISTS, then its own migration rows)
 * under a session advisory lock keyed by the schema: replicas starting together on an empty
 * database otherwise race on the catalog (`duplicate key … pg_type_typname_nsp_index`). The lock
 * holder's connection is separate from setup's; the lock goes with it if the process dies.
 */
async function setUpOnce(pool: Pool, schema: string, setup: () => Promise<void>): Promise<void> {
  const key = `aio:langgraph-checkpoint-setup:${schema}`;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
    try {
      await setup();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    }
  } finally {
    client.release();
  }
}

export function checkpointPath(sqliteLocation: string): string {
  if (sqliteLocation === ':memory:') return ':memory:';
  const ext = extname(sqliteLocation);
  return join(dirname(sqliteLocation), `${basename(sqliteLocation, ext)}.checkpoints${ext || '.db'}`);
}
