import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@app/infrastructure';
import { createApplication } from '../../apps/gateway/src/bootstrap';
import { MemoryRepository } from '../../libs/letta/src/storage/memory.repository';
import { queryBigrams } from '../../libs/letta/src/domain/text';
async function main() {
  const config = loadConfig({ env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', SQLITE_PATH: process.argv[2], MEMORY_SWEEP_INTERVAL_MS: '0' } });
  config.monitoring.health.diskPath = '/tmp';
  const app = await createApplication(config); await app.init();
  const repo = app.get(MemoryRepository);
  const scope = { tenant: 'bench', agentId: 'measured' };
  const rows = await repo.db.selectFrom('letta_memories').select(['content', 'type']).where('agent_id', '=', 'other-5').limit(200).execute();
  for (const pool of [500, 100]) {
    let fts = 0; let n = 0;
    for (const r of rows) {
      const s = performance.now();
      const c = await repo.fullTextCandidates(scope, queryBigrams(r.content, 32), { type: r.type as 'semantic', sessionId: null }, 10, new Date(), undefined, pool);
      fts += performance.now() - s; n += c.length;
    }
    console.log('pool', pool, 'dedupe fts', (fts / rows.length).toFixed(2), 'ms/item', 'cands', n / rows.length);
  }
  await app.close();
}
main();
