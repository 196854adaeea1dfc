import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsDefined,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PRIORITIES } from '@app/handit';
import type { Priority } from '@app/handit';
import { DEAD_REASONS } from '@app/agent-coordinator';
import type { DeadReason } from '@app/agent-coordinator';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { CAPABILITY_PATTERN } from './agent.dto';
import {
  OptionalBoolean,
  OptionalEnum,
  OptionalInt,
  OptionalQueryInt,
  OptionalText,
  RequiredNestedList,
} from '../../http/dto-properties';

const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export class SendMessageDto {
  @OptionalText(64, { description: 'Sending agent id (one the tenant sees)', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' })
  from?: string;

  @ApiProperty({
    description:
      'An agent id; `{ "capability": "…" }` for the healthiest available agent with it (least loaded among ' +
      'equals); or `"broadcast"` for every live, unpaused agent whose capabilities include `type`',
    oneOf: [
      { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
      { type: 'object', properties: { capability: { type: 'string', example: 'trading_signal' } } },
      { type: 'string', enum: ['broadcast'] },
    ],
    example: { capability: 'trading_signal' },
  })
  @IsDefined()
  to: unknown;

  @OptionalEnum(PRIORITIES, { default: 'normal', description: 'Mailboxes deliver by priority, then arrival' })
  priority?: Priority;

  @ApiProperty({
    description: 'Message type; for built-in agents the Handit task type to run',
    example: 'trading_signal',
  })
  @IsString()
  @Matches(CAPABILITY_PATTERN, { message: 'type must be 1-100 letters, digits and _.:-' })
  type: string;

  @ApiProperty({
    description: 'Any JSON; for built-in agents the task input. At most AGENTS_MAX_PAYLOAD_BYTES (413 beyond)',
    example: {
      symbol: 'SPY',
      candles: [{ time: '2025-07-24', open: 634.6, high: 636.15, low: 633.99, close: 634.42, volume: 71307134 }],
    },
  })
  @IsDefined()
  payload: unknown;

  @OptionalText(200, { example: 'order-7731' })
  correlationId?: string;

  @ApiPropertyOptional({
    description: 'Dead-lettered if not acked within this (default AGENTS_MESSAGE_TTL_MS)',
    minimum: 1000,
    example: 60000,
  })
  @IsOptional()
  @IsInt()
  @Min(1000)
  ttlMs?: number;

  @OptionalInt({
    description: 'Deliveries before dead-lettering (default AGENTS_MAX_DELIVERIES)',
    minimum: 1,
    maximum: 100,
    example: 3,
  })
  maxDeliveries?: number;
}

/** Sends one batch may carry. */
export const MAX_BATCH_SENDS = 100;

export class SendBatchDto {
  @RequiredNestedList(
    SendMessageDto,
    { minItems: 1, maxItems: MAX_BATCH_SENDS },
    { description: `1 to ${MAX_BATCH_SENDS} sends, each as the body of POST /agents/messages` },
  )
  messages: SendMessageDto[];
}

export class SendQueryDto {
  @OptionalQueryInt({
    description: 'Single-target sends: wait up to this many ms for the reply (200 when acked or dead, else 202)',
    minimum: 0,
    maximum: 300000,
    example: 5000,
  })
  wait?: number;
}

export class PollQueryDto {
  @OptionalQueryInt({
    description: 'Long-poll: wait up to this many ms for a message when the mailbox is empty',
    minimum: 0,
    maximum: 300000,
    default: 0,
    example: 10000,
  })
  wait?: number;

  @OptionalQueryInt({ description: 'Messages to claim at most', minimum: 1, maximum: 1000, default: 1, example: 10 })
  max?: number;

  @ApiPropertyOptional({
    description: 'Lease length in ms (default AGENTS_LEASE_MS): unacked by then, the message is redelivered',
    minimum: 100,
    example: 30000,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  leaseMs?: number;
}

export class AckDto {
  @ApiProperty({ description: 'The leaseId the claim returned', example: '01JD3Z9A1B2C3D4E5F6G7H8J9K' })
  @IsString()
  @Matches(ID_PATTERN, { message: 'leaseId must be the lease id from the claim' })
  leaseId: string;

  @ApiPropertyOptional({
    description: 'The reply, stored on the message (at most AGENTS_MAX_PAYLOAD_BYTES)',
    example: { action: 'buy', confidence: 0.72 },
  })
  @IsOptional()
  output?: unknown;
}

/** Acks one request may carry: as many as one claim may return. */
export const MAX_ACKS = 1000;

/** One ack of a batch: the single ack's body, naming its message. */
export class AckItemDto extends AckDto {
  @ApiProperty({ description: 'The claimed message’s id', example: '01JD3Z9C4D5E6F7G8H9J0K1M2N' })
  @IsString()
  @Matches(ID_PATTERN, { message: 'messageId must be the id of a claimed message' })
  messageId: string;
}

export class AckManyDto {
  @RequiredNestedList(
    AckItemDto,
    { minItems: 1, maxItems: MAX_ACKS },
    { description: `The deliveries to ack, each with its lease (1 to ${MAX_ACKS}, each message once)` },
  )
  @ArrayUnique((a: AckItemDto | undefined) => a?.messageId, { message: 'acks must name each message at most once' })
  acks: AckItemDto[];
}

export class ExtendLeaseDto {
  @ApiProperty({
    description: 'The leaseId the claim returned: only the current holder’s lease is extended',
    example: '01JD3Z9A1B2C3D4E5F6G7H8J9K',
  })
  @IsString()
  @Matches(ID_PATTERN, { message: 'leaseId must be the lease id from the claim' })
  leaseId: string;

  @ApiProperty({
    description:
      'New lease length in ms, counted from now (not added to what is left); at most the configured maximum ' +
      'lease (agents.maxLeaseMs)',
    minimum: 100,
    example: 60000,
  })
  @IsInt()
  @Min(100)
  leaseMs: number;
}

export class NackErrorDto {
  @ApiProperty({ example: 'UPSTREAM_DOWN' }) @IsString() @MaxLength(100) code: string;
  @ApiProperty({ example: 'Market data feed unreachable' }) @IsString() @MaxLength(2000) message: string;
}

export class NackDto {
  @ApiProperty({ example: '01JD3Z9A1B2C3D4E5F6G7H8J9K' })
  @IsString()
  @Matches(ID_PATTERN, { message: 'leaseId must be the lease id from the claim' })
  leaseId: string;

  @ApiPropertyOptional({ type: NackErrorDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => NackErrorDto)
  error?: NackErrorDto;

  @OptionalBoolean({ description: 'false: straight to the dead letters (reason rejected)', default: true })
  requeue?: boolean;

  @OptionalInt({
    description: 'Redelivery delay (default AGENTS_NACK_DELAY_MS)',
    minimum: 0,
    maximum: 3600000,
    example: 1000,
  })
  delayMs?: number;
}

export class DeadLetterQueryDto extends PageQueryDto {
  @OptionalText(64, { example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' })
  agentId?: string;
  @OptionalEnum(DEAD_REASONS) reason?: DeadReason;
}

export class StreamQueryDto {
  @ApiPropertyOptional({ description: 'Lease length in ms of each streamed message', minimum: 100, example: 30000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  leaseMs?: number;
}
