import { Body, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { BulkBody, CurrentPrincipal, type Principal } from '@app/infrastructure';
import { SessionService } from '@app/letta';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, BODY_ERRORS, ApiCursorPage } from '../http/route-decorators';
import { presentPage } from '../http/page';
import { AgentParams, SessionParams } from './dto/params.dto';
import {
  AppendMessagesDto,
  CreateSessionDto,
  EndSessionDto,
  ListSessionsQueryDto,
  SessionMessagesQueryDto,
} from './dto/session.dto';
import { LettaEnabledGuard } from './letta-enabled.guard';
import { MEMORIES_SCHEMA, presentMemories } from './memory.presenter';
import { ENDED_SESSION_SCHEMA, presentEndedSession, presentSession, SESSION_SCHEMA } from './session.presenter';
import { scopeOf } from './scope';

/** Conversation recall: sessions whose messages are stored, in order, as episodic memories. */
@CallerController('memory', 'api/v1/memory/agents/:agentId/sessions')
@UseGuards(LettaEnabledGuard)
export class SessionsController {
  constructor(private readonly sessions: SessionService) {}

  @Post()
  @ApiOperation({
    operationId: 'createMemorySession',
    summary: 'Start a session',
    description:
      'Opens a conversation session for the agent; its messages are appended with POST …/sessions/{sessionId}/messages.',
  })
  @ApiEnvelope(201, 'The new session', SESSION_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async create(@Param() p: AgentParams, @Body() body: CreateSessionDto, @CurrentPrincipal() principal: Principal) {
    return presentSession(await this.sessions.create(scopeOf(principal, p.agentId), body));
  }

  @Get()
  @ApiOperation({
    operationId: 'listMemorySessions',
    summary: 'List sessions, newest first',
    description: 'Cursor-paginated; filter by status.',
  })
  @ApiCursorPage('One page of sessions', SESSION_SCHEMA)
  async list(@Param() p: AgentParams, @Query() query: ListSessionsQueryDto, @CurrentPrincipal() principal: Principal) {
    const result = await this.sessions.list(scopeOf(principal, p.agentId), query);
    return presentPage(result, presentSession);
  }

  @Get(':sessionId')
  @ApiOperation({
    operationId: 'getMemorySession',
    summary: 'Get one session',
    description: 'One session with its status, message count and summary once ended.',
  })
  @ApiEnvelope(200, 'The session', SESSION_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(@Param() p: SessionParams, @CurrentPrincipal() principal: Principal) {
    return presentSession(await this.sessions.get(scopeOf(principal, p.agentId), p.sessionId));
  }

  @Get(':sessionId/messages')
  @ApiOperation({
    operationId: 'listSessionMessages',
    summary: "The session's latest messages, oldest first",
    description: 'The latest messages (bounded by `limit`), returned oldest first so they read as a conversation.',
  })
  @ApiEnvelope(200, 'Messages', MEMORIES_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async messages(
    @Param() p: SessionParams,
    @Query() query: SessionMessagesQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return presentMemories(await this.sessions.messages(scopeOf(principal, p.agentId), p.sessionId, query.limit ?? 50));
  }

  @Post(':sessionId/messages')
  @BulkBody()
  @ApiOperation({
    operationId: 'appendSessionMessages',
    summary: 'Append messages (stored as episodic memories in the order given)',
    description: 'An ended session answers 409 CONFLICT.',
  })
  @ApiEnvelope(201, 'The stored messages', MEMORIES_SCHEMA)
  @ApiErrors(...BODY_ERRORS, 'NOT_FOUND', 'CONFLICT')
  async append(@Param() p: SessionParams, @Body() body: AppendMessagesDto, @CurrentPrincipal() principal: Principal) {
    return presentMemories(await this.sessions.append(scopeOf(principal, p.agentId), p.sessionId, body.messages));
  }

  @Post(':sessionId/end')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'endMemorySession',
    summary: 'End a session, optionally storing a summary as an episodic memory',
    description: 'Ending an ended session answers 409 CONFLICT.',
  })
  @ApiEnvelope(200, 'The ended session, with the summary memory if one was given', ENDED_SESSION_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async end(@Param() p: SessionParams, @Body() body: EndSessionDto, @CurrentPrincipal() principal: Principal) {
    return presentEndedSession(await this.sessions.end(scopeOf(principal, p.agentId), p.sessionId, body));
  }
}
