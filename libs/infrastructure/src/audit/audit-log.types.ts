/** success: answered < 400; denied: 401/403; failure: any other error; aborted: the client left first. */
export const AUDIT_OUTCOMES = ['success', 'failure', 'denied', 'aborted'] as const;
/** One of AUDIT_OUTCOMES for HTTP entries; named actions may record their own. */
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number] | (string & {});

/** One entry to append; the audit log assigns its id, sequence number and hashes. */
export interface AuditLogEntryInput {
  /** Defaults to now. */
  at?: Date;
  principalId?: string | null;
  tenant?: string | null;
  /** What was done: method and route template (`POST /api/v1/ai-orchestration/tasks`), or a named action. */
  action: string;
  /** The resource acted on: an id from the path, or the created resource's id. */
  target?: string | null;
  /** HTTP status of the answer, when the action was a request. */
  status?: number | null;
  outcome: AuditOutcome;
  requestId?: string | null;
  sourceIp?: string | null;
  /** Extra facts; JSON-serialisable. Never request bodies or secrets. */
  details?: Record<string, unknown> | null;
}

/** A stored entry: one link of the hash chain. */
export interface AuditLogEntry {
  readonly id: string;
  /** Position in the chain: 1, 2, 3, … with no gaps. */
  readonly seq: number;
  readonly at: Date;
  readonly principalId: string | null;
  readonly tenant: string | null;
  readonly action: string;
  readonly target: string | null;
  readonly status: number | null;
  readonly outcome: string;
  readonly requestId: string | null;
  readonly sourceIp: string | null;
  readonly details: Record<string, unknown> | null;
  /** SHA-256 (hex) of the previous entry; 64 zeros for the first. */
  readonly prevHash: string;
  /** SHA-256 (hex) of this entry's canonical serialisation, which includes prevHash. */
  readonly hash: string;
}

export interface AuditLogQuery {
  tenant?: string;
  action?: string;
  principalId?: string;
  outcome?: string;
  requestId?: string;
  /** Inclusive lower bound on `at`. */
  from?: Date;
  /** Exclusive upper bound on `at`. */
  to?: Date;
  limit?: number;
  cursor?: string | null;
}

/** The newest link: what the next entry chains to. */
export interface AuditChainHead {
  readonly seq: number;
  readonly hash: string;
}
