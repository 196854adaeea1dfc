import { createHash } from 'node:crypto';
import type { AgentScope } from '../domain/types';

/**
 * One alphanumeric token per (tenant, agent), stored with each memory and indexed by FTS5. A
 * full-text query ANDs it in, so SQLite only ranks the one agent's matches instead of every
 * tenant's (the difference between ~1 ms and ~100 ms with a million memories).
 */
export function scopeToken(scope: AgentScope): string {
  return 's' + createHash('sha256').update(`${scope.tenant}\u0000${scope.agentId}`).digest('hex').slice(0, 24);
}
