import { OptionalDate } from '../../http/dto-properties';

/** `?at=`: the instant to report on; the service clock's now when absent. */
export class StatusQueryDto {
  @OptionalDate({ example: '2026-11-27T17:30:00Z' })
  at?: Date;
}
