import { OptionalQueryInt } from '../../http/dto-properties';

export class CheckpointQueryDto {
  @OptionalQueryInt({ minimum: 1, maximum: 100, default: 20, example: 20 })
  limit?: number;
}
