import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { MESSAGE_ROLES, SESSION_STATUSES, type MessageRole, type SessionStatus } from '@app/letta';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { IsMemoryContent } from './memory-properties';
import { OptionalNumber, OptionalQueryInt, OptionalText, RequiredNestedList } from '../../http/dto-properties';

export class CreateSessionDto {
  @OptionalText(200, { example: 'London open review', maxLength: 200 })
  title?: string;
  @ApiPropertyOptional({ example: { channel: 'desk-chat' } }) @IsOptional() @IsObject() metadata?: Record<
    string,
    unknown
  >;
}

export class MessageDto {
  @ApiProperty({ enum: MESSAGE_ROLES, example: 'user' })
  @IsIn(MESSAGE_ROLES, { message: `must be one of ${MESSAGE_ROLES.join(', ')}` })
  role: MessageRole;

  @ApiProperty({ example: 'Should I fade this EUR/USD breakout?' })
  @IsMemoryContent()
  content: string;

  @OptionalNumber({ minimum: 0, maximum: 1, default: 0.5 })
  importance?: number;
  @ApiPropertyOptional({ example: { tokens: 12 } }) @IsOptional() @IsObject() metadata?: Record<string, unknown>;
}

export class AppendMessagesDto {
  @RequiredNestedList(
    MessageDto,
    { minItems: 1, maxItems: 100 },
    { description: '1-100 messages, stored in this order' },
  )
  messages: MessageDto[];
}

export class EndSessionDto {
  @ApiPropertyOptional({
    example: 'Discussed fading the EUR/USD breakout; decided to wait for the ECB.',
    description: 'Stored as an episodic memory of the session',
  })
  @IsOptional()
  @IsMemoryContent()
  summary?: string;

  @OptionalNumber({ minimum: 0, maximum: 1, default: 0.7 })
  importance?: number;
}

export class ListSessionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SESSION_STATUSES })
  @IsOptional()
  @IsIn(SESSION_STATUSES, { message: `must be one of ${SESSION_STATUSES.join(', ')}` })
  status?: SessionStatus;
}

export class SessionMessagesQueryDto {
  @OptionalQueryInt({ minimum: 1, maximum: 500, default: 50, description: 'How many of the latest messages' })
  limit?: number;
}
