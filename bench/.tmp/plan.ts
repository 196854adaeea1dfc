import 'reflect-metadata';
import { loadConfig } from '@app/infrastructure';
import { createApplication } from '../../apps/gateway/src/bootstrap';
import Database from 'better-sqlite3';
async function main() {
  const config = loadConfig({ env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', SQLITE_PATH: '/tmp/plan/x.db' } });
  config.monitoring.health.diskPath = '/tmp/plan';
  const app = await createApplication(config); await app.init(); await app.close();
  const db = new Database('/tmp/plan/x.db');
  const q = (order: string) => db.prepare(`explain query plan select m.id as id, -bm25(letta_memories_fts, 0.0, 1.0) as text_rank
          from letta_memories_fts join letta_memories m on m.seq = letta_memories_fts.rowid
          where letta_memories_fts match ? and m.tenant = ? and m.agent_id = ? and (m.expires_at is null or m.expires_at > ?)
          order by ${order} limit 1000`).all('x', 't', 'a', 'now');
  console.log(q('letta_memories_fts.rowid desc'));
  console.log(q('bm25(letta_memories_fts, 0.0, 1.0)'));
}
main();
