import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { HALT_SCOPES, type HaltScope } from '@app/langgraph';

const SCOPE = {
  enum: HALT_SCOPES,
  default: 'tenant',
  description: 'tenant: your tenant’s switch; global: every tenant’s (system admin only)',
};

/** Turns a kill switch on. */
export class HaltDto {
  @ApiPropertyOptional(SCOPE)
  @IsOptional()
  @IsIn(HALT_SCOPES)
  scope?: HaltScope;

  @ApiProperty({ example: 'Exchange outage: stop rebalancing until ops confirm prices', minLength: 1, maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

/** Turns a kill switch off. */
export class ResumeHaltDto {
  @ApiPropertyOptional(SCOPE)
  @IsOptional()
  @IsIn(HALT_SCOPES)
  scope?: HaltScope;
}
