import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '@app/infrastructure';

/** `?limit=&cursor=` shared by every list route. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT, example: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    description: 'Opaque cursor from the previous page (`nextCursor`)',
    example: 'eyJrIjoiMjAyNi0xMS0yNVQxMjowMDowMC4wMDBaIiwiaSI6IjAxSkQzWjhYNlE0VzNONVI3VDlWMUIyQzNEIn0',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
