import type { MemoryType } from './memories/memory.types';
import type { RemovalReason } from './retention/retention.types';

export interface MemoryEventBase {
  tenant: string;
  agentId: string;
}

// Typed events of agent memory, added to the application's event map (EventCore).
declare module '@app/infrastructure' {
  interface AppEvents {
    'memory.created': MemoryEventBase & { id: string; type: MemoryType };
    'memory.updated': MemoryEventBase & { id: string; type: MemoryType; deduplicated: boolean };
    'memory.deleted': MemoryEventBase & { id: string };
    /** One event per agent, type and reason per sweep batch (ids bounded by the batch size). */
    'memory.expired': MemoryEventBase & { type: MemoryType; reason: RemovalReason; ids: string[] };
  }
}
