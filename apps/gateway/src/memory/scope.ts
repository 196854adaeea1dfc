import type { Principal } from '@app/infrastructure';
import type { AgentScope } from '@app/letta';

/** The caller's tenant and the agent of the path: every memory call is confined to it. */
export function scopeOf(principal: Principal, agentId: string): AgentScope {
  return { tenant: principal.tenant, agentId };
}
