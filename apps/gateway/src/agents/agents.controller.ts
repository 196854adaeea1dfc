import { Body, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError, CurrentPrincipal, RequireRole, roleAtLeast } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { AgentHealthService, AgentRegistry } from '@app/agent-coordinator';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, ApiCursorPage } from '../http/route-decorators';
import { presentPage } from '../http/page';
import { AGENT_SCHEMA, AGENTS_PATH, METRICS_SCHEMA, presentAgent, presentAgentMetrics } from './agent.presenter';
import { AgentListQueryDto, RegisterAgentDto, UpdateAgentDto } from './dto/agent.dto';

export const AGENT_ID_PARAM = { name: 'id', description: 'Agent id (ULID)', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' };
const METADATA_MAX_BYTES = 16 * 1024;

@CallerController('agents', AGENTS_PATH.slice(1))
export class AgentsController {
  constructor(
    private readonly registry: AgentRegistry,
    private readonly health: AgentHealthService,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'registerAgent',
    summary: 'Register an external agent',
    description:
      'The agent then polls or streams its mailbox and sends heartbeats; it turns unhealthy when heartbeats (or ' +
      'polls) stop for AGENTS_HEARTBEAT_TIMEOUT_MS.',
  })
  @ApiEnvelope(201, 'Registered (Location header is the agent URL)', AGENT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED')
  async register(
    @Body() body: RegisterAgentDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    checkMetadata(body.metadata);
    const view = await this.registry.register({
      tenant: principal.tenant,
      name: body.name,
      capabilities: body.capabilities,
      model: body.model,
      maxConcurrency: body.maxConcurrency,
      metadata: body.metadata,
    });
    res.setHeader('Location', `${AGENTS_PATH}/${view.agent.id}`);
    return presentAgent(view);
  }

  @Get()
  @ApiOperation({
    operationId: 'listAgents',
    summary: 'List agents (built-in and the tenant’s own), oldest first',
    description:
      'Filters: capability, status (idle, busy, paused, unhealthy, deregistered), kind, name. Cursor-paginated.',
  })
  @ApiCursorPage('One page', AGENT_SCHEMA)
  async list(@Query() query: AgentListQueryDto, @CurrentPrincipal() principal: Principal) {
    const result = await this.registry.list({
      tenant: principal.tenant,
      capability: query.capability,
      status: query.status,
      kind: query.kind,
      name: query.name,
      limit: query.limit,
      cursor: query.cursor,
    });
    return presentPage(result, presentAgent);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getAgent',
    summary: 'Get an agent: status, load, health score and circuit breaker state',
    description: 'A built-in agent or one your tenant registered; the breaker opens after repeated failures.',
  })
  @ApiParam(AGENT_ID_PARAM)
  @ApiEnvelope(200, 'The agent', AGENT_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return presentAgent(await this.registry.get(principal.tenant, id));
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateAgent',
    summary: 'Update an external agent (name, capabilities, maxConcurrency, metadata)',
    description: 'Built-in agents cannot be changed (409).',
  })
  @ApiParam(AGENT_ID_PARAM)
  @ApiEnvelope(200, 'The updated agent', AGENT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async update(@Param('id') id: string, @Body() body: UpdateAgentDto, @CurrentPrincipal() principal: Principal) {
    checkMetadata(body.metadata);
    return presentAgent(await this.registry.update(principal.tenant, id, body));
  }

  @Delete(':id')
  @ApiOperation({
    operationId: 'deregisterAgent',
    summary: 'Deregister an external agent',
    description:
      'Its waiting messages go to the dead letters (reason agent_deregistered). Built-in agents cannot be ' +
      'deregistered (409).',
  })
  @ApiParam(AGENT_ID_PARAM)
  @ApiEnvelope(200, 'The agent, now deregistered', AGENT_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async deregister(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return presentAgent(await this.registry.deregister(principal.tenant, id));
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'pauseAgent',
    summary: 'Pause an agent: it keeps its mailbox but gets no deliveries and leaves routing',
    description: 'Built-in agents serve every tenant: pausing or resuming them needs the system role (403 otherwise).',
  })
  @ApiParam(AGENT_ID_PARAM)
  @ApiEnvelope(200, 'The paused agent', AGENT_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async pause(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.setPaused(principal, id, true);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'resumeAgent',
    summary: 'Resume a paused agent',
    description: 'Built-in agents: the system role, as for pause.',
  })
  @ApiParam(AGENT_ID_PARAM)
  @ApiEnvelope(200, 'The resumed agent', AGENT_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async resume(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.setPaused(principal, id, false);
  }

  @Post(':id/heartbeat')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({
    operationId: 'recordAgentHeartbeat',
    summary: 'Heartbeat of an external agent',
    description: 'Polls and acks count as heartbeats too. Built-in agents send none (409).',
  })
  @ApiParam(AGENT_ID_PARAM)
  @ApiEnvelope(200, 'The agent', AGENT_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async heartbeat(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return presentAgent(await this.registry.heartbeat(principal.tenant, id));
  }

  @Get(':id/metrics')
  @ApiOperation({
    operationId: 'getAgentMetrics',
    summary: 'Agent metrics: messages handled, failures, latency p50/p95, score history (bounded), breaker transitions',
    description: 'Counters since the agent was registered; latency percentiles over its recent deliveries.',
  })
  @ApiParam(AGENT_ID_PARAM)
  @ApiEnvelope(200, 'The metrics', METRICS_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async metrics(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const agent = await this.registry.find(principal.tenant, id);
    return presentAgentMetrics(agent, this.health.metrics(agent), this.health.view(agent));
  }

  /** Built-in agents serve every tenant: the registry lets only the system role pause or resume them. */
  private async setPaused(principal: Principal, id: string, paused: boolean) {
    const acrossTenants = roleAtLeast(principal.role, 'system');
    return presentAgent(await this.registry.setPaused(principal.tenant, id, paused, acrossTenants));
  }
}

function checkMetadata(metadata: Record<string, unknown> | undefined): void {
  if (metadata !== undefined && Buffer.byteLength(JSON.stringify(metadata)) > METADATA_MAX_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', `metadata must be at most ${METADATA_MAX_BYTES} bytes of JSON`, {
      field: 'metadata',
    });
  }
}
