import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, Matches, Max, Min } from 'class-validator';
import { PRIORITIES, TASK_TYPE_CATALOG } from '@app/handit';
import { TaskWebhookDto } from '../../webhooks/dto/webhook.dto';
import type { Priority, TaskType } from '@app/handit';
import {
  OptionalBoolean,
  OptionalEnum,
  OptionalNested,
  OptionalQueryInt,
  OptionalText,
  RequiredEnum,
} from '../../http/dto-properties';

export const TASK_TYPES = TASK_TYPE_CATALOG.map((t) => t.type);
/** The most attempts a task may ask for; /capabilities reports it. */
export const MAX_TASK_ATTEMPTS = 20;

export class TaskOptionsDto {
  @ApiPropertyOptional({
    description: 'Per-attempt timeout in ms (default HANDIT_TASK_TIMEOUT_MS)',
    minimum: 100,
    example: 10000,
  })
  @IsOptional()
  @IsInt()
  @Min(100)
  timeoutMs?: number;

  @ApiPropertyOptional({
    description: 'Attempts for retryable failures (provider errors, crashed workers)',
    minimum: 1,
    maximum: MAX_TASK_ATTEMPTS,
    example: 3,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TASK_ATTEMPTS)
  maxAttempts?: number;

  @OptionalBoolean({ description: 'Use the result cache (and share identical work in flight)', default: true })
  cache?: boolean;
}

export class CreateTaskDto {
  @RequiredEnum(TASK_TYPES, { example: 'technical_analysis' })
  type: TaskType;

  @OptionalText(100, {
    description:
      'Model id, or `id@version` to pin a version (e.g. `equities-technical@v2`); omitted → the model is chosen ' +
      'by type and input.assetClass. Without a pinned version the model’s routing rule picks one (weighted, ' +
      'optionally sticky), else its champion. A retired version is refused (400, field model).',
    example: 'equities-technical',
  })
  @Matches(/^[a-z0-9-]+(@[A-Za-z0-9][A-Za-z0-9._-]{0,31})?$/, {
    message: 'must be a model id (lowercase letters, digits, dashes), optionally @version',
  })
  model?: string;

  @OptionalEnum(PRIORITIES, { default: 'normal' })
  priority?: Priority;

  @ApiProperty({
    description: 'Task input; its schema per type is in GET /api/v1/ai-orchestration/capabilities',
    type: 'object',
    additionalProperties: true,
    example: TASK_TYPE_CATALOG[4].example,
  })
  @IsObject()
  input: Record<string, unknown>;

  @OptionalNested(TaskOptionsDto)
  options?: TaskOptionsDto;

  @OptionalNested(TaskWebhookDto, {
    description: 'POSTed (signed, retried from a durable outbox) when this task finishes; see /api/v1/webhooks',
  })
  webhook?: TaskWebhookDto;
}

export class CreateTaskQueryDto {
  @OptionalQueryInt({
    description: 'Wait up to this many ms for the result: 200 with the finished task, else 202',
    minimum: 0,
    maximum: 300000,
    example: 5000,
  })
  wait?: number;
}
