import { Module } from '@nestjs/common';
import { BaseConfig } from '../base/base-config';
import { BasePerformance } from '../base/base-performance';
import { AuditSettings } from '../core/config/schema/security.schema';
import { AuditMetrics } from './audit.metrics';
import { AuditRetention } from './audit-retention';
import { AuditTrailService } from './audit-trail.service';
import { AuditWriter } from './audit-writer';
import { HttpAuditRecorder } from './http-audit.recorder';

const auditSettings = {
  provide: AuditSettings,
  useFactory: (config: BaseConfig) => config.values.security.audit,
  inject: [BaseConfig],
};
const auditMetrics = {
  provide: AuditMetrics,
  useFactory: (performance: BasePerformance) => new AuditMetrics(performance),
  inject: [BasePerformance],
};

/**
 * The audit trail: HTTP requests recorded by HttpAuditRecorder (the gateway installs its
 * middleware), appended in batches by AuditWriter, pruned by AuditRetention, read and verified
 * through AuditTrailService. Storage, the chain and verification live in persistence/audit-log.
 */
@Module({
  providers: [auditSettings, auditMetrics, AuditWriter, HttpAuditRecorder, AuditRetention, AuditTrailService],
  exports: [AuditSettings, AuditWriter, HttpAuditRecorder, AuditRetention, AuditTrailService],
})
export class AuditModule {}
