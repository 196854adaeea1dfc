import { Body, Delete, Get, HttpCode, Param, Put, Res, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { BulkBody, CurrentPrincipal, type Principal } from '@app/infrastructure';
import { BlockService } from '@app/letta';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController } from '../http/route-decorators';
import { PutBlockDto } from './dto/block.dto';
import { AgentParams, BlockParams } from './dto/params.dto';
import { LettaEnabledGuard } from './letta-enabled.guard';
import {
  BLOCK_SCHEMA,
  BLOCKS_SCHEMA,
  DELETED_BLOCK_SCHEMA,
  presentBlock,
  presentBlocks,
  presentDeletedBlock,
} from './block.presenter';
import { scopeOf } from './scope';

/** Core memory: labelled, size-limited blocks always placed first in the agent's context. */
@CallerController('memory', 'api/v1/memory/agents/:agentId/blocks')
@UseGuards(LettaEnabledGuard)
export class BlocksController {
  constructor(private readonly blocks: BlockService) {}

  @Get()
  @ApiOperation({
    operationId: 'listMemoryBlocks',
    summary: "List the agent's core blocks in context order (by label)",
    description: 'Core blocks (persona, human, …) are always placed in the agent’s context, in this order.',
  })
  @ApiEnvelope(200, 'The blocks', BLOCKS_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async list(@Param() p: AgentParams, @CurrentPrincipal() principal: Principal) {
    return presentBlocks(await this.blocks.list(scopeOf(principal, p.agentId)));
  }

  @Put(':label')
  @BulkBody()
  @ApiOperation({
    operationId: 'putMemoryBlock',
    summary: 'Create or replace a core block',
    description: "A value longer than the block's limitChars is refused with 400 naming the limit.",
  })
  @ApiEnvelope(201, 'Created', BLOCK_SCHEMA)
  @ApiEnvelope(200, 'Replaced', BLOCK_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'CONFLICT', 'RATE_LIMITED')
  async put(
    @Param() p: BlockParams,
    @Body() body: PutBlockDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { block, created } = await this.blocks.put(scopeOf(principal, p.agentId), p.label, body);
    res.status(created ? 201 : 200);
    return presentBlock(block);
  }

  @Get(':label')
  @ApiOperation({
    operationId: 'getMemoryBlock',
    summary: 'Get one core block',
    description: 'One core block by label, with its value, character limit and version.',
  })
  @ApiEnvelope(200, 'The block', BLOCK_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(@Param() p: BlockParams, @CurrentPrincipal() principal: Principal) {
    return presentBlock(await this.blocks.get(scopeOf(principal, p.agentId), p.label));
  }

  @Delete(':label')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'deleteMemoryBlock',
    summary: 'Delete a core block',
    description: 'Removes the block from the agent’s context; a second delete answers 404.',
  })
  @ApiEnvelope(200, 'Deleted', DELETED_BLOCK_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async delete(@Param() p: BlockParams, @CurrentPrincipal() principal: Principal) {
    await this.blocks.delete(scopeOf(principal, p.agentId), p.label);
    return presentDeletedBlock(p.label);
  }
}
