import { Body, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError, BaseConfig, BulkBody, CurrentPrincipal, RawResponse, RequireRole } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { AgentRegistry, MailboxService } from '@app/agent-coordinator';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, ApiEventStream, BODY_ERRORS } from '../http/route-decorators';
import { lastEventIdOf, openSseStream } from '../http/sse';
import { mailboxFeed } from './mailbox-feed';
import { AGENTS_PATH } from './agent.presenter';
import {
  ACK_RESULT_SCHEMA,
  LEASE_SCHEMA,
  MESSAGE_SCHEMA,
  presentAckResult,
  presentLease,
  presentMessage,
} from './message.presenter';
import { AGENT_ID_PARAM } from './agents.controller';
import { AckDto, AckManyDto, ExtendLeaseDto, NackDto, PollQueryDto, StreamQueryDto } from './dto/message.dto';

const MESSAGE_ID_PARAM = { name: 'messageId', description: 'Message id (ULID)', example: '01JD3Z9A1B2C3D4E5F6G7H8J9K' };

/** An external agent's side of its mailbox: claim (poll or stream), extend a lease, ack, nack. */
@CallerController('agents', AGENTS_PATH.slice(1))
export class AgentMailboxController {
  constructor(
    private readonly mailbox: MailboxService,
    private readonly registry: AgentRegistry,
    private readonly config: BaseConfig,
  ) {}

  @Get(':id/messages')
  @RequireRole('operator')
  @ApiOperation({
    operationId: 'claimAgentMessages',
    summary: 'Claim messages from an external agent’s mailbox (long-poll)',
    description:
      'Claims up to `max` waiting messages, best priority first then oldest, each under a lease of `leaseMs`; ' +
      'ack or nack each with its `leaseId`, and extend the lease (`…/extend`) for work that takes longer. ' +
      'Unacked when the lease runs out, a message is redelivered; after maxDeliveries or past its TTL it goes to ' +
      'the dead letters. ' +
      'With `?wait=` an empty mailbox holds the request until a message arrives or the wait ends (then an empty ' +
      'list). A paused agent or one with an open circuit gets nothing; a half-open one gets one message (the ' +
      'probe). Claiming needs the operator role.',
  })
  @ApiParam(AGENT_ID_PARAM)
  @ApiEnvelope(200, 'Claimed messages (possibly none), each with leaseId', { type: 'array', items: MESSAGE_SCHEMA })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async claim(
    @Param('id') id: string,
    @Query() query: PollQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    const aborted = new AbortController();
    req.on('close', () => aborted.abort());
    const messages = await this.mailbox.poll(
      principal.tenant,
      id,
      { max: query.max ?? 1, leaseMs: query.leaseMs ?? this.config.values.agents.leaseMs, waitMs: query.wait ?? 0 },
      aborted.signal,
    );
    return messages.map((m) => presentMessage(m, 'claim'));
  }

  @Get(':id/messages/stream')
  @RequireRole('operator')
  @RawResponse()
  @ApiOperation({
    operationId: 'streamAgentMessages',
    summary: 'Stream an external agent’s messages (Server-Sent Events)',
    description:
      'Each `message` event is a claimed message with its leaseId, as from the poll route; the stream keeps at ' +
      'most maxConcurrency messages in flight and sends more as they are acked. The event id is the message id: a ' +
      'reconnect with Last-Event-ID is first sent the messages still leased that were claimed after that one (the ' +
      'old connection may have lost them), with their lease ids, instead of waiting for their leases to run out.',
  })
  @ApiParam(AGENT_ID_PARAM)
  @ApiEventStream({
    lastEventId: 'The id of the last message received',
    example: 'event: message\\nid: <messageId>\\ndata: {"id":"…","leaseId":"…","payload":…}',
    errors: ['VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED'],
  })
  async stream(
    @Param('id') id: string,
    @Query() query: StreamQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const leaseMs = query.leaseMs ?? this.config.values.agents.leaseMs;
    // Every check that can fail runs before the stream opens: afterwards the status is sent.
    const feed = await mailboxFeed(this.mailbox, this.registry, principal.tenant, id, leaseMs, lastEventIdOf(req));
    if (leaseMs > this.config.values.agents.maxLeaseMs)
      throw AppError.validation([
        { field: 'leaseMs', message: `must not be greater than ${this.config.values.agents.maxLeaseMs}` },
      ]);
    await feed(openSseStream(req, res));
  }

