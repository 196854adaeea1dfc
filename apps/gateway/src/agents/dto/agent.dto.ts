import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, Matches } from 'class-validator';
import { AGENT_KINDS, AGENT_STATUSES } from '@app/agent-coordinator';
import type { AgentKind, AgentStatus } from '@app/agent-coordinator';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { OptionalEnum, OptionalInt, OptionalText } from '../../http/dto-properties';

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
export const CAPABILITY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const NAME_MESSAGE = 'must be 1-100 letters, digits and ._:- starting with a letter or digit';

export class RegisterAgentDto {
  @ApiProperty({
    description: 'Unique among the agents the tenant sees (built-in agents are named after their model)',
    example: 'news-desk',
  })
  @IsString()
  @Matches(NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name: string;

  @ApiProperty({
    enum: ['external'],
    description:
      'Only external agents can be registered; built-in agents are registered by the service, one per specialist model',
    example: 'external',
  })
  @IsIn(['external'], {
    message: 'kind must be external: built-in agents are registered by the service (one per specialist model)',
  })
  kind: 'external';

  @ApiProperty({
    description: 'Task types or skills the agent handles; capability routing and broadcasts match on them',
    example: ['trading_signal', 'news_triage'],
    type: [String],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(CAPABILITY_PATTERN, { each: true, message: `each capability ${NAME_MESSAGE}` })
  capabilities: string[];

  @OptionalText(100, { description: 'The model behind the agent, for information', example: 'gpt-4o-mini' })
  model?: string;

  @OptionalInt({
    description: 'Messages the agent may hold leased at once (routing load is queued + in flight over this)',
    minimum: 1,
    maximum: 1000,
    default: 1,
    example: 4,
  })
  maxConcurrency?: number;

  @ApiPropertyOptional({ description: 'Free-form JSON, at most 16 KB', example: { team: 'macro', region: 'EU' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

export class UpdateAgentDto {
  @ApiPropertyOptional({ example: 'news-desk-2' })
  @IsOptional()
  @IsString()
  @Matches(NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name?: string;

  @ApiPropertyOptional({ example: ['trading_signal'], type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(CAPABILITY_PATTERN, { each: true, message: `each capability ${NAME_MESSAGE}` })
  capabilities?: string[];

  @OptionalInt({ minimum: 1, maximum: 1000, example: 2 })
  maxConcurrency?: number;

  @ApiPropertyOptional({ example: { team: 'macro' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

export class AgentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'trading_signal' })
  @IsOptional()
  @IsString()
  @Matches(CAPABILITY_PATTERN, { message: `capability ${NAME_MESSAGE}` })
  capability?: string;

  @OptionalEnum(AGENT_STATUSES) status?: AgentStatus;
  @OptionalEnum(AGENT_KINDS) kind?: AgentKind;
  @OptionalText(100, { example: 'forex-technical' }) name?: string;
}
