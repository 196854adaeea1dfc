import { Module } from '@nestjs/common';
import { MonitoringOrchestratorModule } from '@app/monitoring-orchestrator';
import { DashboardController } from './dashboard.controller';
import { MonitoringController } from './monitoring.controller';

/** HTTP routes of monitoring: /api/v1/monitoring/* and the /dashboard page. */
@Module({
  imports: [MonitoringOrchestratorModule],
  controllers: [MonitoringController, DashboardController],
})
export class MonitoringApiModule {}