  @Post(':id/messages/ack')
  @BulkBody()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'ackAgentMessages',
    summary: 'Acknowledge many claimed messages in one request',
    description:
      'Acks up to 1,000 deliveries, each with its `leaseId` and `output`, committed together: what a consumer ' +
      'does after processing a claimed batch, instead of one request per message. Each ack stands alone, as ' +
      'with SQS DeleteMessageBatch: one whose lease is no longer held (expired and redelivered, or already ' +
      'settled) or that is not this agent’s message is listed under `failed` with CONFLICT or NOT_FOUND, and the ' +
      'others are acked (200 either way). 400 when a message is named twice; 413 before anything is acked when ' +
      'an output is over AGENTS_MAX_PAYLOAD_BYTES.',
  })
  @ApiParam(AGENT_ID_PARAM)
  @ApiEnvelope(200, 'What was acked and what was not', ACK_RESULT_SCHEMA)
  @ApiErrors(...BODY_ERRORS, 'NOT_FOUND', 'CONFLICT')
  async ackMany(@Param('id') id: string, @Body() body: AckManyDto, @CurrentPrincipal() principal: Principal) {
    const result = await this.mailbox.ackMany(
      principal.tenant,
      id,
      body.acks.map((a) => ({ messageId: a.messageId, leaseId: a.leaseId, output: a.output ?? null })),
    );
    return presentAckResult(result);
  }

  @Post(':id/messages/:messageId/ack')
  @BulkBody()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'ackAgentMessage',
    summary: 'Acknowledge a claimed message, with the reply as `output`',
    description: '409 when the lease is no longer held (expired and redelivered, or already settled).',
  })
  @ApiParam(AGENT_ID_PARAM)
  @ApiParam(MESSAGE_ID_PARAM)
  @ApiEnvelope(200, 'The acked message', MESSAGE_SCHEMA)
  @ApiErrors(...BODY_ERRORS, 'NOT_FOUND', 'CONFLICT')
  async ack(
    @Param('id') id: string,
    @Param('messageId') messageId: string,
    @Body() body: AckDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return presentMessage(
      await this.mailbox.ack(principal.tenant, id, messageId, body.leaseId, body.output ?? null),
      'summary',
    );
  }

  @Post(':id/messages/:messageId/extend')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'extendAgentMessageLease',
    summary: 'Extend the lease of a claimed message (long work)',
    description:
      'Sets the lease of a delivery the agent still holds to `leaseMs` from now, like SQS ' +
      'ChangeMessageVisibility or BullMQ extendLock, so work that outlasts the claim’s lease is not redelivered; ' +
      'call it again before the new expiry to keep going. ' +
      'Only the current holder’s lease (`leaseId`) is extended: 409 CONFLICT when that lease already ran out, or ' +
      'the message was redelivered or settled; 404 for a message that is not this agent’s. `leaseMs` is at most ' +
      'the configured maximum lease (agents.maxLeaseMs).',
  })
  @ApiParam(AGENT_ID_PARAM)
  @ApiParam(MESSAGE_ID_PARAM)
  @ApiEnvelope(200, 'The lease, with its new expiry', LEASE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async extend(
    @Param('id') id: string,
    @Param('messageId') messageId: string,
    @Body() body: ExtendLeaseDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return presentLease(await this.mailbox.extend(principal.tenant, id, messageId, body.leaseId, body.leaseMs));
  }

  @Post(':id/messages/:messageId/nack')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'nackAgentMessage',
    summary: 'Reject a claimed message',
    description:
      'Redelivered after `delayMs` (default AGENTS_NACK_DELAY_MS), or dead-lettered when `requeue` is false or ' +
      'its deliveries are used up. Counts as a failure of the agent.',
  })
  @ApiParam(AGENT_ID_PARAM)
  @ApiParam(MESSAGE_ID_PARAM)
  @ApiEnvelope(200, 'The message, queued again or dead', MESSAGE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async nack(
    @Param('id') id: string,
    @Param('messageId') messageId: string,
    @Body() body: NackDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return presentMessage(
      await this.mailbox.nack(principal.tenant, id, messageId, body.leaseId, {
        error: body.error,
        requeue: body.requeue,
        delayMs: body.delayMs,
      }),
      'summary',
    );
  }
}
