import {
  DEAD_REASONS,
  type AckManyResult,
  MESSAGE_STATUSES,
  type AgentMessage,
  type MessageError,
  type SendResult,
} from '@app/agent-coordinator';
import { PRIORITIES } from '@app/handit';
import { workErrorSchema } from '../http/work-error.schema';
import { AGENTS_PATH } from './agent.presenter';

/** `claim` adds the lease a consumer needs to ack; `summary` leaves out the payload (lists). */
export function presentMessage(m: AgentMessage, detail: 'full' | 'claim' | 'summary' = 'full') {
  return {
    id: m.id,
    agentId: m.agentId,
    from: m.from,
    broadcastId: m.broadcastId,
    correlationId: m.correlationId,
    type: m.type,
    priority: m.priority,
    ...(detail !== 'summary' ? { payload: m.payload } : {}),
    status: m.status,
    deliveries: m.deliveries,
    maxDeliveries: m.maxDeliveries,
    ...(detail === 'claim' ? { leaseId: m.leaseId, leaseExpiresAt: m.leaseExpiresAt?.toISOString() ?? null } : {}),
    expiresAt: m.expiresAt.toISOString(),
    reply: m.reply ?? null,
    error: presentMessageError(m.error),
    deadReason: m.deadReason,
    createdAt: m.createdAt.toISOString(),
    finishedAt: m.finishedAt?.toISOString() ?? null,
    links: {
      self: `${AGENTS_PATH}/messages/${m.id}`,
      ...(detail === 'claim' ? leaseLinks(m) : {}),
    },
  };
}

/** A failed delivery's or step's error: code, message and the details its code defines. */
export function presentMessageError(error: MessageError | null | undefined) {
  if (!error) return error;
  return {
    code: error.code,
    message: error.message,
    ...(error.details !== undefined ? { details: error.details } : {}),
  };
}

function leaseLinks(m: AgentMessage) {
  const base = `${AGENTS_PATH}/${m.agentId}/messages/${m.id}`;
  return { ack: `${base}/ack`, nack: `${base}/nack`, extend: `${base}/extend` };
}

/** POST /agents/messages/batch: each send's stored copies and routing, in the order sent. */
export function presentSendBatch(results: SendResult[]) {
  return { results: results.map((r) => presentSendResult(r.messages, r.routing)) };
}

/** POST …/messages/ack: the deliveries acked (without payloads or replies) and those refused, each with why. */
export function presentAckResult(result: AckManyResult) {
  return {
    acked: result.acked.map((m) => ({
      id: m.id,
      status: m.status,
      deliveries: m.deliveries,
      finishedAt: m.finishedAt?.toISOString() ?? null,
      links: { self: `${AGENTS_PATH}/messages/${m.id}` },
    })),
    failed: result.failed.map((f) => ({
      messageId: f.messageId,
      leaseId: f.leaseId,
      error: presentMessageError({ code: f.error.code, message: f.error.message, details: f.error.details }),
    })),
  };
}

/** A lease just extended: who holds it and until when. */
export function presentLease(m: AgentMessage) {
  return {
    id: m.id,
    agentId: m.agentId,
    status: m.status,
    deliveries: m.deliveries,
    leaseId: m.leaseId,
    leasedAt: m.leasedAt?.toISOString() ?? null,
    leaseExpiresAt: m.leaseExpiresAt?.toISOString() ?? null,
    links: { self: `${AGENTS_PATH}/messages/${m.id}`, ...leaseLinks(m) },
  };
}

/** POST /agents/messages: the stored copies (without payloads) and how they were routed. */
export function presentSendResult(messages: AgentMessage[], routing: SendResult['routing']) {
  return {
    messages: messages.map((m) => presentMessage(m, 'summary')),
    routing: { mode: routing.mode, ...(routing.candidates !== undefined ? { candidates: routing.candidates } : {}) },
  };
}

