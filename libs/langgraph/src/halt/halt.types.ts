/** The scope value that stores the global kill switch. */
export const GLOBAL_SCOPE = '*';
export const HALT_SCOPES = ['tenant', 'global'] as const;
export type HaltScope = (typeof HALT_SCOPES)[number];

/** A kill switch that is on: a tenant's, or the global one (tenant null). */
export interface Halt {
  scope: HaltScope;
  tenant: string | null;
  reason: string;
  haltedBy: string | null;
  haltedAt: Date;
}

/** The halts a caller may see: the global one and its tenant's; the system admin sees every tenant's. */
export interface HaltState {
  global: Halt | null;
  tenant: Halt | null;
  /** System admin only: every halted tenant. */
  tenants?: Halt[];
}

/** What an interrupted run shows while a halt holds it (GET /runs/:id → interrupt[].value). */
export interface HaltInterrupt {
  kind: 'halt';
  scope: HaltScope;
  reason: string;
  haltedAt: string;
  haltedBy: string | null;
}
