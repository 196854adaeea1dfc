import { Body, Delete, Get, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError, BulkBody, CurrentPrincipal, type Principal } from '@app/infrastructure';
import { MemoryService, SearchService } from '@app/letta';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, ApiCursorPage } from '../http/route-decorators';
import { presentPage } from '../http/page';
import { BulkCreateMemoriesDto, CreateMemoryDto, ListMemoriesQueryDto, UpdateMemoryDto } from './dto/memory.dto';
import { AgentParams, MemoryParams } from './dto/params.dto';
import { SearchQueryDto } from './dto/search.dto';
import { LettaEnabledGuard } from './letta-enabled.guard';
import {
  BULK_WRITE_SCHEMA,
  DELETED_SCHEMA,
  MEMORY_SCHEMA,
  presentBulkWrite,
  presentDeletedMemory,
  presentMemory,
  presentWriteResult,
  WRITE_RESULT_SCHEMA,
} from './memory.presenter';
import { presentSearch, SEARCH_SCHEMA } from './search.presenter';
import { scopeOf } from './scope';
import { BULK_MEMORY_EXAMPLES, CREATE_MEMORY_EXAMPLES, UPDATE_MEMORY_EXAMPLES } from './dto/memory-examples';

/** Archival memories of an agent: write (with near-duplicate merging), read, ranked search. */
@CallerController('memory', 'api/v1/memory/agents/:agentId/memories')
@UseGuards(LettaEnabledGuard)
export class MemoriesController {
  constructor(
    private readonly memories: MemoryService,
    private readonly searchService: SearchService,
  ) {}

  @Post()
  @BulkBody()
  @ApiBody({ type: CreateMemoryDto, examples: CREATE_MEMORY_EXAMPLES })
  @ApiOperation({
    operationId: 'createMemory',
    summary: 'Store a memory (or update its near-duplicate)',
    description:
      'A memory whose content has word-bigram Jaccard similarity ≥ MEMORY_DEDUPE_SIMILARITY with one of the ' +
      'same agent, type and session updates that one instead (new wording, max importance, union of tags, ' +
      'merged metadata, accessCount+1) and answers 200 with `deduplicated: true`.',
  })
  @ApiEnvelope(201, 'Stored', WRITE_RESULT_SCHEMA)
  @ApiEnvelope(200, 'Merged into a near-duplicate', WRITE_RESULT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED')
  async create(
    @Param() p: AgentParams,
    @Body() body: CreateMemoryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.memories.create(scopeOf(principal, p.agentId), body);
    res.status(result.deduplicated ? 200 : 201);
    return presentWriteResult(result);
  }

  @Post('bulk')
  @BulkBody()
  @ApiBody({ type: BulkCreateMemoriesDto, examples: BULK_MEMORY_EXAMPLES })
  @ApiOperation({
    operationId: 'createMemories',
    summary: 'Store up to MEMORY_BULK_MAX memories in one transaction',
    description: 'Each item follows the same near-duplicate rule as a single write; all or nothing.',
  })
  @ApiEnvelope(201, 'Stored', BULK_WRITE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED')
  async bulk(@Param() p: AgentParams, @Body() body: BulkCreateMemoriesDto, @CurrentPrincipal() principal: Principal) {
    return presentBulkWrite(await this.memories.bulkCreate(scopeOf(principal, p.agentId), body.memories));
  }

  @Get()
  @ApiOperation({
    operationId: 'listMemories',
    summary: 'List memories, newest first',
    description: 'Cursor-paginated; filter by type, tag, session and creation time. Expired memories are not listed.',
  })
  @ApiCursorPage('One page of memories', MEMORY_SCHEMA)
  async list(@Param() p: AgentParams, @Query() query: ListMemoriesQueryDto, @CurrentPrincipal() principal: Principal) {
    const result = await this.memories.list(scopeOf(principal, p.agentId), query);
    return presentPage(result, presentMemory);
  }

  // Declared before ':memoryId' so that "search" is not read as an id.
  @Get('search')
  @ApiOperation({
    operationId: 'searchMemories',
    summary:
      'Ranked search: full-text relevance, recency and importance (plus cosine similarity when embeddings ' +
      'are configured)',
    description:
      'score = Σ weight × min-max normalised component over the candidates; each hit reports its components ' +
      '(they add up to `total`). Records an access on every returned hit.',
  })
  @ApiEnvelope(200, 'Ranked hits', SEARCH_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async search(@Param() p: AgentParams, @Query() query: SearchQueryDto, @CurrentPrincipal() principal: Principal) {
    const result = await this.searchService.search(scopeOf(principal, p.agentId), {
      q: query.q,
      type: query.type,
      tags: query.tags,
      limit: query.limit ?? 10,
      weights: {
        relevance: query.relevanceWeight,
        recency: query.recencyWeight,
        importance: query.importanceWeight,
        similarity: query.similarityWeight,
      },
    });
    return presentSearch(result);
  }

  @Get(':memoryId')
  @ApiOperation({
    operationId: 'getMemory',
    summary: 'Get one memory',
    description: 'One memory of the agent, with its access count and last access time.',
  })
  @ApiEnvelope(200, 'The memory', MEMORY_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(@Param() p: MemoryParams, @CurrentPrincipal() principal: Principal) {
    return presentMemory(await this.memories.get(scopeOf(principal, p.agentId), p.memoryId));
  }

  @Patch(':memoryId')
  @BulkBody()
  @ApiBody({ type: UpdateMemoryDto, examples: UPDATE_MEMORY_EXAMPLES })
  @ApiOperation({
    operationId: 'updateMemory',
    summary: 'Update content, tags, importance, metadata or expiry (records updatedAt)',
    description: 'Only the fields sent change; answers the memory as stored.',
  })
  @ApiEnvelope(200, 'The updated memory', MEMORY_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async update(@Param() p: MemoryParams, @Body() body: UpdateMemoryDto, @CurrentPrincipal() principal: Principal) {
    if (Object.values(body).every((v) => v === undefined)) {
      throw AppError.validation([
        { field: 'body', message: 'must set at least one of content, tags, importance, metadata, expiresAt' },
      ]);
    }
    return presentMemory(await this.memories.update(scopeOf(principal, p.agentId), p.memoryId, body));
  }

  @Delete(':memoryId')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'deleteMemory',
    summary: 'Delete one memory',
    description: 'Removes the memory and its embedding; a second delete answers 404.',
  })
  @ApiEnvelope(200, 'Deleted', DELETED_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async delete(@Param() p: MemoryParams, @CurrentPrincipal() principal: Principal) {
    await this.memories.delete(scopeOf(principal, p.agentId), p.memoryId);
    return presentDeletedMemory(p.memoryId);
  }
}