export const MESSAGE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z9A1B2C3D4E5F6G7H8J9K' },
    agentId: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    from: { type: 'string', nullable: true, example: null },
    broadcastId: { type: 'string', nullable: true, example: null },
    correlationId: { type: 'string', nullable: true, example: 'order-7731' },
    type: { type: 'string', example: 'trading_signal' },
    priority: { type: 'string', enum: [...PRIORITIES] },
    payload: { description: 'Any JSON', example: { symbol: 'SPY', horizon: '1d' } },
    status: { type: 'string', enum: [...MESSAGE_STATUSES] },
    deliveries: { type: 'integer', example: 1 },
    maxDeliveries: { type: 'integer', example: 5 },
    leaseId: {
      type: 'string',
      description: 'Only on claims: send it back with ack / nack',
      example: '01JD3Z9C4D5E6F7G8H9J0K1M2N',
    },
    leaseExpiresAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    reply: { description: 'The ack output', nullable: true, example: { action: 'buy', confidence: 0.72 } },
    error: workErrorSchema(),
    deadReason: { type: 'string', nullable: true, enum: [...DEAD_REASONS, null] },
    createdAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time', nullable: true },
    links: {
      type: 'object',
      additionalProperties: { type: 'string' },
      example: { self: '/api/v1/agents/messages/01JD3Z9A1B2C3D4E5F6G7H8J9K' },
    },
  },
};

export const LEASE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'Message id', example: '01JD3Z9A1B2C3D4E5F6G7H8J9K' },
    agentId: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    status: { type: 'string', enum: ['leased'] },
    deliveries: { type: 'integer', example: 1 },
    leaseId: { type: 'string', example: '01JD3Z9C4D5E6F7G8H9J0K1M2N' },
    leasedAt: { type: 'string', format: 'date-time', description: 'When this delivery was claimed' },
    leaseExpiresAt: {
      type: 'string',
      format: 'date-time',
      description: 'The new expiry: redelivered if neither acked, nacked nor extended by then',
      example: '2026-11-25T12:01:00.000Z',
    },
    links: {
      type: 'object',
      additionalProperties: { type: 'string' },
      example: { ack: '/api/v1/agents/01JD3Z8X6Q4W3N5R7T9V1B2C3D/messages/01JD3Z9A1B2C3D4E5F6G7H8J9K/ack' },
    },
  },
};

export const ACK_RESULT_SCHEMA = {
  type: 'object',
  properties: {
    acked: {
      type: 'array',
      description: 'Acked now, in the order asked',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', example: '01JD3Z9A1B2C3D4E5F6G7H8J9K' },
          status: { type: 'string', enum: ['acked'] },
          deliveries: { type: 'integer', example: 1 },
          finishedAt: { type: 'string', format: 'date-time' },
          links: {
            type: 'object',
            additionalProperties: { type: 'string' },
            example: { self: '/api/v1/agents/messages/01JD3Z9A1B2C3D4E5F6G7H8J9K' },
          },
        },
      },
    },
    failed: {
      type: 'array',
      description:
        'Not acked, each with why: NOT_FOUND (not this agent’s message) or CONFLICT (the lease is no longer held: ' +
        'it expired and the message was redelivered, or it was already settled)',
      items: {
        type: 'object',
        properties: {
          messageId: { type: 'string', example: '01JD3Z9A1B2C3D4E5F6G7H8J9M' },
          leaseId: { type: 'string', example: '01JD3Z9C4D5E6F7G8H9J0K1M2P' },
          error: workErrorSchema(),
        },
      },
    },
  },
};

export const SEND_RESULT_SCHEMA = {
  type: 'object',
  properties: {
    messages: { type: 'array', items: MESSAGE_SCHEMA },
    routing: {
      type: 'object',
      properties: {
        mode: { type: 'string', enum: ['direct', 'capability', 'broadcast'] },
        candidates: { type: 'integer', example: 3 },
      },
    },
  },
};

export const SEND_BATCH_SCHEMA = {
  type: 'object',
  properties: {
    results: { type: 'array', description: 'One per send, in the order sent', items: SEND_RESULT_SCHEMA },
  },
};
