import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { DELIVERY_STATUSES, WEBHOOK_EVENTS, WEBHOOK_URL_MAX_CHARS } from '@app/webhooks';

const TASK_WEBHOOK_EVENTS = WEBHOOK_EVENTS.filter((event) => event.startsWith('task.'));
const RUN_WEBHOOK_EVENTS = WEBHOOK_EVENTS.filter((event) => event.startsWith('run.'));
import type { DeliveryStatus, WebhookEvent } from '@app/webhooks';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { OptionalEnum, OptionalText } from '../../http/dto-properties';

const SECRET_DESCRIPTION =
  'Your signing secret (16–200 printable characters); omitted → one is generated and shown once in the answer';

/** POST /api/v1/webhooks: a tenant subscription. */
export class CreateWebhookDto {
  @ApiProperty({
    description:
      'Where to POST (http or https). Private, loopback and link-local targets are refused unless listed in WEBHOOK_ALLOWLIST',
    maxLength: WEBHOOK_URL_MAX_CHARS,
    example: 'https://hooks.example.com/ai-orchestration',
  })
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_CHARS)
  url: string;

  @ApiProperty({
    description: 'Events to deliver',
    type: [String],
    enum: WEBHOOK_EVENTS,
    example: ['task.succeeded', 'task.failed', 'run.succeeded', 'run.interrupted'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events: WebhookEvent[];

  @OptionalText(200, { maxLength: 200, example: 'Desk EQ signal bus' })
  description?: string;

  @ApiPropertyOptional({ description: SECRET_DESCRIPTION, minLength: 16, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' })
  secret?: string;
}

const TARGET_SECRET_DESCRIPTION =
  'Signing secret (16–200 printable characters); omitted → the tenant’s webhook secret (POST /api/v1/webhooks/secret)';

/** What the webhook given with a task or a run has: where, and how it is signed. */
class TargetWebhookBase {
  @ApiProperty({ maxLength: WEBHOOK_URL_MAX_CHARS, example: 'https://hooks.example.com/ai-orchestration' })
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_CHARS)
  url: string;

  @ApiPropertyOptional({
    description: TARGET_SECRET_DESCRIPTION,
    minLength: 16,
    maxLength: 200,
    example: 'desk-eq-webhook-secret-2026',
  })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' })
  secret?: string;
}

/** `webhook` on task creation: POSTed when the task finishes. */
export class TaskWebhookDto extends TargetWebhookBase {
  @ApiPropertyOptional({
    description: 'Which of this task’s events to deliver; omitted → every final status',
    type: [String],
    enum: TASK_WEBHOOK_EVENTS,
    example: ['task.succeeded', 'task.failed'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events?: WebhookEvent[];
}

/** `webhook` on run creation: POSTed when the run finishes or waits for approval. */
export class RunWebhookDto extends TargetWebhookBase {
  @ApiPropertyOptional({
    description: 'Which of this run’s events to deliver; omitted → every final status and run.interrupted',
    type: [String],
    enum: RUN_WEBHOOK_EVENTS,
    example: ['run.succeeded', 'run.interrupted'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events?: WebhookEvent[];
}

/** GET /api/v1/webhooks/deliveries filters. */
export class DeliveryListQueryDto extends PageQueryDto {
  @OptionalText(64, { description: 'Only this subscription’s (or task/run webhook’s) deliveries' })
  subscriptionId?: string;

  @OptionalEnum(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @OptionalEnum(WEBHOOK_EVENTS)
  event?: WebhookEvent;
}
