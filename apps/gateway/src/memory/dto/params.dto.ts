import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IDENTIFIER_PATTERN } from '@app/infrastructure';
import { stacked } from '../../http/dto-properties';

/** ULIDs as `newId()` makes them: 26 characters of Crockford base32. */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/i;
export const BLOCK_LABEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export class AgentParams {
  @ApiProperty({
    description: "Agent id, unique within the caller's tenant",
    example: 'fx-trader-1',
    pattern: IDENTIFIER_PATTERN.source,
  })
  @Matches(IDENTIFIER_PATTERN, {
    message: 'must be 1-128 characters of letters, digits, . _ @ - starting with a letter or digit',
  })
  agentId: string;
}

/** A path segment documented and checked with one pattern. */
const PathPattern = (pattern: RegExp, example: string, message: string) =>
  stacked(ApiProperty({ example, pattern: pattern.source }), Matches(pattern, { message }));

export class MemoryParams extends AgentParams {
  @PathPattern(ULID_PATTERN, '01JD3Z8X6Q4W3N5R7T9V1B2C3D', 'must be a memory id (26-character ULID)')
  memoryId: string;
}

export class BlockParams extends AgentParams {
  @PathPattern(
    BLOCK_LABEL_PATTERN,
    'persona',
    'must be 1-64 characters of letters, digits, . _ - starting with a letter or digit',
  )
  label: string;
}

export class SessionParams extends AgentParams {
  @PathPattern(ULID_PATTERN, '01JD3Z8X6Q4W3N5R7T9V1B2C3E', 'must be a session id (26-character ULID)')
  sessionId: string;
}
