import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRepositoryContract } from './testing/repository.contract-spec';

// The same contract the PostgreSQL integration suite runs, on a temporary SQLite file whose
// parent folder does not exist yet (the module must create it).
describeRepositoryContract('SQLite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'persistence-contract-'));
  return {
    options: { sqlitePath: join(dir, 'nested', 'contract.db'), busyTimeoutMs: 5000, poolMax: 1 },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
