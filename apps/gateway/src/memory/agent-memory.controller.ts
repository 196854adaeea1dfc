import { Body, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { BulkBody, CurrentPrincipal, RequireRole, type Principal } from '@app/infrastructure';
import { ContextService, RetentionService, TransferService } from '@app/letta';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController } from '../http/route-decorators';
import { ContextQueryDto } from './dto/search.dto';
import { AgentParams } from './dto/params.dto';
import { ImportMemoryDocumentDto } from './dto/transfer.dto';
import { LettaEnabledGuard } from './letta-enabled.guard';
import { CONTEXT_SCHEMA, presentContext } from './context.presenter';
import { presentSweep, SWEEP_SCHEMA } from './retention.presenter';
import { EXPORT_SCHEMA, IMPORT_REPORT_SCHEMA, presentExport, presentImportReport } from './transfer.presenter';
import { scopeOf } from './scope';
import { IMPORT_MEMORY_EXAMPLES } from './dto/memory-examples';

/** Whole-agent operations: context assembly, export/import, and the retention sweep. */
@CallerController('memory', 'api/v1/memory')
@UseGuards(LettaEnabledGuard)
export class AgentMemoryController {
  constructor(
    private readonly context: ContextService,
    private readonly transfer: TransferService,
    private readonly retention: RetentionService,
  ) {}

  @Get('agents/:agentId/context')
  @ApiOperation({
    operationId: 'getMemoryContext',
    summary: 'Assemble a context window within a token budget',
    description:
      "Core blocks first, then the session's recent messages, then the top search hits for `q`, packed to " +
      'fit `budgetTokens` (cl100k_base tokens, counted exactly). Says what was included and what was cut.',
  })
  @ApiEnvelope(200, 'The packed context', CONTEXT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async assemble(@Param() p: AgentParams, @Query() query: ContextQueryDto, @CurrentPrincipal() principal: Principal) {
    return presentContext(await this.context.assemble(scopeOf(principal, p.agentId), query));
  }

  @Get('agents/:agentId/export')
  @ApiOperation({
    operationId: 'exportAgentMemory',
    summary: "Export the agent's whole memory (blocks, sessions, memories) as JSON",
    description: 'At most MEMORY_TRANSFER_MAX memories; embeddings are not exported.',
  })
  @ApiEnvelope(200, 'The export document', EXPORT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'CONFLICT', 'RATE_LIMITED')
  async export(@Param() p: AgentParams, @CurrentPrincipal() principal: Principal) {
    return presentExport(await this.transfer.export(scopeOf(principal, p.agentId)));
  }

  @Post('agents/:agentId/import')
  @BulkBody()
  @ApiBody({ type: ImportMemoryDocumentDto, examples: IMPORT_MEMORY_EXAMPLES })
  @ApiOperation({
    operationId: 'importAgentMemory',
    summary: 'Import an export document into the agent (merge or replace)',
    description:
      'Restores timestamps, access counts and session links under new ids, in one transaction; no dedupe. ' +
      'Body size is bounded by BODY_LIMIT.',
  })
  @ApiEnvelope(201, 'What was imported', IMPORT_REPORT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED')
  async import(
    @Param() p: AgentParams,
    @Body() body: ImportMemoryDocumentDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return presentImportReport(await this.transfer.import(scopeOf(principal, p.agentId), body));
  }

  @Post('sweep')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'sweepMemories',
    summary: "Run the retention sweep now for the caller's tenant (admin)",
    description:
      "Removes expired memories, those older than their type's max age, and each agent's excess over its " +
      "type's max count (lowest importance, then least recently used, first). Reports what it removed.",
  })
  @ApiEnvelope(200, 'What was removed', SWEEP_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async sweep(@CurrentPrincipal() principal: Principal) {
    return presentSweep(await this.retention.sweep(principal.tenant));
  }
}
