import { sql, type SelectQueryBuilder } from 'kysely';
import { toDbTimestamp, type DatabaseDialect } from '@app/infrastructure';
import type { AgentScope, Memory, MemoryType } from '../memories/memory.types';
import { toMemory, type SelectedMemoryRow } from './row-mapping';
import type { LettaDb, LettaTables } from './tables';
import { ofAgent } from './agent-scope-filter';

/** Query pieces the memory repositories share: the memory columns, scoping, filters, tags. */

/** Which memories a read keeps besides the agent scope; filters combine with AND. */
export interface MemoryFilter {
  type?: MemoryType;
  /** Every listed tag must be present. */
  tags?: string[];
  sessionId?: string | null;
}

type MemoryQuery<O> = SelectQueryBuilder<LettaTables, 'letta_memories', O>;

// Bounds the IN lists we send (SQLite allows 32766 variables; PostgreSQL 65535).
const CHUNK = 500;

/** `items` in slices of at most `size`, for IN lists and multi-row inserts. */
export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The columns a Memory is built from, plus whether an embedding is stored (not the vector). */
export function selectMemories(db: LettaDb) {
  return db
    .selectFrom('letta_memories')
    .select([
      'id',
      'agent_id',
      'type',
      'content',
      'metadata',
      'importance',
      'session_id',
      'role',
      'position',
      'expires_at',
      'created_at',
      'updated_at',
      'last_accessed_at',
      'access_count',
    ])
    .select(sql<number>`case when embedding is null then 0 else 1 end`.as('embedded'));
}

/** The agent's memories that have not expired at `now`. */
export function visible<O>(q: MemoryQuery<O>, scope: AgentScope, now: Date): MemoryQuery<O> {
  return q
    .where(ofAgent(scope))
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', toDbTimestamp(now))]));
}

/** Narrows `q` to `filter`; the tag filter reads the tag table within the agent scope. */
export function filtered<O>(q: MemoryQuery<O>, scope: AgentScope, filter: MemoryFilter): MemoryQuery<O> {
  let out = q;
  if (filter.type) out = out.where('type', '=', filter.type);
  if (filter.sessionId !== undefined) {
    out =
      filter.sessionId === null ? out.where('session_id', 'is', null) : out.where('session_id', '=', filter.sessionId);
  }
  for (const tag of filter.tags ?? []) {
    out = out.where('id', 'in', (eb) =>
      eb.selectFrom('letta_memory_tags').select('memory_id').where(ofAgent(scope)).where('tag', '=', tag),
    );
  }
  return out;
}

/** Memories of rows already selected within a scope, with their tags attached (in tag order). */
export async function withTags(dialect: DatabaseDialect, db: LettaDb, rows: SelectedMemoryRow[]): Promise<Memory[]> {
  const tags = new Map<string, string[]>();
  for (const part of chunks(rows.map((r) => r.id))) {
    // By primary key only: the ids come from rows already selected within the scope.
    const tagRows = await db
      .selectFrom('letta_memory_tags')
      .select(['memory_id', 'tag'])
      .where('memory_id', 'in', part)
      .orderBy('tag')
      .execute();
    for (const t of tagRows) tags.set(t.memory_id, [...(tags.get(t.memory_id) ?? []), t.tag]);
  }
  return rows.map((r) => toMemory(dialect, r, tags.get(r.id) ?? []));
}
