import { Module } from '@nestjs/common';
import { EvaluationsModule } from '@app/evaluations';
import { EvaluationsController } from './evaluations.controller';

/** HTTP routes of datasets and experiments under /api/v1/evaluations. */
@Module({
  imports: [EvaluationsModule],
  controllers: [EvaluationsController],
})
export class EvaluationsApiModule {}
