import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { openDatabase, type BaseConfig, type BaseLogger } from '@app/infrastructure';
import { checkpointPath, WorkflowCheckpointer } from './workflow-checkpointer';

const config = { values: { database: { busyTimeoutMs: 750 } } } as unknown as BaseConfig;
const quiet = { log: () => undefined, warn: () => undefined };
const logger = { ...quiet, child: () => quiet } as unknown as BaseLogger;

describe('WorkflowCheckpointer (SQLite)', () => {
  it('opens the checkpoint file beside the service database as that one is opened: WAL, NORMAL sync, busy timeout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'checkpointer-'));
    const database = await openDatabase({ sqlitePath: join(dir, 'service.db'), busyTimeoutMs: 750, poolMax: 1 }, quiet);
    const checkpointer = await WorkflowCheckpointer.open(database, config, logger);
    try {
      expect(checkpointer.location).toBe(checkpointPath(join(dir, 'service.db')));
      const file = (checkpointer.saver as SqliteSaver).db;
      const pragma = (name: string) => file.pragma(name, { simple: true }) as unknown;
      expect(pragma('journal_mode')).toBe('wal');
      expect(pragma('synchronous')).toBe(1); // NORMAL: no fsync per checkpoint
      expect(pragma('busy_timeout')).toBe(750);
    } finally {
      await checkpointer.close();
      await database.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
