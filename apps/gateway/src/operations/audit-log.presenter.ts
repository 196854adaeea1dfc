import {
  AUDIT_ANCHOR_KINDS,
  AUDIT_CHAIN_PROBLEMS,
  AUDIT_OUTCOMES,
  type AuditChainReport,
  type AuditLogEntry,
} from '@app/infrastructure';

const HASH = {
  type: 'string',
  pattern: '^[0-9a-f]{64}$',
  example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
};

/** The API's view of one audit entry. */
export function presentAuditEntry(entry: AuditLogEntry) {
  return {
    id: entry.id,
    seq: entry.seq,
    at: entry.at.toISOString(),
    principalId: entry.principalId,
    tenant: entry.tenant,
    action: entry.action,
    target: entry.target,
    status: entry.status,
    outcome: entry.outcome,
    requestId: entry.requestId,
    sourceIp: entry.sourceIp,
    details: entry.details,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}

export const AUDIT_ENTRY_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    seq: { type: 'integer', example: 1042, description: 'Position in the hash chain' },
    at: { type: 'string', format: 'date-time' },
    principalId: { type: 'string', nullable: true, example: 'ops-key', description: 'Null without valid credentials' },
    tenant: { type: 'string', nullable: true, example: 'default' },
    action: { type: 'string', example: 'POST /api/v1/ai-orchestration/tasks' },
    target: {
      type: 'string',
      nullable: true,
      example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D',
      description: 'The created resource, else the id in the path',
    },
    status: { type: 'integer', nullable: true, example: 202 },
    outcome: { type: 'string', enum: AUDIT_OUTCOMES, example: 'success' },
    requestId: { type: 'string', nullable: true, example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    sourceIp: { type: 'string', nullable: true, example: '10.1.2.3' },
    details: {
      type: 'object',
      nullable: true,
      additionalProperties: true,
      example: { path: '/api/v1/ai-orchestration/tasks?token=%5BREDACTED%5D', role: 'operator' },
      description: 'path (query string redacted), errorCode, reason, credentials kind, role, params; never a body',
    },
    prevHash: { ...HASH, description: 'SHA-256 of the previous entry (64 zeros for the first)' },
    hash: { ...HASH, description: 'SHA-256 of this entry\u2019s canonical serialisation, previous hash included' },
  },
};

/** The API's view of a chain verification. */
export function presentChainReport(report: AuditChainReport) {
  return { ...report, verifiedAt: report.verifiedAt.toISOString() };
}

export const AUDIT_CHAIN_REPORT_SCHEMA = {
  type: 'object',
  properties: {
    ok: { type: 'boolean', example: false },
    checked: { type: 'integer', example: 1042, description: 'Entries whose links and hashes were checked' },
    firstSeq: { type: 'integer', nullable: true, example: 1 },
    lastSeq: { type: 'integer', nullable: true, example: 1042 },
    head: { type: 'object', properties: { seq: { type: 'integer', example: 1042 }, hash: HASH } },
    anchor: {
      type: 'object',
      nullable: true,
      description:
        'Where the walk started: the first entry ever (genesis), or the oldest kept after retention, whose stored ' +
        'previous hash is trusted',
      properties: {
        seq: { type: 'integer', example: 1000 },
        prevHash: HASH,
        kind: { type: 'string', enum: AUDIT_ANCHOR_KINDS },
        note: { type: 'string', example: 'retention: entries before seq 1000 archived' },
      },
    },
    firstBroken: {
      type: 'object',
      nullable: true,
      description: 'The first broken link; null when ok',
      properties: {
        seq: { type: 'integer', example: 17 },
        id: {
          type: 'string',
          nullable: true,
          description: 'Null when the entry is missing',
          example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D',
        },
        problem: {
          type: 'string',
          enum: AUDIT_CHAIN_PROBLEMS,
          example: 'hash_mismatch',
        },
        message: {
          type: 'string',
          example: 'its fields do not match its hash: the entry was changed after it was written',
        },
      },
    },
    verifiedAt: { type: 'string', format: 'date-time' },
  },
};
