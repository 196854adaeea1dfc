import Database from 'better-sqlite3';
const db = new Database(process.argv[2], { readonly: true });
const plan = (s: string, ...a: unknown[]) => console.log(db.prepare('explain query plan ' + s).all(...a).map((r: any) => r.detail));
plan(`select id from letta_memories where tenant = ? and agent_id = ? and (expires_at is null or expires_at > ?) and id in (?, ?)`, 'a', 'b', 'c', 'd', 'e');
plan(`update letta_memories set access_count = access_count + 1 where tenant = ? and agent_id = ? and id in (?, ?)`, 'a', 'b', 'd', 'e');
plan(`select memory_id, tag from letta_memory_tags where tenant = ? and agent_id = ? and memory_id in (?, ?) order by tag`, 'a', 'b', 'd', 'e');
plan(`select m.id from letta_memories_fts join letta_memories m on m.seq = letta_memories_fts.rowid where letta_memories_fts match ? and m.tenant = ? and m.agent_id = ? and (m.expires_at is null or m.expires_at > ?) order by letta_memories_fts.rowid desc limit 1000`, 'x', 'a', 'b', 'c');
console.log(db.prepare("select name from sqlite_master where name='sqlite_stat1'").all());
