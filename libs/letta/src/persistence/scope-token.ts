import { createHash } from 'node:crypto';
import type { AgentScope } from '../memories/memory.types';

/**
 * A fixed-length alphanumeric token per (tenant, agent), stored with each memory. On SQLite it
 * keys the full-text index: every indexed word is prefixed with it (persistence/agent-terms.ts).
 */
export function scopeToken(scope: AgentScope): string {
  return 's' + createHash('sha256').update(`${scope.tenant}\u0000${scope.agentId}`).digest('hex').slice(0, 24);
}
