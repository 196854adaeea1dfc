import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

/** The human decision for an approval interrupt. */
export class ResumeRunDto {
  @ApiProperty({ description: 'true approves (the run takes the approved path), false rejects', example: true })
  @IsBoolean() approved: boolean;

  @ApiPropertyOptional({ description: 'Shown in the run output and the report', maxLength: 2000, example: 'Within the desk limit after netting' })
  @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}
