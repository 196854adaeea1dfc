import { Get, Optional } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import {
  BaseCache,
  BaseConfig,
  ComponentStatusService,
  CurrentPrincipal,
  Database,
  isSystemAdmin,
  LifecycleService,
  RequireRole,
  type Principal,
} from '@app/infrastructure';
import { HaltService } from '@app/langgraph';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController } from '../http/route-decorators';
import { presentHaltState } from '../workflows/risk.presenter';
import { serviceVersion } from './service-version';
import { presentStatus, STATUS_SCHEMA } from './status.presenter';

/** What an operator asks first: which version, how long up, which mode, what state each part is in. */
@CallerController('operations', 'status')
export class StatusController {
  constructor(
    private readonly config: BaseConfig,
    private readonly lifecycle: LifecycleService,
    private readonly database: Database,
    private readonly cache: BaseCache,
    private readonly components: ComponentStatusService,
    @Optional() private readonly halts?: HaltService,
  ) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({
    operationId: 'getStatus',
    summary: 'Service status: version, uptime, mode, components, effective config (secrets masked)',
    description:
      'Every caller gets version, phase, uptime, mode and each component’s state. Component details, cache ' +
      'figures and the effective configuration describe every tenant’s work and the deployment: system admin only.',
  })
  @ApiEnvelope(200, 'Current status', STATUS_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async status(@CurrentPrincipal() caller: Principal) {
    const values = this.config.values;
    const discovered = await this.components.collect();
    const declared = Object.fromEntries(
      Object.entries(values.aiComponents).map(([name, toggle]) => [
        name,
        discovered[name] ??
          (toggle.enabled
            ? { state: 'unavailable', details: { reason: 'not part of this build' } }
            : { state: 'disabled' }),
      ]),
    );
    const components = { ...declared, ...discovered };
    const facts = {
      service: values.service.name,
      version: serviceVersion(),
      node: process.version,
      phase: this.lifecycle.phase,
      uptimeSeconds: Math.round(this.lifecycle.uptimeSeconds * 10) / 10,
      mode: this.config.mode,
      ...(this.halts ? { halt: presentHaltState(await this.halts.state(caller)) } : {}),
    };
    if (!isSystemAdmin(caller)) return presentStatus(facts, components);
    return presentStatus(facts, components, {
      database: { dialect: this.database.dialect, location: this.database.location },
      cache: this.cache.stats(),
      config: this.config.masked(),
    });
  }
}
