import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, ArrayMaxSize } from 'class-validator';
import { PRIORITIES, type Priority } from '@app/handit';
import { EVALUATOR_TYPES, IMPORT_FORMATS, IMPORT_MODES, type ImportFormat, type ImportMode } from '@app/evaluations';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import {
  OptionalEnum,
  OptionalQueryInt,
  OptionalText,
  RequiredEnum,
  RequiredNested,
  RequiredText,
} from '../../http/dto-properties';

export class CreateDatasetDto {
  @ApiProperty({ example: 'spx-daily-signals', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/)
  name: string;

  @OptionalText(1000, { example: 'S&P 500 daily cases with 5-day forward closes' })
  description?: string;
}

/** Items imported as the dataset's next version. */
export class ImportItemsDto {
  @RequiredEnum(IMPORT_FORMATS, { example: 'json' })
  format: ImportFormat;

  @ApiPropertyOptional({
    description: 'format json: `[{ input, expectedOutput?, metadata? }]` (at most 10 000 per version)',
    type: 'array',
    items: { type: 'object' },
    example: [{ input: { question: '2+2?' }, expectedOutput: { answer: 4 } }],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  items?: unknown[];

  @OptionalText(5_000_000, {
    description:
      'format csv: a header row; columns input / expectedOutput / metadata hold JSON, any other column is an input field',
    example: 'symbol,expectedOutput\nAAPL,"{""action"":""buy""}"',
  })
  csv?: string;

  @OptionalEnum(IMPORT_MODES, { default: 'append', example: 'append' })
  mode?: ImportMode;
}

export class DatasetItemsQueryDto {
  @ApiPropertyOptional({ example: 1, minimum: 1, description: 'Default: the latest version' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

/** What the experiment runs on each item. */
export class ExperimentTargetDto {
  @RequiredEnum(['task'], { example: 'task' })
  kind: 'task';

  @RequiredText(64, { example: 'trading_signal' })
  taskType: string;

  @OptionalText(100, { example: 'equities-technical' })
  model?: string;

  @OptionalText(64, {
    example: 'v2-fast-rsi',
    description: "A model-version reference, kept as given (handit's model versions once they exist)",
  })
  modelVersion?: string;

  @ApiPropertyOptional({
    example: { options: { rsiPeriod: 7 } },
    description: 'Merged into each item input (e.g. the model parameters of the version under test)',
  })
  @IsOptional()
  @IsObject()
  parameters?: Record<string, unknown>;
}

export class CreateExperimentDto {
  @RequiredText(100, { example: 'signals v2 fast RSI' })
  name: string;

  @RequiredText(40, { example: '01JD3Z7R2M0P9K8J7H6G5F4E3D' })
  datasetId: string;

  @ApiPropertyOptional({ example: 1, minimum: 1, description: 'Default: the latest version' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  datasetVersion?: number;

  @RequiredNested(ExperimentTargetDto)
  target: ExperimentTargetDto;

  @ApiProperty({
    description:
      `Evaluators (${EVALUATOR_TYPES.join(', ')}): \`{ type: exact_match, field? }\`, ` +
      '`{ type: numeric_tolerance, fields: { "path": tolerance } }`, `{ type: json_schema, schema }`, ' +
      '`{ type: signal_outcome, horizon }` (expectedOutput.forwardCloses holds the closes after the signal), ' +
      '`{ type: llm_judge, criteria }` (the configured LLM scores 0..1; 503 without one)',
    type: 'array',
    items: { type: 'object' },
    example: [{ type: 'signal_outcome', horizon: 5 }],
  })
  @IsArray()
  @ArrayMaxSize(10)
  evaluators: unknown[];

  @OptionalEnum(PRIORITIES, { default: 'low', example: 'low' })
  priority?: Priority;
}

export class ExperimentWaitQueryDto {
  @OptionalQueryInt({ example: 0, minimum: 0, maximum: 30000, description: 'Wait up to this long for the end' })
  wait?: number;
}

export class EvaluationListQueryDto extends PageQueryDto {}
