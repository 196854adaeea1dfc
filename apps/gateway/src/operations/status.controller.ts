import { Controller, Get, Optional } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
import { HALT_STATE_SCHEMA, presentHaltState } from '../workflows/risk.presenter';
import { serviceVersion } from './service-version';

const STATUS_SCHEMA = {
  type: 'object',
  properties: {
    service: { type: 'string', example: 'ai-orchestration-service' },
    version: { type: 'string', example: '0.1.0' },
    node: { type: 'string', example: 'v20.20.2' },
    phase: { type: 'string', enum: ['starting', 'ready', 'draining', 'stopped'] },
    uptimeSeconds: { type: 'number', example: 42.5 },
    mode: { type: 'string', enum: ['embedded', 'distributed'] },
    database: { type: 'object', example: { dialect: 'sqlite', location: './data/orchestration.db' } },
    cache: {
      type: 'object',
      description: 'System admin only',
      example: { backend: 'memory', hits: 10, misses: 2, hitRatio: 0.83 },
    },
    halt: {
      ...HALT_STATE_SCHEMA,
      description: 'Kill switches: the global one and the caller’s tenant’s (the system admin: every tenant’s)',
    },
    components: {
      type: 'object',
      additionalProperties: true,
      description: 'State of each component; its details (counts of every tenant’s work) for the system admin only',
      example: { handit: { state: 'disabled' } },
    },
    config: {
      type: 'object',
      additionalProperties: true,
      description: 'Effective configuration, secrets masked (system admin only)',
    },
  },
};

/** What an operator asks first: which version, how long up, which mode, what state each part is in. */
@ApiTags('operations')
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@Controller('status')
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
    const shared = {
      service: values.service.name,
      version: serviceVersion(),
      node: process.version,
      phase: this.lifecycle.phase,
      uptimeSeconds: Math.round(this.lifecycle.uptimeSeconds * 10) / 10,
      mode: this.config.mode,
      ...(this.halts ? { halt: presentHaltState(await this.halts.state(caller)) } : {}),
    };
    if (!isSystemAdmin(caller)) {
      return {
        ...shared,
        components: Object.fromEntries(Object.entries(components).map(([name, c]) => [name, { state: c.state }])),
      };
    }
    return {
      ...shared,
      database: { dialect: this.database.dialect, location: this.database.location },
      cache: this.cache.stats(),
      components,
      config: this.config.masked(),
    };
  }
}
