import type { ExpressionBuilder } from 'kysely';
import type { AgentScope } from '../memories/memory.types';
import type { LettaTables } from './tables';

/** The letta tables whose rows belong to one tenant's agent (every one but the schema bookkeeping). */
type AgentOwnedTable = 'letta_memories' | 'letta_memory_tags' | 'letta_blocks' | 'letta_sessions';

/**
 * The condition every letta statement starts from: the row is the scope's (tenant and agent), e.g.
 * `.where(ofAgent(scope))`. One place, so no statement can forget half of it.
 */
export function ofAgent(scope: AgentScope) {
  return <TB extends AgentOwnedTable>(eb: ExpressionBuilder<LettaTables, TB>) => {
    // Kysely cannot resolve a column's type over a generic table; every AgentOwnedTable has the two
    // columns with one type, so the condition is checked against one of them.
    const owned = eb as unknown as ExpressionBuilder<LettaTables, AgentOwnedTable>;
    return owned.and([owned('tenant', '=', scope.tenant), owned('agent_id', '=', scope.agentId)]);
  };
}
