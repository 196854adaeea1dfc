import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { OptionalText, RequiredText } from '../../http/dto-properties';

export class PutBlockDto {
  @RequiredText(1_000_000, {
    example: 'You are a disciplined FX trader. Never risk more than 1% per trade.',
    description: "At most the block's limitChars characters",
  })
  value: string;

  @ApiPropertyOptional({
    minimum: 1,
    example: 2000,
    description:
      "Size limit in characters; default: the block's current limit, else MEMORY_BLOCK_LIMIT_CHARS; at most " +
      'MEMORY_BLOCK_MAX_LIMIT_CHARS',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  limitChars?: number;

  @OptionalText(500, { example: 'Who the agent is', maxLength: 500 })
  description?: string;
}
