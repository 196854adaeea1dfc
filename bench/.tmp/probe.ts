import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
const db = new Database(process.argv[2], { readonly: true });
const scope = 's' + createHash('sha256').update(`bench\u0000measured`).digest('hex').slice(0, 24);
const words = db.prepare(`select content from letta_memories where agent_id='measured' limit 300`).all().map((r: any) => r.content.split(' ').slice(0, 2 + (r.content.length % 2)));
function time(name: string, sqlText: string, expr: (w: string[]) => string) {
  const st = db.prepare(sqlText);
  const lat: number[] = []; let rows = 0;
  for (const w of words) { const t = performance.now(); rows += st.all(expr(w), 'bench', 'measured').length; lat.push(performance.now() - t); }
  lat.sort((a, b) => a - b);
  console.log(name.padEnd(40), 'p50', lat[150].toFixed(2), 'p95', lat[285].toFixed(2), 'rows/q', (rows / words.length).toFixed(0));
}
const base = (order: string, limit: number) => `select m.id, -bm25(letta_memories_fts, 0.0, 1.0) r from letta_memories_fts join letta_memories m on m.seq = letta_memories_fts.rowid where letta_memories_fts match ? and m.tenant = ? and m.agent_id = ? order by ${order} limit ${limit}`;
const q = (w: string[], op: string) => `scope:"${scope}" AND (${w.map((x) => `"${x}"`).join(` ${op} `)})`;
time('OR order by bm25 limit 200', base('bm25(letta_memories_fts, 0.0, 1.0)', 200), (w) => q(w, 'OR'));
time('OR rowid desc limit 1000', base('letta_memories_fts.rowid desc', 1000), (w) => q(w, 'OR'));
time('AND rowid desc limit 1000', base('letta_memories_fts.rowid desc', 1000), (w) => q(w, 'AND'));
time('OR rowid desc no bm25', `select m.id from letta_memories_fts join letta_memories m on m.seq = letta_memories_fts.rowid where letta_memories_fts match ? and m.tenant = ? and m.agent_id = ? order by letta_memories_fts.rowid desc limit 1000`, (w) => q(w, 'OR'));
time('OR no scope, rank', `select rowid from letta_memories_fts where letta_memories_fts match ? and ?||? is not null order by rank limit 200`, (w) => `(${w.map((x) => `"${x}"`).join(' OR ')})`);
time('count matches OR', `select count(*) from letta_memories_fts where letta_memories_fts match ? and ?||? is not null`, (w) => q(w, 'OR'));
