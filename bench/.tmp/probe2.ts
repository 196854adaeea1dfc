import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@app/infrastructure';
import { createApplication } from '../../apps/gateway/src/bootstrap';
import { MemoryRepository } from '../../libs/letta/src/storage/memory.repository';
import { queryTerms } from '../../libs/letta/src/domain/text';
async function main() {
  const path = process.argv[2];
  const config = loadConfig({ env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', SQLITE_PATH: path, MEMORY_SWEEP_INTERVAL_MS: '0' } });
  config.monitoring.health.diskPath = '/tmp';
  const app = await createApplication(config); await app.init();
  const repo = app.get(MemoryRepository);
  const scope = { tenant: 'bench', agentId: 'measured' };
  const rows = await repo.db.selectFrom('letta_memories').select('content').where('agent_id', '=', 'measured').limit(200).execute();
  const qs = rows.map((r) => r.content.split(' ').slice(0, 2).join(' '));
  const t = { fts: 0, load: 0, touch: 0 };
  for (const q of qs) {
    const now = new Date();
    let s = performance.now();
    const c = await repo.fullTextCandidates(scope, queryTerms(q), {}, 200, now);
    t.fts += performance.now() - s; s = performance.now();
    const m = await repo.findByIds(scope, c.map((x) => x.id), now);
    t.load += performance.now() - s; s = performance.now();
    await repo.touch(scope, m.slice(0, 10).map((x) => x.id), now);
    t.touch += performance.now() - s;
  }
  console.log(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, (v / qs.length).toFixed(2) + ' ms/q'])));
  await app.close();
}
main();
