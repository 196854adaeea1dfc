import { Body, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError, BulkBody, CurrentPrincipal } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { MailboxService } from '@app/agent-coordinator';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, BODY_ERRORS, ApiCursorPage } from '../http/route-decorators';
import { presentPage } from '../http/page';
import { AGENTS_PATH } from './agent.presenter';
import {
  MESSAGE_SCHEMA,
  presentMessage,
  presentSendBatch,
  presentSendResult,
  SEND_BATCH_SCHEMA,
  SEND_RESULT_SCHEMA,
} from './message.presenter';
import { DeadLetterQueryDto, SendBatchDto, SendMessageDto, SendQueryDto } from './dto/message.dto';
import { parseTarget } from './message-target';
import { SEND_BATCH_EXAMPLES, SEND_MESSAGE_EXAMPLES } from './dto/agent-examples';

const MESSAGE_ID_PARAM = { name: 'messageId', description: 'Message id (ULID)', example: '01JD3Z9A1B2C3D4E5F6G7H8J9K' };

/**
 * Sending and following messages, and the dead-letter list. Registered before AgentsController
 * so `/agents/messages` and `/agents/dead-letters` are not taken for agent ids.
 */
@CallerController('agent messages', AGENTS_PATH.slice(1))
export class MessagesController {
  constructor(private readonly mailbox: MailboxService) {}

  @Post('messages')
  @BulkBody()
  @ApiBody({ type: SendMessageDto, examples: SEND_MESSAGE_EXAMPLES })
  @ApiOperation({
    operationId: 'sendAgentMessage',
    summary: 'Send a message to an agent, the healthiest agent with a capability, or a broadcast',
    description:
      'Stored in the target mailbox(es) before the 202. Capability routing picks the healthiest routable agent ' +
      '(score at or above the threshold, circuit closed, not paused, heartbeat fresh), the least loaded among ' +
      'equal scores. ' +
      '`"broadcast"` fans out to every live, unpaused agent whose capabilities include `type` (one transaction). ' +
      'Built-in agents answer by running the Handit task `type` with `payload` as input. ' +
      'With `?wait=<ms>` a single-target send answers 200 once the message is acked (reply) or dead.',
  })
  @ApiEnvelope(202, 'Accepted: { messages, routing } (Location: the first message)', SEND_RESULT_SCHEMA)
  @ApiEnvelope(200, 'Settled within ?wait', SEND_RESULT_SCHEMA)
  @ApiErrors(...BODY_ERRORS, 'NOT_FOUND', 'PROVIDER_UNAVAILABLE', 'QUEUE_FULL')
  async send(
    @Body() body: SendMessageDto,
    @Query() query: SendQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.mailbox.send({
      tenant: principal.tenant,
      from: body.from,
      to: parseTarget(body.to),
      priority: body.priority,
      type: body.type,
      payload: body.payload,
      correlationId: body.correlationId,
      ttlMs: body.ttlMs,
      maxDeliveries: body.maxDeliveries,
    });
    let messages = result.messages;
    let settled = false;
    if (query.wait && messages.length === 1) {
      const outcome = await this.mailbox.awaitOutcome(messages[0].id, query.wait);
      messages = [outcome.message];
      settled = outcome.status !== 'pending';
    }
    res.status(settled ? HttpStatus.OK : HttpStatus.ACCEPTED);
    res.setHeader('Location', `${AGENTS_PATH}/messages/${messages[0].id}`);
    return presentSendResult(messages, result.routing);
  }

  @Post('messages/batch')
  @BulkBody()
  @ApiBody({ type: SendBatchDto, examples: SEND_BATCH_EXAMPLES })
  @ApiOperation({
    operationId: 'sendAgentMessages',
    summary: 'Send up to 100 messages in one request',
    description:
      'Each entry is the body of `POST /agents/messages` and is routed as that would route it, in order, each ' +
      'seeing the messages of the entries before it (capability routing spreads a batch over the least loaded ' +
      'agents). All are stored in one transaction before the 202, or none: an entry that cannot be sent fails ' +
      'the batch with its error, a validation error naming the field as `messages[<index>].<field>`. No `?wait`.',
  })
  @ApiEnvelope(202, 'Accepted: one { messages, routing } per entry, in order', SEND_BATCH_SCHEMA)
  @ApiErrors(...BODY_ERRORS, 'NOT_FOUND', 'PROVIDER_UNAVAILABLE', 'QUEUE_FULL')
  @HttpCode(202)
  async sendBatch(@Body() body: SendBatchDto, @CurrentPrincipal() principal: Principal) {
    const results = await this.mailbox.sendMany(
      principal.tenant,
      body.messages.map((m, i) => ({
        tenant: principal.tenant,
        from: m.from,
        to: parseTarget(m.to, `messages[${i}].to`),
        priority: m.priority,
        type: m.type,
        payload: m.payload,
        correlationId: m.correlationId,
        ttlMs: m.ttlMs,
        maxDeliveries: m.maxDeliveries,
      })),
    );
    return presentSendBatch(results);
  }

  @Get('messages/:messageId')
  @ApiOperation({
    operationId: 'getAgentMessage',
    summary: 'Get a message: status, deliveries, reply or error',
    description: 'A message your tenant sent, with each delivery attempt and the reply once acked.',
  })
  @ApiParam(MESSAGE_ID_PARAM)
  @ApiEnvelope(200, 'The message', MESSAGE_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(@Param('messageId') messageId: string, @CurrentPrincipal() principal: Principal) {
    return presentMessage(await this.mailbox.get(principal.tenant, messageId));
  }

  @Get('dead-letters')
  @ApiOperation({
    operationId: 'listAgentDeadLetters',
    summary: 'List dead letters, newest first',
    description:
      'Messages that expired (TTL), used up their deliveries, were rejected (nack without requeue), cancelled, ' +
      'drained, or whose agent was deregistered. Filter by agentId and reason.',
  })
  @ApiCursorPage('One page', MESSAGE_SCHEMA)
  async deadLetters(@Query() query: DeadLetterQueryDto, @CurrentPrincipal() principal: Principal) {
    const result = await this.mailbox.listDeadLetters({
      tenant: principal.tenant,
      agentId: query.agentId,
      reason: query.reason,
      limit: query.limit,
      cursor: query.cursor,
    });
    return presentPage(result, (m) => presentMessage(m, 'summary'));
  }

  @Post('dead-letters/:messageId/replay')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'replayAgentDeadLetter',
    summary: 'Replay a dead letter into its agent’s mailbox',
    description:
      'Deliveries reset to 0, a fresh TTL, available at once, same id and priority. 409 if it is not dead or its ' +
      'agent is deregistered.',
  })
  @ApiParam(MESSAGE_ID_PARAM)
  @ApiEnvelope(200, 'The message, queued again', MESSAGE_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async replay(@Param('messageId') messageId: string, @CurrentPrincipal() principal: Principal) {
    if (!messageId) throw AppError.validation([{ field: 'messageId', message: 'is required' }]);
    return presentMessage(await this.mailbox.replay(principal.tenant, messageId), 'summary');
  }
}
