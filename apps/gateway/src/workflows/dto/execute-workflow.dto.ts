import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsInt, IsObject, IsOptional, Matches, Min } from 'class-validator';
import { RunWebhookDto } from '../../webhooks/dto/webhook.dto';
import { WORKFLOW_TEMPLATES } from '@app/langgraph';
import { OptionalEnum, OptionalNested, OptionalQueryInt } from '../../http/dto-properties';

const TRADING = WORKFLOW_TEMPLATES.find((t) => t.name === 'trading-analysis')!;

export class ExecuteWorkflowDto {
  @ApiProperty({
    description:
      'A template name (trading-analysis, market-scan, portfolio-rebalance), a registered workflow name, or an ' +
      'inline definition (same format as POST /workflows)',
    oneOf: [
      { type: 'string', example: 'trading-analysis' },
      { type: 'object', additionalProperties: true },
    ],
    example: 'trading-analysis',
  })
  @IsDefined()
  workflow: string | Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Version of a registered workflow (default: latest); templates have version 1',
    minimum: 1,
    example: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiProperty({
    description: "The run input; it must satisfy the workflow's inputSchema (GET /api/v1/orchestration/workflows)",
    type: 'object',
    additionalProperties: true,
    example: TRADING.example,
  })
  @IsObject()
  input: Record<string, unknown>;

  @OptionalEnum(['async', 'sync'], {
    default: 'async',
    description: 'sync waits (up to WORKFLOW_MAX_WAIT_MS) until the run finishes or asks for approval',
  })
  mode?: 'async' | 'sync';

  @ApiPropertyOptional({
    description:
      'Execution time bound of the run in ms (time waiting for a human not counted); default WORKFLOW_RUN_TIMEOUT_MS',
    minimum: 100,
    example: 120000,
  })
  @IsOptional()
  @IsInt()
  @Min(100)
  timeoutMs?: number;

  @ApiPropertyOptional({
    description:
      'Your key for this run: executing again with the same threadId returns the same run (200, Idempotent-Replayed)',
    example: 'desk-7:aapl:2026-11-25',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,200}$/, { message: 'must be 1-200 characters of letters, digits and ._:-' })
  threadId?: string;

  @OptionalNested(RunWebhookDto, {
    description:
      'POSTed (signed, retried from a durable outbox) when this run finishes or waits for approval; see /api/v1/webhooks',
  })
  webhook?: RunWebhookDto;
}

export class ExecuteQueryDto {
  @OptionalQueryInt({
    description: 'Wait up to this many ms for the run to finish or ask for approval (bounded by WORKFLOW_MAX_WAIT_MS)',
    minimum: 0,
    maximum: 300000,
    example: 10000,
  })
  wait?: number;
}
