import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsInt, IsObject, IsOptional, IsString, Matches, Min } from 'class-validator';
import { PROMPT_LABEL_PATTERN, PROMPT_NAME_PATTERN } from '@app/handit';
import { PROMPT_TYPES, type PromptType } from '@app/prompts';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { OptionalText, RequiredEnum, stacked } from '../../http/dto-properties';

/** A new version of a prompt (the first version creates the prompt). */
export class CreatePromptDto {
  @ApiProperty({ example: 'market-analyst', pattern: PROMPT_NAME_PATTERN.source })
  @IsString()
  @Matches(PROMPT_NAME_PATTERN)
  name: string;

  @RequiredEnum(PROMPT_TYPES, { example: 'chat' })
  type: PromptType;

  @ApiProperty({
    description:
      'A text prompt: a string. A chat prompt: `[{ role: system|user|assistant, content }]` (at most 100). ' +
      '`{{variable}}` marks a variable, filled in by compile or by a model call naming the prompt.',
    oneOf: [
      { type: 'string', maxLength: 100000 },
      {
        type: 'array',
        maxItems: 100,
        items: {
          type: 'object',
          required: ['role', 'content'],
          properties: { role: { type: 'string', enum: ['system', 'user', 'assistant'] }, content: { type: 'string' } },
        },
      },
    ],
    example: [{ role: 'system', content: 'You are a {{style}} markets analyst for the {{desk}} desk.' }],
  })
  @IsDefined()
  prompt: unknown;

  @ApiPropertyOptional({ example: { temperature: 0.2 }, description: 'Kept with the version (at most 16 KB)' })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: [String],
    example: ['staging'],
    description: 'Labels to put on this version (moved from others); `latest` is always the newest',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(PROMPT_LABEL_PATTERN, { each: true })
  labels?: string[];

  @OptionalText(500, { example: 'Shorter answers' })
  commitMessage?: string;
}

/** A version's labels, replacing the ones it had. */
export class SetPromptLabelsDto {
  @ApiProperty({ type: [String], example: ['production'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(PROMPT_LABEL_PATTERN, { each: true })
  labels: string[];
}

/** `label`: which version, by one of its labels. */
const OptionalLabel = () =>
  stacked(
    ApiPropertyOptional({ example: 'production', pattern: PROMPT_LABEL_PATTERN.source }),
    IsOptional(),
    IsString(),
    Matches(PROMPT_LABEL_PATTERN),
  );

/** Which version: by label (default `production`) or by number. */
export class PromptSelectorQueryDto {
  @OptionalLabel()
  label?: string;

  // No example: one selector at a time (label or version), and the label example is the tour's.
  @ApiPropertyOptional({ minimum: 1, description: 'A version number, instead of a label' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

/** Compile: which version, and the variables to fill in. */
export class CompilePromptDto {
  @OptionalLabel()
  label?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'A version number, instead of a label' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({
    example: { style: 'concise', desk: 'G10 FX' },
    description: 'Every variable of the prompt, as strings; a missing or unknown one is a 400 naming it',
  })
  @IsOptional()
  @IsObject()
  variables?: Record<string, string>;
}

export class PromptListQueryDto extends PageQueryDto {}
