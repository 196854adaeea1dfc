import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_TAGS, MEMORY_TYPES, TAG_PATTERN } from '@app/letta';
import { stacked } from '../../http/dto-properties';

// A hard ceiling before configuration is consulted (MEMORY_MAX_CONTENT_CHARS is checked after).
export const CONTENT_HARD_MAX = 1_000_000;
export const TAG_MESSAGE =
  'each tag must be 1-64 characters of letters, digits, . _ : / - starting with a letter or digit';

/** Text a memory or message holds: not empty, and under the hard ceiling. */
export const IsMemoryContent = () => stacked(IsString(), IsNotEmpty(), MaxLength(CONTENT_HARD_MAX));

/** One of the memory types, named in the message when it is not. */
export const IsMemoryType = () => IsIn(MEMORY_TYPES, { message: `must be one of ${MEMORY_TYPES.join(', ')}` });

/** Optional tags: at most MAX_TAGS, each a TAG_PATTERN. */
export const OptionalTags = (options: ApiPropertyOptions) =>
  stacked(
    ApiPropertyOptional(options),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_TAGS),
    IsString({ each: true }),
    Matches(TAG_PATTERN, { each: true, message: TAG_MESSAGE }),
  );
