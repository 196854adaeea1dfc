// Public surface of the audit trail; libs/infrastructure/src/index.ts re-exports it.
export { AuditModule } from './audit.module';
export { AuditWriter, AUDIT_DROPPED_ACTION } from './audit-writer';
export { AuditRetention } from './audit-retention';
export { AuditTrailService } from './audit-trail.service';
export { HttpAuditRecorder } from './http-audit.recorder';
export { isAudited, outcomeOf, requestEntry } from './http-audit';
export type { AuditedRequest, ResponseFacts } from './http-audit';
