import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '@app/infrastructure';
import { OptionalText } from '../dto-properties';

/** `?limit=&cursor=` shared by every list route. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT, example: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;

  @OptionalText(512, {
    // No example: Swagger UI would send it, and a made-up cursor is refused (400); the first page has none.
    description: 'Opaque cursor from the previous page (`nextCursor`); omit for the first page',
  })
  cursor?: string;
}
