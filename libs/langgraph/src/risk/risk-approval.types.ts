import type { Breach } from './risk.types';

export type RiskApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired';

/** The approval a risk gate asked for when a limit was breached and its node interrupts. */
export interface RiskApproval {
  runId: string;
  nodeKey: string;
  visit: number;
  tenant: string;
  desk: string | null;
  breaches: Breach[];
  /** Prices at the request; an approval lapses once one moved more than `priceBand` from them. */
  prices: Record<string, number>;
  priceBand: number;
  status: RiskApprovalStatus;
  requestedAt: Date;
  expiresAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

/** What an interrupted run shows while a risk gate waits (GET /runs/:id → interrupt[].value). */
export interface RiskApprovalRequest {
  kind: 'risk_approval';
  question: string;
  desk: string | null;
  breaches: Breach[];
  prices: Record<string, number>;
  priceBand: number;
  requestedAt: string;
  expiresAt: string;
  options: ['approve', 'reject'];
}
