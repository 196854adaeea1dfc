import BetterSqlite3 from 'better-sqlite3';
import { basename, dirname, extname, join } from 'node:path';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { BaseConfig, Database } from '@app/infrastructure';

/**
 * LangGraph's own checkpoint savers, chosen by the database the service runs on: SqliteSaver in
 * the embedded mode, in a file beside SQLITE_PATH (`orchestration.db` →
 * `orchestration.checkpoints.db`; a second file so LangGraph's writes never hold the service
 * database's write lock), and PostgresSaver in the service's PostgreSQL schema otherwise.
 */
export class WorkflowCheckpointer {
  private constructor(
    readonly saver: BaseCheckpointSaver,
    readonly kind: 'sqlite' | 'postgres',
    readonly location: string,
    private readonly closeFn: () => Promise<void>,
  ) {}

  static async open(database: Database, config: BaseConfig): Promise<WorkflowCheckpointer> {
    if (database.dialect === 'postgres') {
      const saver = PostgresSaver.fromConnString(config.values.database.url, { schema: database.schema ?? 'public' });
      await saver.setup();
      return new WorkflowCheckpointer(saver, 'postgres', `${database.location} (schema ${database.schema ?? 'public'})`, () => saver.end());
    }
    const path = checkpointPath(database.location);
    const db = new BetterSqlite3(path);
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${config.values.database.busyTimeoutMs}`);
    return new WorkflowCheckpointer(new SqliteSaver(db), 'sqlite', path, async () => {
      if (db.open) db.close();
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

export function checkpointPath(sqliteLocation: string): string {
  if (sqliteLocation === ':memory:') return ':memory:';
  const ext = extname(sqliteLocation);
  return join(dirname(sqliteLocation), `${basename(sqliteLocation, ext)}.checkpoints${ext || '.db'}`);
}
