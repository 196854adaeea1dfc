import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTraceStoreContract } from './trace-store.contract-spec';

// The same contract the PostgreSQL integration suite runs, each database a temporary SQLite file.
describeTraceStoreContract('SQLite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trace-store-'));
  return {
    options: { sqlitePath: join(dir, 'traces.db'), busyTimeoutMs: 5000, poolMax: 1 },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
