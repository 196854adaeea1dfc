import { ApiProperty } from '@nestjs/swagger';
import { Validate, type ValidatorConstraintInterface, ValidatorConstraint } from 'class-validator';
import { isLocalDate } from '@app/market-calendars';

/** A real calendar date `YYYY-MM-DD` (rejects 2026-02-30). */
@ValidatorConstraint({ name: 'localDate' })
export class IsLocalDateConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isLocalDate(value);
  }

  defaultMessage(): string {
    return 'must be a date YYYY-MM-DD';
  }
}

/** `?from=&to=`: trade dates in the venue's calendar, both included, at most CALENDARS_MAX_RANGE_DAYS apart. */
export class SessionsQueryDto {
  @ApiProperty({ description: 'First trade date (venue calendar), inclusive', example: '2026-11-23', format: 'date' })
  @Validate(IsLocalDateConstraint)
  from: string;

  @ApiProperty({
    description: 'Last trade date, inclusive; the range is at most CALENDARS_MAX_RANGE_DAYS (default 400) days',
    example: '2026-11-30',
    format: 'date',
  })
  @Validate(IsLocalDateConstraint)
  to: string;
}
